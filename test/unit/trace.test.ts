// The multi-log tracer on whole flows (test/fixtures/trace/*): the expected path of each message,
// its origin, its hops (host, file, lines) and where each recipient's copy ended.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { timelines } from '../../server/src/logs/files';
import { LogSet } from '../../server/src/logs/logSet';
import { parseQuery, TraceLog, TraceMessage, TraceSet } from '../../server/src/engine/traceLogs';
import { messageSummary, traceJson, traceText } from '../../server/src/engine/traceText';
import { lineTime } from '../../server/src/engine/time/lineTime';
import { Years } from '../../server/src/engine/time/years';
import { fixtures } from './helpers';

const dir = (name: string) => path.join(fixtures, 'trace', name);
const filesOf = (name: string) => (fs.readdirSync(dir(name), { recursive: true }) as string[]).map((f) => path.join(dir(name), f)).filter((f) => fs.statSync(f).isFile());
const label = (f: string) => path.relative(path.join(fixtures, 'trace'), f);

async function trace(name: string, query: string, year = 2026): Promise<TraceMessage[]> {
  const logs = await LogSet.index(filesOf(name), { year, label });
  return logs.trace(query);
}
const summaries = (ms: TraceMessage[]) => ms.map(messageSummary);
const hops = (m: TraceMessage) => m.hops.map((h) => `${h.record.queueId}@${h.record.host}`);

test('inbound: smtpd → amavis → re-injection (queued as + same Message-ID) → LMTP → mailbox folder; overquota shown as such', async () => {
  const ms = await trace('inbound', '<in-1@partner.org>');
  assert.deepEqual(summaries(ms), [
    'mail.partner.org [198.51.100.7] → 1A2B3C4D5E6 → amavis CLEAN → 2B3C4D5E6F7 → bob@example.com: mbox01.example.com Inbox ✓ delivered; carol@example.com: mbox01.example.com ✗ overquota',
  ]);
  const m = ms[0];
  assert.deepEqual(m.origin, { via: 'smtp', ip: '198.51.100.7', client: 'mail.partner.org' });
  const bob = m.deliveries.find((d) => d.delivery.recipient === 'bob@example.com' && d.mailbox)!;
  assert.equal(bob.mailbox!.account, 'bob@example.com');
  assert.equal(bob.mailbox!.folder, 'Inbox', 'the same Message-ID a day later (Junk) is outside the time window');
  assert.deepEqual(bob.mailbox!.events.map((e) => e.line + 1), [2, 3]);
  const carol = m.deliveries.find((d) => d.delivery.recipient === 'carol@example.com' && d.mailbox)!;
  assert.equal(carol.mailbox!.status, 'overquota');
  // Any hop's queue ID, the Message-ID without <>, the sender and a recipient all find the same path.
  for (const q of ['1A2B3C4D5E6', '2B3C4D5E6F7', 'in-1@partner.org', 'alice@partner.org', 'Carol@Example.com']) {
    assert.deepEqual(summaries(await trace('inbound', q)), summaries(ms), q);
  }
});

test('outbound: SMTP AUTH → DKIM signer (orig_queue_id) → amavis → remote MX, one recipient deferred then sent', async () => {
  const ms = await trace('outbound', '7C3E4F50612');
  assert.deepEqual(summaries(ms), [
    'dave@example.com (SMTP AUTH from 192.0.2.55) → 5A1C2D3E4F0 → 6B2D3E4F501 → amavis CLEAN → 7C3E4F50612 → ops@partner.org: mx.partner.org ✓ sent; sales@far.example: mx.far.example ✓ sent',
  ]);
  const m = ms[0];
  assert.deepEqual(m.origin, { via: 'smtp-auth', account: 'dave@example.com', ip: '192.0.2.55', client: 'laptop.example.com' });
  const sales = m.deliveries.filter((d) => d.delivery.recipient === 'sales@far.example' && d.hop.record.queueId === '7C3E4F50612');
  assert.deepEqual(sales.map((d) => d.delivery.status), ['deferred', 'sent']);
  assert.deepEqual(m.hops.map((h) => h.amavis?.verdict), [undefined, 'CLEAN', undefined]);
});

