// The indexed tracer (logs/logSet.ts: stream indexes, then only the lines a query needs) against
// the tracer reading logs whole (traceFiles.ts): for every trace fixture and every queue ID,
// Message-ID and address in it, both find the same messages, hops, deliveries and mailbox lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { LogSet } from '../../server/src/logs/logSet';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { traceJson } from '../../server/src/engine/traceText';
import { StreamIndex } from '../../server/src/engine/index/streamIndex';
import { hashString } from '../../server/src/engine/index/keyHash';
import { fixtures } from './helpers';

const root = path.join(fixtures, 'trace');
const filesOf = (d: string) => (fs.readdirSync(d, { recursive: true }) as string[]).map((f) => path.join(d, f)).filter((f) => fs.statSync(f).isFile());
const textOf = (f: string) => (f.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(f)) : fs.readFileSync(f)).toString('utf8');

/** Every queue ID, Message-ID and address written in the files. */
function queriesOf(files: string[]): string[] {
  const q = new Set<string>();
  for (const f of files) {
    const t = textOf(f);
    for (const m of t.matchAll(/\]: ([0-9A-F]{6,20}): /g)) q.add(m[1]);
    for (const m of t.matchAll(/(?:message-id=|msgid=|Message-ID=)(<[^>\s]+>)/g)) q.add(m[1]);
    for (const m of t.matchAll(/(?:from|to)=<([^>\s]+@[^>\s]+)>/g)) q.add(m[1]);
  }
  return [...q].sort();
}

for (const name of fs.readdirSync(root)) {
  test(`indexed trace = whole-log trace: ${name}`, async () => {
    const files = filesOf(path.join(root, name));
    const label = (f: string) => path.relative(root, f);
    const whole = await readTraceSet(files, { year: 2026, label });
    const indexed = await LogSet.index(files, { year: 2026, label });
    const queries = queriesOf(files);
    assert.ok(queries.length >= 3, `${name}: queries found`);
    let found = 0;
    for (const q of queries) {
      const a = traceJson(whole.query(q));
      const b = traceJson(await indexed.trace(q));
      assert.deepEqual(b, a, `${name}: ${q}`);
      found += a.messages.length;
    }
    assert.ok(found > 0, `${name}: some query finds a message`);
  });
}

test('stream index: keys, postings and year turns of a small log; CR before LF is part of the line end', () => {
  const text = [
    'Dec 31 23:59:58 mta01 postfix/smtpd[10]: 1A2B3C4D5E6: client=mail.partner.org[198.51.100.7]',
    'Dec 31 23:59:59 mta01 postfix/cleanup[11]: 1A2B3C4D5E6: message-id=<m-1@partner.org>',
    'Jan  1 00:00:00 mta01 postfix/qmgr[12]: 1A2B3C4D5E6: from=<Alice@Partner.org>, size=10, nrcpt=1 (queue active)',
    'Jan  1 00:00:01 mta01 postfix/smtp[13]: 1A2B3C4D5E6: to=<bob@example.com>, orig_to=<b@example.com>, relay=127.0.0.1[127.0.0.1]:10024, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 2B3C4D5E6F7)',
    'Jan  1 00:00:01 mta01 amavis[14]: (1-1) Passed CLEAN {RelayedInbound}, [198.51.100.7]:1 <alice@partner.org> -> <bob@example.com>, Queue-ID: 1A2B3C4D5E6, Message-ID: <m-1@partner.org>, mail_id: x, Hits: 0, size: 10, queued_as: 2B3C4D5E6F7/3C4D5E6F708, 10 ms',
    'Jan  1 00:00:02 mta01 postfix/smtpd[15]: 2B3C4D5E6F7: client=localhost[127.0.0.1], orig_queue_id=1A2B3C4D5E6, orig_client=mail.partner.org[198.51.100.7]',
    'Jan  1 00:00:03 mta01 postfix/smtpd[15]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 <a@b>: Relay access denied',
  ];
  const lf = Buffer.from(text.join('\n') + '\n');
  const crlf = Buffer.from(text.join('\r\n') + '\r\n');
  const a = new StreamIndex();
  a.push(lf, 0, lf.length, 0);
  const b = new StreamIndex();
  b.push(crlf, 0, crlf.length, 0);
  for (const ix of [a, b]) {
    assert.equal(ix.lineCount, 7);
    assert.deepEqual(ix.yearTurns, [2]);
    assert.equal(ix.lastMonth, 0);
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => ix.keyOf(n) !== 0), [true, true, true, true, false, true, false]);
    assert.equal(ix.keyOf(0), ix.keyOf(3));
    assert.deepEqual(ix.markBefore(6), { line: 0, offset: 0 });
    assert.deepEqual([...Array(ix.messageIds.length)].map((_, i) => ix.messageIds.lines.get(i)), [1, 4]);
    // queued as (line 3); Queue-ID and both queued_as (line 4); orig_queue_id (line 5): each the key of the whole ID.
    assert.deepEqual([...Array(ix.mentions.length)].map((_, i) => ix.mentions.lines.get(i)), [3, 4, 4, 4, 5]);
    assert.deepEqual([...Array(ix.mentions.length)].map((_, i) => ix.mentions.hashes.get(i)), ['2B3C4D5E6F7', '1A2B3C4D5E6', '2B3C4D5E6F7', '3C4D5E6F708', '1A2B3C4D5E6'].map(hashString));
    assert.deepEqual([...Array(ix.messageIds.length)].map((_, i) => ix.messageIds.hashes.get(i)), ['m-1@partner.org', 'm-1@partner.org'].map(hashString));
    assert.deepEqual([...Array(ix.addresses.length)].map((_, i) => ix.addresses.hashes.get(i)), ['alice@partner.org', 'bob@example.com', 'b@example.com'].map(hashString));
    // from= (folded), to=, orig_to=.
    assert.deepEqual([...Array(ix.addresses.length)].map((_, i) => ix.addresses.lines.get(i)), [2, 3, 3]);
  }
  assert.equal(b.size, crlf.length);
});

