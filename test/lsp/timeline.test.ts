// zimbraLogs/timeline over stdio: a folder's logs (a rotated .gz included) on one time axis, with
// progress notifications; a log URI and its rotations; a log that grows is followed (only the
// appended bytes read, the flagged accounts with them); the lines
// of a range, the MTA log's collated.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { TimelineLinesRequest, TimelineProgressNotification, TimelineProgressParams, TimelineRequest } from '../../common/protocol';
import { root, TestServer } from './client';

let server: TestServer;
const progress: TimelineProgressParams[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-lsp-'));
const samples = path.join(root, 'samples');

before(async () => {
  // The samples' zimbra.log split in two: its first half rotated and compressed.
  const lines = fs.readFileSync(path.join(samples, 'zimbra.log'), 'utf8').split(/(?<=\n)/);
  const half = lines.length >> 1;
  fs.writeFileSync(path.join(dir, 'zimbra.log.1.gz'), zlib.gzipSync(lines.slice(0, half).join('')));
  fs.writeFileSync(path.join(dir, 'zimbra.log'), lines.slice(half).join(''));
  for (const f of ['mailbox.log', 'audit.log']) fs.copyFileSync(path.join(samples, f), path.join(dir, f));
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), new Date('2026-10-14'), new Date('2026-10-14'));
  server = await TestServer.start();
  server.connection.onNotification(TimelineProgressNotification, (p) => progress.push(p));
});
after(() => server.stop());

const folder = () => pathToFileURL(dir).toString();

test('zimbraLogs/timeline of a folder: every log (the .gz too) on one axis, as the CLI counts them, with progress', async () => {
  const r = await server.connection.sendRequest(TimelineRequest, { folder: folder(), progressId: 'p1' });
  assert.deepEqual([...r.labels].sort(), ['audit.log', 'mailbox.log', 'zimbra.log', 'zimbra.log.1.gz']);
  assert.equal(r.files.length, 4);
  assert.ok(r.files.every((f) => f.startsWith('file://')));
  const cli = JSON.parse(execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'timeline', '--json', ...['zimbra.log', 'mailbox.log', 'audit.log'].map((f) => path.join(samples, f)), '--year', '2026'], { encoding: 'utf8' }));
  assert.deepEqual(r.report.totals, cli.totals);
  assert.deepEqual(r.report.buckets.filter((b) => b.delivered + b.deferred + b.bounced + b.rejected + b.errors + b.failedLogins > 0), cli.buckets.filter((b: { delivered: number; deferred: number; bounced: number; rejected: number; errors: number; failedLogins: number }) => b.delivered + b.deferred + b.bounced + b.rejected + b.errors + b.failedLogins > 0));
  assert.deepEqual(r.report.restarts, cli.restarts);
  // The first line of a bucket names a file of the answer.
  assert.ok(r.report.firstLines.every((l) => l.file >= 0 && l.file < r.files.length && l.line >= 0));
  const mine = progress.filter((p) => p.progressId === 'p1');
  assert.ok(mine.length >= 1, 'progress notifications');
  assert.equal(mine.at(-1)!.read, mine.at(-1)!.total);
});

test('zimbraLogs/timeline of one log: it and its rotations only; a log that grows is followed, only its new bytes read', async () => {
  const uri = pathToFileURL(path.join(dir, 'zimbra.log')).toString();
  const original = fs.readFileSync(path.join(dir, 'zimbra.log'));
  after(() => fs.writeFileSync(path.join(dir, 'zimbra.log'), original));
  const r = await server.connection.sendRequest(TimelineRequest, { uri });
  assert.deepEqual(r.labels, ['zimbra.log.1.gz', 'zimbra.log']);
  assert.equal(r.report.totals.errors, 0, 'no mailbox.log');
  assert.ok(r.bytesRead > fs.statSync(path.join(dir, 'zimbra.log')).size, 'read whole: both files');
  const before = r.report.totals.deferred;
  const line = 'Oct 13 10:30:00 mta01 postfix/lmtp[31003]: ABCDEF12345: to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, delays=0/0/0/0.2, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)\n';
  fs.appendFileSync(path.join(dir, 'zimbra.log'), line);
  const again = await server.connection.sendRequest(TimelineRequest, { uri });
  assert.equal(again.report.totals.deferred, before + 1);
  assert.equal(again.report.buckets.at(-1)!.start, '2026-10-13T10:30:00');
  assert.equal(again.bytesRead, Buffer.byteLength(line), 'only the appended line was read');
  // Five SMTP AUTH logins of one account from five addresses: the account report flags it, as the counts grow.
  const logins = ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5'].map((ip, i) => `Oct 13 10:3${i + 1}:00 mta01 postfix/submission/smtpd[20091]: 5A00000000${i}: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=mallory@example.com\n`).join('');
  fs.appendFileSync(path.join(dir, 'zimbra.log'), logins);
  const flagged = await server.connection.sendRequest(TimelineRequest, { uri });
  assert.equal(flagged.bytesRead, Buffer.byteLength(logins));
  assert.deepEqual(flagged.report.flagged.map(({ account, first, last }) => ({ account, first, last })), [{ account: 'mallory@example.com', first: '2026-10-13T10:31:00', last: '2026-10-13T10:35:00' }]);
  assert.match(flagged.report.flagged[0].reason, /^5 client addresses within an hour/);
  // The first line behind it, to reveal: the first of those logins.
  const count = fs.readFileSync(path.join(dir, 'zimbra.log'), 'utf8').split('\n').length - 1;
  assert.deepEqual(flagged.report.flagged[0].at, { file: 1, line: count - 5 });
  // A log replaced by a shorter one is read again whole.
  fs.writeFileSync(path.join(dir, 'zimbra.log'), line);
  const replaced = await server.connection.sendRequest(TimelineRequest, { uri });
  assert.ok(replaced.bytesRead > Buffer.byteLength(line), 'both files read again');
  assert.deepEqual(replaced.report.flagged, []);
});

test('zimbraLogs/timelineLines: a range’s lines, the MTA log’s collated, mailbox.log’s as they are', async () => {
  const text = await server.connection.sendRequest(TimelineLinesRequest, { folder: folder(), from: '2026-10-13T10:17:00', to: '2026-10-13T10:18:00' });
  assert.match(text, /^Lines from 2026-10-13T10:17:00 to 2026-10-13T10:18:00/);
  assert.match(text, /== zimbra\.log(\.1\.gz)?: \d+ lines, collated ==/);
  // Every log line in it is of that minute.
  const logLines = text.split('\n').filter((l) => /^(Oct \d\d|\d{4}-)/.test(l));
  assert.ok(logLines.length > 0);
  assert.ok(logLines.every((l) => /^Oct 13 10:17:|^2026-10-13 10:17:/.test(l)), logLines.find((l) => !/10:17:/.test(l)));
  await assert.rejects(server.connection.sendRequest(TimelineLinesRequest, { folder: folder(), from: 'yesterday', to: 'today' }), /not a time range/);
});