test('webmail: the mailbox server names the account, the client address (oip=) and the client (ua=)', async () => {
  const ms = await trace('webmail', '9E5061728AB');
  assert.equal(ms.length, 1);
  assert.deepEqual(ms[0].origin.via, 'webmail');
  assert.equal(ms[0].origin.account, 'erin@example.com');
  assert.equal(ms[0].origin.ip, '198.51.100.99');
  assert.equal(ms[0].origin.client, 'ZimbraWebClient - FF131 (Linux)/10.1.2_GA');
  assert.deepEqual(hops(ms[0]), ['8D4F5061723@mta01', '9E5061728AB@mta01']);
  // The copy added to Sent is not an LMTP delivery.
  assert.ok(ms[0].deliveries.every((d) => !d.mailbox));
  const text = traceText(ms).text;
  assert.match(text, /^  webmail \(mailbox server\)\n    2026-10-13 12:00:00,100 INFO .* smtp - Sending message to MTA at mta01\.example\.com, port 25: .*  webmail\/mailbox\.log:1$/m);
});

test('bounce: an unknown user at the mailbox server, and the notification as a child message', async () => {
  const ms = await trace('bounce', 'bnc-1@partner.org');
  assert.deepEqual(summaries(ms), [
    'mail.partner.org [198.51.100.7] → A1B2C3D4E5F → amavis CLEAN → B2C3D4E5F60 → mbox01.example.com ✗ unknown-user',
    'bounce → C3D4E5F6071 → mx.partner.org ✓ sent',
  ]);
  assert.deepEqual(ms[1].parent, { queueId: 'B2C3D4E5F60', host: 'mta01', kind: 'bounce' });
  assert.equal(ms[1].origin.via, 'notification');
  // The child's own queue ID finds the child, still marked as a bounce.
  const child = await trace('bounce', 'C3D4E5F6071');
  assert.deepEqual(summaries(child), ['bounce → C3D4E5F6071 → mx.partner.org ✓ sent']);
  assert.equal(child[0].parent?.queueId, 'B2C3D4E5F60');
});

test('discarded spam ends with the amavis verdict; the notification amavis injects at the same moment is not linked', async () => {
  const spam = await trace('discard', 'D1E2F3A4B5C');
  assert.deepEqual(summaries(spam), ['unknown [203.0.113.66] → D1E2F3A4B5C → amavis Blocked SPAM → discarded by amavis']);
  assert.equal(spam[0].hops.length, 1);
  const note = await trace('discard', 'E2F3A4B5C6D');
  assert.deepEqual(summaries(note), ['localhost [127.0.0.1] → E2F3A4B5C6D → lmtp mbox01 ✓ sent']);
  assert.equal(note[0].messageId, 'SA1f2e3d@mta01.example.com');
});

test('two MTAs with a colliding short queue ID: one message per host; a relay between them is followed', async () => {
  const ms = await trace('mtas', '4A1B2C3D4E5');
  assert.deepEqual(summaries(ms), [
    'mail.partner.org [198.51.100.7] → 4A1B2C3D4E5 → mbox02.branch.example.com Inbox ✓ delivered',
    'frank@example.com (SMTP AUTH from 192.0.2.66) → 4A1B2C3D4E5@mta01 → 5B2C3D4E5F6@mta02 → mbox02.branch.example.com Projects ✓ delivered',
  ]);
  assert.deepEqual(summaries(await trace('mtas', '5B2C3D4E5F6')), [summaries(ms)[1]]);
  assert.deepEqual(ms[1].hops.map((h) => h.log.files[0].name), ['mtas/mta1/zimbra.log', 'mtas/mta2/zimbra.log']);
  // Both hosts in one central log: the same answer.
  const central = new TraceLog();
  central.beginFile('central.log');
  const lines = filesOf('mtas').filter((f) => f.endsWith('zimbra.log')).flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean));
  central.appendText(lines.sort((a, b) => a.slice(0, 15).localeCompare(b.slice(0, 15))).join('\n') + '\n');
  const mbox = new TraceLog();
  mbox.beginFile('mailbox.log');
  mbox.appendText(fs.readFileSync(path.join(dir('mtas'), 'mta2', 'mailbox.log'), 'utf8'));
  const set = new TraceSet([central.finish(2026), mbox.finish(2026)]);
  assert.deepEqual(set.query('4A1B2C3D4E5').map(messageSummary), summaries(ms));
});