test('stream index: the hop markers of lines that name a queue ID elsewhere than a delivery (a proxy, amavis re-injection, postmaster notifications)', () => {
  const text = [
    'Dec 15 15:47:16 mail amavis[2051]: (02051-05) Passed CLEAN {RelayedInbound}, [72.167.234.241]:56782 <a@x.com> -> <b@y.xyz>, mail_id: BLCTT18YxdID, Hits: 0.123, size: 1912, queued_as: D2ABE81EA7, 5320 ms',
    'Dec 15 15:47:16 mail postfix/smtpd[3338]: proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as D2ABE81EA7; from=<a@x.com> to=<b@y.xyz> proto=ESMTP',
    'Jan 10 16:15:30 mail amavis[27886]: (27886-10) rOEEAACEPVgB FWD from <a@x.com> -> <b@y.xyz>, BODY=7BIT 250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 400643011B47',
    'Dec 15 07:46:45 phoenix postfix/bounce[29114]: 5EDC01104345: postmaster non-delivery notification: 837471100954',
    'Dec 15 07:46:45 phoenix postfix/bounce[29114]: 5EDC01104346: sender non-delivery notification: 837471100955',
    'Dec 15 07:46:46 phoenix postfix/qmgr[28945]: 837471100954: removed',
  ];
  const b = Buffer.from(text.join('\n') + '\n');
  const ix = new StreamIndex();
  ix.push(b, 0, b.length, 0);
  assert.deepEqual([...Array(ix.mentions.length)].map((_, i) => ix.mentions.lines.get(i)), [0, 1, 2, 3, 4]);
  assert.deepEqual([...Array(ix.mentions.length)].map((_, i) => ix.mentions.hashes.get(i)), ['D2ABE81EA7', 'D2ABE81EA7', '400643011B47', '837471100954', '837471100955'].map(hashString));
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((n) => ix.keyOf(n) !== 0), [false, false, false, true, true, true]);
});

test('a log set grows with its logs: appended lines are indexed on their own, a replaced file again', async () => {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zl-grow-'));
  const src = fs.readFileSync(path.join(root, 'inbound', 'zimbra.log'), 'utf8').split('\n');
  const log = path.join(tmp, 'zimbra.log');
  const mailbox = path.join(tmp, 'mailbox.log');
  fs.copyFileSync(path.join(root, 'inbound', 'mailbox.log'), mailbox);
  const rewrite = (s: string) => s.replace(/1A2B3C4D5E6/g, 'AAAAAA11111').replace(/2B3C4D5E6F7/g, 'BBBBBB22222').replace(/in-1@partner\.org/g, 'in-2@partner.org');
  fs.writeFileSync(log, src.join('\n'));
  const first = await LogSet.index([log, mailbox], { year: 2026 });
  assert.equal((await first.trace('in-2@partner.org')).length, 0);
  const before = first.logs.find((l) => l.path === log)!;
  // Lines appended (the file ended with a newline): only they are indexed; the mailbox.log is kept as it was.
  fs.appendFileSync(log, src.filter(Boolean).map(rewrite).join('\n') + '\n');
  const grown = await first.update([log, mailbox]);
  const after = grown.logs.find((l) => l.path === log)!;
  assert.equal(after, before, 'the same index, extended');
  assert.equal(grown.logs.find((l) => l.path === mailbox), first.logs.find((l) => l.path === mailbox));
  const found = await grown.trace('in-2@partner.org');
  assert.deepEqual(found.map((m) => m.hops.map((h) => h.record.queueId)), [['AAAAAA11111', 'BBBBBB22222']]);
  assert.equal(after.index.lineCount, src.length - 1 + src.filter(Boolean).length);
  // A file replaced by another (rotated): indexed again.
  fs.writeFileSync(log, src.slice(0, 5).join('\n') + '\n');
  const replaced = await grown.update([log, mailbox]);
  assert.notEqual(replaced.logs.find((l) => l.path === log), before);
  assert.equal(replaced.logs.find((l) => l.path === log)!.index.lineCount, 5);
});
