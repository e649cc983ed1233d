// Issue 14: the account report keeps facts, never the log's text. A generated MTA log of about
// 40 MB (SMTP AUTH submissions of 50 accounts, each to its own long recipient address, among
// other traffic) is streamed in 64 KB chunks, as the CLI reads files; the heap it leaves behind
// is a small fraction of the text: rows of numbers per login and message (the report before issue
// 14 kept 57 MB here: substrings kept as V8 slices held every chunk).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { AccountReport } from '../../server/src/engine/investigate/accountReport';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The lines of submission `i` and of some other traffic. */
function lines(i: number): string {
  const t = `Oct 13 ${String(10 + Math.floor(i / 36000)).padStart(2, '0')}:${String(Math.floor(i / 600) % 60).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')} mta01`;
  const q = (0x10000000 + i).toString(16).toUpperCase();
  const r = (0x20000000 + i).toString(16).toUpperCase();
  return [
    `${t} postfix/submission/smtpd[${4000 + (i % 50)}]: ${q}: client=unknown[198.51.100.${i % 200}], sasl_method=PLAIN, sasl_username=user${i % 50}@example.com`,
    `${t} postfix/cleanup[3001]: ${q}: message-id=<${i}.submission@example.com>`,
    `${t} postfix/qmgr[3002]: ${q}: from=<user${i % 50}@example.com>, size=${1000 + i}, nrcpt=1 (queue active)`,
    `${t} postfix/smtp[3003]: ${q}: to=<recipient-number-${i}@destination-${i % 997}.example.org>, relay=mx.destination-${i % 997}.example.org[203.0.113.${i % 250}]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as X${i})`,
    `${t} postfix/qmgr[3002]: ${q}: removed`,
    `${t} postfix/smtpd[5001]: ${r}: client=mail.partner-${i % 300}.example.net[192.0.2.${i % 250}]`,
    `${t} postfix/cleanup[3001]: ${r}: message-id=<${i}.inbound@partner-${i % 300}.example.net>`,
    `${t} postfix/qmgr[3002]: ${r}: from=<someone-${i}@partner-${i % 300}.example.net>, size=${2000 + i}, nrcpt=1 (queue active)`,
    `${t} postfix/lmtp[3004]: ${r}: to=<local-user-${i % 500}@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.1, delays=0/0/0/0.1, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)`,
    `${t} postfix/qmgr[3002]: ${r}: removed`,
  ].join('\n') + '\n';
}

/** The JavaScript heap and the typed arrays' memory outside it. */
function used(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

test('streaming 40 MB of MTA log leaves facts, not text, on the heap', () => {
  const before = used();
  const report = new AccountReport();
  report.setYear(2026);
  report.beginFile(0);
  let size = 0;
  let chunk = '';
  let i = 0;
  for (; size < 40 << 20; i++) {
    chunk += lines(i);
    if (chunk.length >= 64 << 10) {
      report.append(chunk);
      size += chunk.length;
      chunk = '';
    }
  }
  report.append(chunk);
  report.endFile();
  const kept = used() - before;
  assert.ok(kept < size / 4, `${(kept / 1048576).toFixed(1)} MB kept of ${(size / 1048576).toFixed(0)} MB of text`);
  const r = report.report();
  assert.equal(r.accounts.length, 50);
  assert.equal(r.accounts.reduce((n, a) => n + a.sent.recipients, 0), i);
});
