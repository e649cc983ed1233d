// The quick scan (engine/index/problemScan.ts) keeps its findings, never the chunks of text they
// came from: a worker thread scans a file opened from disk in 64 KB chunks (disk/openWorker.ts),
// and a finding kept as a V8 slice of its line held the whole chunk. A generated 24 MB log with a
// deferral, a bounce, a warning and an ERROR entry in every chunk leaves a small fraction of its
// text behind (it held nearly all of it, and the worker spent half its time collecting garbage).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { ProblemScan } from '../../server/src/engine/index/problemScan';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const CHUNK = 64 << 10;

/** A chunk of about 64 KB: ordinary traffic, with one deferral, one bounce, one warning and a log4j ERROR. */
function chunk(c: number): string {
  const t = `Oct 13 ${String(10 + Math.floor(c / 3600) % 14).padStart(2, '0')}:${String(Math.floor(c / 60) % 60).padStart(2, '0')}:${String(c % 60).padStart(2, '0')} mta01`;
  const q = (0x10000000 + c).toString(16).toUpperCase();
  const lines = [
    `${t} postfix/smtp[3003]: ${q}: to=<user-${c}@remote-${c % 97}.example.org>, relay=mx.remote-${c % 97}.example.org[203.0.113.${c % 250}]:25, delay=300, delays=0.1/0/300/0, dsn=4.4.1, status=deferred (connect to mx.remote-${c % 97}.example.org[203.0.113.${c % 250}]:25: Connection timed out)`,
    `${t} postfix/smtp[3003]: ${q}: to=<gone-${c}@remote-${c % 97}.example.org>, relay=mx.remote-${c % 97}.example.org[203.0.113.${c % 250}]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=5.1.1, status=bounced (host mx.remote-${c % 97}.example.org[203.0.113.${c % 250}] said: 550 5.1.1 <gone-${c}@remote-${c % 97}.example.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))`,
    `${t} postfix/smtpd[4001]: warning: hostname client-${c}.example.net does not resolve to address 192.0.2.${c % 250}: Name or service not known`,
    `2026-10-13 10:17:09,123 ERROR [qtp-${c}] [name=user${c}@example.com;] SoapEngine - handler exception number ${c}`,
  ];
  let text = lines.join('\n') + '\n';
  for (let i = 0; text.length < CHUNK - 200; i++) text += `${t} postfix/qmgr[3002]: ${(0x20000000 + c * 1000 + i).toString(16).toUpperCase()}: removed\n`;
  return text;
}

test('the quick scan keeps its findings, not the 64 KB chunks they were read from', () => {
  const chunks = 384; // 24 MB
  gc();
  const before = process.memoryUsage().heapUsed;
  const scan = new ProblemScan();
  for (let c = 0; c < chunks; c++) scan.appendText(chunk(c));
  gc();
  const kept = process.memoryUsage().heapUsed - before;
  assert.equal(scan.failures.length, 2 * chunks);
  assert.equal(scan.problems.length, chunks);
  assert.equal(scan.entries.filter((e) => e.level === 'ERROR').length, chunks);
  assert.ok(kept < (chunks * CHUNK) / 8, `${(kept / 1e6).toFixed(1)} MB kept for ${((chunks * CHUNK) / 1e6).toFixed(1)} MB of text`);
});
