// FailureScan finds in blocks of whole lines the lines FailureLog reads: whatever the blocks,
// the failures (with their line numbers) are those of reading the log line by line.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Failure, FailureLog } from '../../server/src/engine/causes/failureLog';
import { FailureScan, findBytes } from '../../server/src/engine/causes/failureScan';
import { fixtures } from './helpers';

const text = ['zimbra.log.1', 'zimbra.log'].map((f) => fs.readFileSync(path.join(fixtures, 'failures', f), 'utf8')).join('');
// The log three times over, with CRLF line ends in the middle copy and lines that only look like failures.
const noise = 'Oct 13 12:00:00 mta01 amavis[1]: (1-1) status=bounced in a message that is not Postfix\nOct 13 12:00:01 mta01 postfix/smtp[2]: 1A2B3C4D5E: to=<x@y.example>, relay=y[1.2.3.4]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)\n';
const log = text + noise + text.replace(/\n/g, '\r\n') + noise + text;

function byLines(): Failure[] {
  const out: Failure[] = [];
  const l = new FailureLog((f) => out.push(f));
  log.split('\n').forEach((line, i) => l.line(line.replace(/\r$/, ''), i + 1));
  return out;
}

function byBlocks(cuts: number[], native: boolean): Failure[] {
  const out: Failure[] = [];
  const b = Buffer.from(log);
  const scan = new FailureScan(new FailureLog((f) => out.push(f)), native ? (x, n, from, end) => {
    const i = (x as Buffer).indexOf(n, from);
    return i < end ? i : -1;
  } : findBytes);
  scan.beginFile(0);
  let start = 0;
  for (const c of [...cuts, b.length]) {
    // Blocks end after a line end (or at the end of the input).
    const nl = c >= b.length ? b.length : b.indexOf(10, c) + 1 || b.length;
    if (nl <= start) continue;
    scan.push(b, start, nl);
    start = nl;
  }
  return out;
}

test('failures found in blocks are those of the log read line by line, whatever the blocks', () => {
  const expected = byLines();
  assert.equal(expected.length, 18);
  assert.deepEqual(expected.map((f) => f.status).slice(0, 6), ['reject', 'bounced', 'deferred', 'deferred', 'deferred', 'expired']);
  const key = (fs: Failure[]) => fs.map((f) => `${f.line} ${f.status} ${f.recipient} ${f.cause}`);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 30; round++) {
    const cuts = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * log.length)).sort((a, b) => a - b);
    assert.deepEqual(key(byBlocks(cuts, round % 2 === 0)), key(expected), `cuts ${cuts}`);
  }
  // Every failure of the later copies takes its line number in the whole input.
  const lines = log.split('\n');
  for (const f of expected) assert.ok(lines[f.line - 1].includes(f.recipient), `${f.line}`);
});