test('rotation: zimbra.log.2.gz, zimbra.log.1 and zimbra.log are one timeline; a reused queue ID is two messages', async () => {
  assert.deepEqual(timelines(['/l/zimbra.log', '/l/zimbra.log.1', '/l/zimbra.log.2.gz', '/l/mailbox.log', '/m/zimbra.log']), [
    ['/l/zimbra.log.2.gz', '/l/zimbra.log.1', '/l/zimbra.log'],
    ['/l/mailbox.log'],
    ['/m/zimbra.log'],
  ]);
  const across = await trace('rotation', 'E00000000B2');
  assert.deepEqual(summaries(across), ['mail.partner.org [198.51.100.7] → E00000000B1 → E00000000B2 → lmtp mbox01 ✓ sent']);
  const j = traceJson(across).messages[0];
  assert.deepEqual(j.hops.map((h) => [h.queueId, h.file, h.firstLine, h.lastLine]), [
    ['E00000000B1', 'rotation/zimbra.log.2.gz', 6, 10],
    ['E00000000B2', 'rotation/zimbra.log.1', 1, 5],
  ]);
  const spanning = traceJson(await trace('rotation', 'rot-3@partner.org')).messages;
  assert.deepEqual(spanning[0].hops.map((h) => [h.file, h.firstLine, h.lastFile, h.lastLine]), [['rotation/zimbra.log.1', 6, 'rotation/zimbra.log', 2]]);
  assert.deepEqual(spanning[0].deliveries.map((d) => d.status), ['sent']);
  const reused = await trace('rotation', 'F00000000A1');
  assert.deepEqual(reused.map((m) => m.messageId), ['old-1@partner.org', 'new-1@partner.org']);
});

test('December → January: the year turns inside the log; the mailbox line of the right year matches', async () => {
  const ms = await trace('newyear', 'ny-1@partner.org', 2027);
  assert.deepEqual(summaries(ms), ['mail.partner.org [198.51.100.7] → 0A0B0C0D0E0 → 1B1C1D1E1F1 → mbox01.example.com Inbox ✓ delivered']);
  // From the file's modification time: copied with an mtime of 2 January 2027.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-ny-'));
  for (const f of filesOf('newyear')) {
    const to = path.join(tmp, path.basename(f));
    fs.copyFileSync(f, to);
    fs.utimesSync(to, new Date(2027, 0, 2), new Date(2027, 0, 2));
  }
  const set = await LogSet.index(fs.readdirSync(tmp).map((f) => path.join(tmp, f)));
  assert.deepEqual((await set.trace('1B1C1D1E1F1')).map(messageSummary), summaries(ms));
  // A log that ends in December, read in January: its last line is of the year before.
  const y = new Years();
  y.observe(0, 'Dec 30 10:00:00 h p: x');
  y.observe(1, 'Dec 31 10:00:00 h p: x');
  y.finish(new Date(2027, 0, 3));
  assert.equal(y.at(1), 2026);
  assert.equal(lineTime('Jan  1 00:00:01 mta01 x: y', 2027), Date.UTC(2027, 0, 1, 0, 0, 1));
  assert.equal(lineTime('2015-05-25T13:24:54.453188-03:00 h p: x', 0), Date.UTC(2015, 4, 25, 13, 24, 54, 453));
  assert.equal(lineTime('2026-10-13 10:17:09,401 INFO  [x] [] y - z', 0), Date.UTC(2026, 9, 13, 10, 17, 9, 401));
});

test('queries: queue ID, Message-ID with or without <>, address; nothing on timing alone', () => {
  assert.deepEqual(parseQuery('17B8ED411FA6'), { queueId: '17B8ED411FA6' });
  assert.deepEqual(parseQuery('<a@b>'), { messageId: 'a@b' });
  assert.deepEqual(parseQuery(' Bob@Example.com '), { messageId: 'Bob@Example.com', address: 'bob@example.com' });
  assert.deepEqual(parseQuery(''), {});
});

test('text: every log line followed by file:line, locations for go-to links', async () => {
  const ms = await trace('inbound', 'in-1@partner.org');
  const { text, locations } = traceText(ms);
  const lines = text.split('\n');
  for (const loc of locations) assert.ok(lines[loc.textLine].endsWith(`  ${loc.file}:${loc.line}`), lines[loc.textLine]);
  assert.deepEqual(locations.map((l) => `${l.file}:${l.line}`), [
    ...[2, 3, 4, 6, 12, 13, 14].map((n) => `inbound/zimbra.log:${n}`),
    ...[8, 9, 10, 15, 16, 17].map((n) => `inbound/zimbra.log:${n}`),
    'inbound/mailbox.log:2',
    'inbound/mailbox.log:3',
    'inbound/mailbox.log:4',
  ]);
});

test('copied logs (new modification time): the syslog year follows the mailbox.log of the same set', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-copy-'));
  for (const f of filesOf('inbound')) {
    const to = path.join(tmp, path.basename(f));
    fs.copyFileSync(f, to);
    fs.utimesSync(to, new Date(2028, 2, 1), new Date(2028, 2, 1));
  }
  const set = await LogSet.index(fs.readdirSync(tmp).map((f) => path.join(tmp, f)));
  assert.deepEqual((await set.trace('in-1@partner.org')).map(messageSummary), summaries(await trace('inbound', 'in-1@partner.org')));
});
