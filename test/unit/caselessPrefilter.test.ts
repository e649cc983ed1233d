// The byte prefilter of the investigations (engine/investigate/hitLines.ts) with foldCase: an
// account in any mix of upper and lower case (`BoB@Example.COM`) is found as the text search
// (ActivitySearch, a case-insensitive regular expression) finds it, in blocks cut anywhere.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { caselessNeedles, HitLines } from '../../server/src/engine/investigate/hitLines';
import { ActivitySearch, parseActivityQuery } from '../../server/src/engine/investigate/activity';
import { runCli, tmpFile } from './helpers';

const find = (b: Uint8Array, needle: Uint8Array, from: number) => Buffer.from(b.buffer, b.byteOffset, b.length).indexOf(needle, from);

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** `s` with each ASCII letter in a random case. */
const mixCase = (s: string, r: () => number) => s.replace(/[a-z]/gi, (c) => (r() < 0.5 ? c.toLowerCase() : c.toUpperCase()));

/** The lines (numbers) HitLines visits in `text` read as blocks cut at line ends after the offsets `cuts`. */
function visited(hits: HitLines, text: Buffer, cuts: number[]): number[] {
  const out: number[] = [];
  let start = 0;
  let n = 0;
  for (const c of [...cuts, text.length]) {
    const end = c >= text.length ? text.length : text.indexOf(10, c) + 1 || text.length;
    if (end <= start) continue;
    n = hits.block(text, start, end, n, undefined, (_s, _e, k) => out.push(k));
    start = end;
  }
  return out;
}

test('foldCase finds a needle in every mix of case, and only there, in blocks cut anywhere', () => {
  for (const [seed, needle] of [
    [1, 'bob'],
    [2, 'bob@example.com'],
    [3, 'judy'],
    [4, 'k'],
  ] as const) {
    const r = random(seed);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const roll = r();
      // The needle in a random case, a near miss (one letter changed), or a line without it.
      const word = roll < 0.3 ? mixCase(needle, r) : roll < 0.5 ? mixCase(needle.slice(0, -1) + (needle.endsWith('q') ? 'r' : 'q'), r) : 'carol';
      lines.push(`Oct 13 08:${String(i % 60).padStart(2, '0')}:00 mta01 postfix/smtpd[1]: ABC${i}: ${'filler '.repeat(i % 7)}sasl_username=${word}${roll < 0.3 && r() < 0.2 ? mixCase(needle, r) : ''}`);
    }
    const text = Buffer.from(lines.join('\n') + '\n');
    const expected = lines.flatMap((l, i) => (l.toLowerCase().includes(needle) ? [i] : []));
    assert.ok(expected.length > 500 && expected.length < 2500);
    // Mixed forms are there: neither the lower-case, upper-case nor capitalised spelling alone would find them all.
    const spellings = new Set([needle, needle.toUpperCase(), needle[0].toUpperCase() + needle.slice(1)]);
    if (needle.length > 1) assert.ok(expected.some((i) => ![...spellings].some((s) => lines[i].includes(s))), 'some lines hold only mixed-case forms');
    for (const cuts of [[], [text.length >> 1], Array.from({ length: 40 }, () => Math.floor(r() * text.length)).sort((a, b) => a - b)]) {
      const hits = new HitLines(caselessNeedles(needle).map((s) => Buffer.from(s)), find, true);
      assert.deepEqual(visited(hits, text, cuts), expected, `${needle}, ${cuts.length} cuts`);
    }
  }
});

test('foldCase: a needle of common bytes, a needle with no letter, and the upper-case needle find the same lines as the lower-case one', () => {
  const text = Buffer.from(['aaaa AAAA aAaA', 'AaAab', '192.0.2.10 x', '192.0.2.1 y', 'BOB bob', 'nothing'].join('\n') + '\n');
  const lines = (needle: string) => visited(new HitLines(caselessNeedles(needle).map((s) => Buffer.from(s)), find, true), text, []);
  assert.deepEqual(lines('aaab'), [1]);
  assert.deepEqual(lines('a'), [0, 1]);
  assert.deepEqual(lines('192.0.2.1'), [2, 3]);
  assert.deepEqual(lines('BOB'), lines('bob'));
  assert.deepEqual(lines('bob'), [4]);
});

test('caselessNeedles: the lower-case needle, and the other spellings only where they differ beyond ASCII', () => {
  assert.deepEqual(caselessNeedles('BoB@Example.com'), ['bob@example.com']);
  assert.deepEqual(caselessNeedles('josé'), ['josé', 'josÉ']);
});

test('activity finds an account written in mixed case (BoB@Example.COM) as the text search does, and a mixed-case query finds it in lower case', () => {
  const log = [
    'Oct 13 08:30:00 mta01 postfix/smtpd[21800]: connect from unknown[198.51.100.23]',
    'Oct 13 08:30:01 mta01 postfix/smtpd[21800]: 4B5C6D7E8F: client=unknown[198.51.100.23], sasl_method=PLAIN, sasl_username=BoB@Example.COM',
    'Oct 13 08:30:01 mta01 postfix/qmgr[9946]: 4B5C6D7E8F: from=<bOb@example.com>, size=900, nrcpt=1 (queue active)',
    'Oct 13 08:30:02 mta01 postfix/qmgr[9946]: 4B5C6D7E8F: removed',
    'Oct 13 08:31:00 mta01 postfix/smtpd[21801]: 5C6D7E8F9A: client=unknown[198.51.100.24], sasl_method=PLAIN, sasl_username=carol@example.com',
    'Oct 13 08:32:00 mta01 postfix/smtpd[21802]: 6D7E8F9A0B: client=unknown[198.51.100.25], sasl_method=PLAIN, sasl_username=BOB@example.com',
    'Oct 13 08:33:00 mta01 postfix/smtpd[21803]: 7E8F9A0B1C: client=unknown[198.51.100.26], sasl_method=PLAIN, sasl_username=bob@example.com',
  ].join('\n') + '\n';
  const file = tmpFile('zimbra.log', log);
  const s = new ActivitySearch(parseActivityQuery('bob@example.com'));
  s.beginTimeline(2026);
  s.beginFile();
  s.append(log);
  for (const id of s.needsSecondPass()) {
    const p = s.second(id);
    p.append(log);
    p.finish();
  }
  const expected = s.result().map((e) => e.line + 1);
  assert.deepEqual(expected, [2, 3, 4, 6, 7]);
  for (const q of ['bob@example.com', 'BoB@example.COM']) {
    const r = runCli(['activity', '--json', '--year', '2026', q, file]);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(JSON.parse(r.stdout.toString()).entries.map((e: { line: number }) => e.line), expected, q);
  }
});
