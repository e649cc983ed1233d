// The account report and the security view read text in chunks of any cut (issue 14: one
// streaming pass per file): the same report as line by line, whatever the cuts, with CR LF line
// ends, and with the lines that matter found by their needles only.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccountReport } from '../../server/src/engine/investigate/accountReport';
import { SecurityScan } from '../../server/src/engine/investigate/security';
import { fixtures } from './helpers';

const sets = [
  { dir: path.join(fixtures, 'investigate', 'hijack'), names: ['audit.log', 'mailbox.log', 'zimbra.log'] },
  { dir: path.join(fixtures, 'investigate', 'mobile'), names: ['sync.log', 'zimbra.log'] },
  { dir: path.join(fixtures, 'investigate', 'proxy'), names: fs.readdirSync(path.join(fixtures, 'investigate', 'proxy')).sort() },
];

/** A deterministic sequence of cut lengths (1 to 97 characters). */
function* cuts(seed: number): Generator<number> {
  for (let x = seed; ; ) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield 1 + (x % 97);
  }
}

type Feed = AccountReport | SecurityScan;

function byLines<T extends Feed>(feed: T, texts: string[]): T {
  feed.setYear(2026);
  texts.forEach((t, i) => t.split('\n').forEach((l, n) => feed.push(l, n, i)));
  return feed;
}

function byChunks<T extends Feed>(feed: T, texts: string[], seed: number, crlf = false): T {
  feed.setYear(2026);
  const cut = cuts(seed);
  texts.forEach((t, i) => {
    const text = crlf ? t.replace(/\n/g, '\r\n') : t;
    feed.beginFile(i);
    for (let at = 0; at < text.length; ) {
      const n = cut.next().value as number;
      feed.append(text.slice(at, at + n));
      at += n;
    }
    feed.endFile();
  });
  return feed;
}

test('the account report of text in chunks of any cut, LF or CR LF, is the report of its lines', () => {
  for (const { dir, names } of sets) {
    const texts = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
    const expected = byLines(new AccountReport(), texts).report();
    assert.ok(expected.accounts.length > 0, dir);
    for (const seed of [1, 7, 42]) {
      assert.deepEqual(byChunks(new AccountReport(), texts, seed).report(), expected, `${dir} seed ${seed}`);
      assert.deepEqual(byChunks(new AccountReport(), texts, seed, true).report(), expected, `${dir} seed ${seed} CR LF`);
    }
  }
});

test('the security view of text in chunks is the view of its lines: attempts, tallies, bursts', () => {
  const dir = path.join(fixtures, 'investigate', 'smtp-auth');
  const names = fs.readdirSync(dir).filter((n) => !n.endsWith('.gz')).sort();
  const texts = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
  const expected = byLines(new SecurityScan(), texts);
  assert.ok(expected.failures.length > 10);
  const streamed = byChunks(new SecurityScan(), texts, 3, true);
  assert.deepEqual(streamed.attempts, expected.attempts);
  assert.deepEqual(streamed.tally('ip'), expected.tally('ip'));
  assert.deepEqual(streamed.bursts(), expected.bursts());
});
