// collate.pl's semantics, branch by branch, on fixtures whose expected outputs are what the
// reference script prints (test/fixtures/collate/*.expected).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { collateText, formatTransactions } from '../../server/src/engine/collateText';
import { fixtures, read } from './helpers';

const dir = path.join(fixtures, 'collate');

function collate(text: string): string {
  const lines = text.split(/(?<=\n)/);
  return formatTransactions(collateText(text), (n) => lines[n]);
}

for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.log'))) {
  test(`collates ${f} exactly as collate.pl`, () => {
    const text = read(path.join(dir, f));
    assert.equal(collate(text), read(path.join(dir, f.replace(/\.log$/, '.expected'))));
  });
}

test('a transaction is printed when qmgr removes it, with its smtpd session lines first', () => {
  const ts = collateText(read(path.join(dir, 'smtpd-sessions.log')));
  assert.deepEqual(ts.map((t) => t.queueId), ['1A2B3C4D5E', '2B3C4D5E6F', '3C4D5E6F70']);
  assert.ok(ts.every((t) => t.complete));
  // 1A2B3C4D5E: connect, TLS, client=, cleanup, qmgr, then (after 3C4D's client=) local and removed
  assert.deepEqual(ts[0].lines, [0, 2, 3, 5, 7, 13, 14]);
});

test('a second transaction of one smtpd session starts with the whole session so far (collate.pl quirk)', () => {
  const ts = collateText(read(path.join(dir, 'smtpd-sessions.log')));
  const third = ts.find((t) => t.queueId === '3C4D5E6F70')!;
  assert.deepEqual(third.lines.slice(0, 4), [0, 2, 3, 9]);
  assert.ok(third.lines.includes(12), 'the disconnect goes to the last transaction of the session');
});

test('smtp lines without a queue ID wait for that process\'s next delivery line', () => {
  const ts = collateText(read(path.join(dir, 'pickup.log')));
  assert.deepEqual(ts[0].lines, [0, 1, 2, 3, 4, 5, 6]);
});

test('a bounce notification starts the new transaction, before its earlier cleanup line', () => {
  const ts = collateText(read(path.join(dir, 'bounce.log')));
  const notification = ts.find((t) => t.queueId === '6B2D3E4F50')!;
  assert.deepEqual(notification.lines, [7, 6, 8, 10, 11]);
  const expired = ts.find((t) => t.queueId === '8D4F506172')!;
  assert.equal(expired.complete, false);
});

test('queue IDs are keyed by Postfix instance; qualifiers do not change the instance', () => {
  const ts = collateText(read(path.join(dir, 'instances.log')));
  assert.deepEqual(ts.map((t) => t.key), ['postfix-in/ABCDEF0123', 'postfix-out/ABCDEF0123', 'postfix-in/1234567890']);
  const reinjected = ts[2];
  assert.equal(reinjected.complete, false);
  assert.ok(reinjected.lines.includes(9), 'postfix-in/10025/cleanup belongs to instance postfix-in');
});

test('incomplete transactions come last, in first-seen order; lines of unknown transactions are dropped', () => {
  const ts = collateText(read(path.join(dir, 'incomplete.log')));
  assert.deepEqual(ts.map((t) => [t.key, t.complete]), [
    ['postfix/DDDD000001', false],
    ['postfix/EEEE000002', false],
    ['postfix/ABAB000006', false],
    ['postfix/warning', false], // collate.pl takes "warning:" after cleanup for a queue ID
  ]);
});

test('lines of other programs, NOQUEUE rejects and postfix without a daemon are not transactions', () => {
  assert.deepEqual(collateText(read(path.join(dir, 'other-programs.log'))), []);
});

test('RFC3339 timestamps collate like traditional ones (collate.pl skips such lines)', () => {
  const bsd = read(path.join(dir, 'bounce.log'));
  const rfc = bsd.replace(/^Oct 13 (\d\d:\d\d:\d\d)/gm, '2026-10-13T$1.123456+02:00');
  assert.notEqual(rfc, bsd);
  assert.deepEqual(collateText(rfc), collateText(bsd));
});

test('CRLF line ends, NUL bytes and a last line without a newline do not break collation', () => {
  const lf = read(path.join(dir, 'pickup.log'));
  const ts = collateText(lf.replace(/\n/g, '\r\n'));
  // A CR before the LF is part of the line end: "removed\r\n" closes the transaction as "removed\n" does.
  assert.ok(ts.length > 0 && ts.some((t) => t.complete));
  assert.deepEqual(ts, collateText(lf));
  const nul = 'Oct 13 10:00:00 mx postfix/pickup[1]: ABC123: uid=0 from=<\u0000>\nOct 13 10:00:00 mx postfix/qmgr[2]: ABC123: removed';
  const t = collateText(nul);
  assert.deepEqual(t.map((x) => [x.queueId, x.lines, x.complete]), [['ABC123', [0, 1], true]]);
});

test('an empty text has no transactions', () => {
  assert.deepEqual(collateText(''), []);
});
