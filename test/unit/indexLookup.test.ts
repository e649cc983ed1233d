// The lookup of a stream index (engine/index/lookup.ts, buckets.ts): a file indexed in parts by
// worker threads, each bringing its own buckets, answers every key as a scan of the joined index
// does; an index that grows a few lines at a time keeps its buckets and adds few parts.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexRange } from '../../server/src/logs/indexRange';
import { indexPlainFile } from '../../server/src/logs/indexParts';
import { BUCKETED, lookupOf } from '../../server/src/engine/index/lookup';
import { KeyBuckets } from '../../server/src/engine/index/buckets';
import { U32Pages } from '../../server/src/engine/index/paged';
import type { StreamIndex } from '../../server/src/engine/index/streamIndex';
import { fixtures } from './helpers';

/** Every trace fixture's zimbra.log, one after the other, `times` times (queue IDs reused from copy to copy). */
function concatenated(times: number): string {
  const logs = ['bounce', 'inbound', 'outbound', 'quota', 'mtas', 'webmail']
    .flatMap((d) => (fs.readdirSync(path.join(fixtures, 'trace', d), { recursive: true }) as string[]).map((f) => path.join(fixtures, 'trace', d, f)))
    .filter((f) => /zimbra\.log$/.test(f) && fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'));
  assert.ok(logs.length >= 4);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lookup-')), 'zimbra.log');
  fs.writeFileSync(file, Array(times).fill(logs.join('')).join(''));
  return file;
}

/** What the lookup must answer for key `k` of one posting list: every position holding it, by scanning. */
function scanned(ix: StreamIndex, list: (typeof BUCKETED)[number], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ix[list].length; i++) if (ix[list].hashes.get(i) === k) out.push(ix[list].lines.get(i));
  return out;
}

function assertLooksUpLikeAScan(ix: StreamIndex): void {
  const l = lookupOf(ix);
  const answer = { queueLines: (k: number) => l.keyLines(k), messageIds: (k: number) => l.messageIdLines(k), mentions: (k: number) => l.mentionLines(k), addresses: (k: number) => l.addressLines(k) };
  for (const list of BUCKETED) {
    const keys = new Set<number>();
    for (let i = 0; i < ix[list].length; i++) keys.add(ix[list].hashes.get(i));
    keys.delete(0);
    assert.ok(keys.size > 3, `${list}: ${keys.size} keys`);
    for (const k of keys) assert.deepEqual(answer[list](k), scanned(ix, list, k), `${list} ${k}`);
  }
}

test('appending to paged arrays copies runs across page boundaries, moved by an offset', () => {
  for (const [first, second] of [[70_000, 70_000], [65_536, 3], [1, 200_000], [0, 5]]) {
    const a = new U32Pages();
    const b = new U32Pages();
    for (let i = 0; i < first; i++) a.push(i * 3);
    for (let i = 0; i < second; i++) b.push(i * 7 + 1);
    a.append(b, 1_000);
    a.append(b);
    assert.equal(a.length, first + 2 * second);
    for (const i of [0, first - 1, first, first + 65_535, first + second - 1, first + second, a.length - 1].filter((i) => i >= 0 && i < a.length)) {
      const expected = i < first ? i * 3 : i < first + second ? (i - first) * 7 + 1 + 1_000 : (i - first - second) * 7 + 1;
      assert.equal(a.get(i), expected, `${first}+${second}: ${i}`);
    }
  }
});

test('a file indexed in parts by worker threads, each with its own buckets, looks up every key as a scan does', async () => {
  const file = concatenated(20);
  const size = fs.statSync(file).size;
  // Parts of a tenth of the file: as many parts as cores (two or more here), joined with the buckets their workers made.
  const parted = await indexPlainFile(file, size, { minPart: Math.floor(size / 10) });
  const whole = indexRange(file, 0, Infinity);
  assert.equal(parted.lineCount, whole.lineCount);
  for (const list of BUCKETED) assert.equal(parted[list].length, whole[list].length, list);
  assertLooksUpLikeAScan(parted);
  assertLooksUpLikeAScan(whole);
});

test('an index that grows a few lines at a time keeps its buckets: few parts, each key bucketed a logarithmic number of times', () => {
  const file = concatenated(4);
  const text = fs.readFileSync(file);
  const ends: number[] = [];
  for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) ends.push(i + 1);
  // The first tenth at once, then three lines at a time, a query after each step.
  let at = ends[Math.floor(ends.length / 10)];
  const ix = indexRange(file, 0, at);
  for (let e = Math.floor(ends.length / 10) + 3; at < text.length; e += 3) {
    const to = ends[Math.min(e, ends.length - 1)];
    ix.append(indexRange(file, at, to));
    at = to;
    lookupOf(ix).keyLines(ix.keyOf(ix.lineCount - 1));
  }
  assertLooksUpLikeAScan(ix);
  const buckets = new KeyBuckets(ix.queueLines.hashes);
  const n = ix.queueLines.length;
  buckets.find(1);
  assert.equal(buckets.bucketed, n);
  // The lookup's own: grown step by step, rebuilt at most log2(n) times per key, in a handful of parts.
  const grown = lookupOf(ix).bucketStats('queueLines');
  assert.ok(grown.bucketed <= n * (Math.log2(n) + 2), `${grown.bucketed} keys bucketed for ${n}`);
  assert.ok(grown.parts <= 2 * Math.log2(n) + 2, `${grown.parts} parts for ${n} keys`);
});

test('buckets made in steps while a query makes them at once: each position found once', () => {
  const keys = new U32Pages();
  for (let i = 0; i < 300_000; i++) keys.push(((i % 1000) * 2654435761) >>> 0 || 1);
  const buckets = new KeyBuckets(keys);
  const steps = buckets.cover();
  for (let i = 0; i < 5; i++) steps.next();
  // A query now covers everything at once; then the index grows, and the steps go on.
  assert.equal(buckets.find(keys.get(7)).length, 300);
  for (let i = 0; i < 1000; i++) keys.push(keys.get(7));
  while (!steps.next().done);
  assert.deepEqual(buckets.find(keys.get(7)), [...Array(300).keys()].map((j) => 7 + 1000 * j).concat([...Array(1000).keys()].map((j) => 300_000 + j)));
  assert.ok(buckets.bucketed <= 300_000 + 1000 + 300_000, `${buckets.bucketed} keys bucketed`);
});
