// Large answers of the language server in pages and in steps (issue 19: one expensive request never
// blocks the others for more than about 50 ms): the whole collation page by page, an
// investigation's text and links in parts, the activity's sort and the trace's lookups in steps.
// Each checks that the pieces make exactly the answer made at once, and that the steps are bounded
// (counted, not timed).
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { corpusFiles, root } from './helpers';
import { collateText, formatTransactions, Page, PageStart, pageSteps } from '../../server/src/engine/collateText';
import { orderSteps, runSteps, STEP_LINES, Steps } from '../../server/src/engine/steps';
import { KeyBuckets } from '../../server/src/engine/index/buckets';
import { U32Pages } from '../../server/src/engine/index/paged';
import { ActivitySearch, parseActivityQuery } from '../../server/src/engine/investigate/activity';
import { PART_CHARS, PART_LINKS, ResultParts } from '../../server/src/lsp/resultParts';
import { COLLATE_PAGE_CHARS } from '../../common/protocol';
import type { InvestigationResult, SourceLink } from '../../common/investigateProtocol';

let dir: string;
/** A generated zimbra.log (2 MB) and the largest Postfix logs of the real corpus (with over 100 transactions). */
let logs: [string, string][];

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-paged-'));
  const log = path.join(dir, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '2M', '--seed', '11', '--out', log], { stdio: 'ignore' });
  const real = corpusFiles()
    .map((f): [string, string] => [path.relative(path.dirname(path.dirname(f)), f), fs.readFileSync(f, 'utf8')])
    .sort((a, b) => b[1].length - a[1].length)
    .filter(([, t]) => t.includes(' postfix/') && collateText(t).length > 100)
    .slice(0, 3);
  logs = [[path.basename(log), fs.readFileSync(log, 'utf8')], ...real];
  assert.ok(logs.length > 1 || !corpusFiles().length, 'real logs with transactions');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `steps` to their end; with the number of pauses. */
function counted<T>(steps: Steps<T>): { value: T; pauses: number } {
  for (let pauses = 0; ; pauses++) {
    const r = steps.next();
    if (r.done) return { value: r.value, pauses };
  }
}

/** A seeded pseudo-random generator (xorshift). */
function random(seed: number): () => number {
  let x = seed;
  return () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
}

test('the whole collation page by page: the pages joined are the collation made at once, byte for byte, with every key once', () => {
  for (const [name, text] of logs) {
    const raw = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const rawLine = (n: number) => raw[n];
    const ts = collateText(text);
    const whole = formatTransactions(ts, rawLine);
    const longest = Math.max(...raw.map((l) => l.length));
    assert.ok(ts.length > 0, name);
    for (const size of [1, 500, 64 * 1024, COLLATE_PAGE_CHARS]) {
      const texts: string[] = [];
      const keys: string[] = [];
      let inside = 0;
      for (let from: PageStart | null = { transaction: 0, line: 0 }; from; ) {
        const page: Page = runSteps(pageSteps(ts, rawLine, from, size));
        texts.push(page.text);
        keys.push(...page.keys);
        // Every page but the last reaches `size`, and stops at the first line past it (and a transaction's empty line).
        if (page.next) assert.ok(page.text.length >= size && page.text.length <= size + longest + 1, `${name}, pages of ${size}: a page of ${page.text.length}`);
        if (page.next && page.next.line > 0) inside++;
        assert.ok(!page.next || page.next.transaction > from.transaction || page.next.line > from.line, 'each page moves on');
        from = page.next;
      }
      assert.equal(texts.join(''), whole, `${name}, pages of ${size}`);
      assert.deepEqual(keys, ts.map((t) => t.key), `${name}, pages of ${size}`);
      if (size === 1) assert.equal(texts.length, ts.reduce((n, t) => n + t.lines.length, 0), 'a line a page');
      if (size === 500 && whole.length > 5000) assert.ok(inside > 0, `${name}: pages of 500 start inside transactions too`);
    }
  }
});

test('a page is made in steps of at most STEP_LINES lines', () => {
  const text = logs[0][1];
  const raw = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const ts = collateText(text);
  const lines = ts.reduce((n, t) => n + t.lines.length, 0);
  const { value, pauses } = counted(pageSteps(ts, (n) => raw[n], { transaction: 0, line: 0 }, Infinity));
  assert.equal(value.next, null);
  assert.equal(pauses, Math.floor(lines / STEP_LINES), `${lines} lines, ${pauses} pauses`);
});

test('orderSteps orders item numbers as a stable sort of their keys does, pausing after at most STEP_LINES comparisons, and merges runs already in order without comparing each item', () => {
  const next = random(13);
  const keyed = (keys: number[]) => {
    let compares = 0;
    let most = 0;
    let pauses = 0;
    const steps = orderSteps(keys.length, (a, b) => (compares++, keys[a] - keys[b]));
    let r = steps.next();
    for (; !r.done; r = steps.next()) {
      pauses++;
      most = Math.max(most, compares);
      compares = 0;
    }
    return { order: [...r.value], most: Math.max(most, compares), pauses };
  };
  const stable = (keys: number[]) => keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k).map((x) => x.i);
  for (const n of [0, 1, 2, 1000, STEP_LINES, 10_000, 50_001]) {
    const keys = Array.from({ length: n }, () => Math.floor(next() * 50));
    const r = keyed(keys);
    assert.deepEqual(r.order, stable(keys), `${n} random items`);
    assert.ok(r.most <= STEP_LINES + 1, `${n} items: ${r.most} comparisons in one step`);
    if (n > 4 * STEP_LINES) assert.ok(r.pauses >= Math.floor(n / STEP_LINES), `${n} items: ${r.pauses} pauses`);
  }
  for (const parts of [1, 2, 3, 5]) {
    // Each part ascending, with ties and a few items out of place (entries of several files, each in time order).
    const keys: number[] = [];
    for (let p = 0; p < parts; p++) for (let t = 0, k = Math.floor(next() * 100); t < 30_000; t++) keys.push((k += next() < 0.5 ? 0 : 1) - (next() < 0.001 ? 7 : 0));
    const r = keyed(keys);
    assert.deepEqual(r.order, stable(keys), `${parts} parts`);
  }
  // Runs in order one after the other: found, then copied a pair at once.
  const ordered = Array.from({ length: 40_000 }, (_, i) => i % 10_000);
  let compares = 0;
  const order = runSteps(orderSteps(ordered.length, (a, b) => (compares++, ordered[a] - ordered[b])));
  assert.deepEqual([...order], stable(ordered));
  const sorted = Array.from({ length: 40_000 }, (_, i) => i);
  compares = 0;
  assert.deepEqual([...runSteps(orderSteps(sorted.length, (a, b) => (compares++, sorted[a] - sorted[b])))], sorted);
  assert.equal(compares, sorted.length - 1, 'one run: one comparison an item to find it, none to merge');
});

test('the trace lookups made in steps (a pause per page of keys) find what those made at once find', () => {
  const next = random(3);
  const keys = new U32Pages();
  const n = 200_000;
  for (let i = 0; i < n; i++) keys.push(i % 7 === 0 ? 0 : (Math.floor(next() * 5000) * 2654435761) >>> 0);
  const stepped = new KeyBuckets(keys);
  const { pauses } = counted(stepped.cover());
  const pages = Math.ceil(n / 65536);
  assert.equal(pauses, 2 * pages);
  assert.equal(counted(stepped.cover()).pauses, 0, 'made once');
  const once = new KeyBuckets(keys);
  for (let i = 1; i < n; i += 997) {
    const k = keys.get(i);
    const all: number[] = [];
    for (let j = 0; j < n; j++) if (k !== 0 && keys.get(j) === k) all.push(j);
    assert.deepEqual(stepped.find(k), all);
    assert.deepEqual(once.find(k), all);
  }
});

test('account activity: its times and sort are made in steps, and give the entries made at once', () => {
  const text = logs[0][1];
  const search = () => {
    const s = new ActivitySearch(parseActivityQuery('127.0.0.1'));
    s.beginTimeline(2026);
    s.beginFile();
    s.append(text);
    for (const id of s.needsSecondPass()) {
      const p = s.second(id);
      p.append(text);
      p.finish();
    }
    return s;
  };
  const once = search().result();
  const { value, pauses } = counted(search().resultSteps());
  assert.ok(once.length > 3 * STEP_LINES, `${once.length} entries`);
  assert.deepEqual(value, once);
  assert.ok(pauses >= 2 * Math.floor(once.length / STEP_LINES), `${once.length} entries, ${pauses} pauses`);
  for (let i = 1; i < once.length; i++) assert.ok(once[i - 1].time <= once[i].time);
});

test('a large investigation is kept in parts (text cut after lines, links by PART_LINKS) that make it whole; a small one is answered as it is', () => {
  const parts = new ResultParts();
  const lines = Array.from({ length: 60_000 }, (_, i) => `Oct 13 10:${String(i % 60).padStart(2, '0')}:00 mta01 postfix/smtpd[${i}]: connect from h${i}.example.net[192.0.2.${i % 250}]`);
  const text = lines.join('\n') + '\n';
  const links: SourceLink[] = lines.slice(0, 9000).map((_, i) => ({ line: i, start: 0, end: 15, uri: 'file:///logs/zimbra.log', logLine: i, label: `zimbra.log:${i + 1}` }));
  const r: InvestigationResult & { entries: number } = { text, links, language: 'postfix-log', entries: lines.length };
  assert.equal(parts.split(r, false), r, 'not asked in parts');
  const small = { ...r, text: 'one line\n', links: links.slice(0, 3) };
  assert.equal(parts.split(small, true), small, 'small');
  const split = parts.split(r, true);
  assert.equal(split.text, '');
  assert.deepEqual(split.links, []);
  assert.equal(split.entries, r.entries);
  const count = Math.max(Math.ceil(text.length / PART_CHARS), Math.ceil(links.length / PART_LINKS));
  assert.ok(split.parts && split.parts.count >= count && split.parts.count <= count + 1, JSON.stringify(split.parts));
  const texts: string[] = [];
  const joined: SourceLink[] = [];
  for (let i = 0; i < split.parts!.count; i++) {
    const p = parts.part(split.parts!.id, i)!;
    assert.ok(p.text.length <= PART_CHARS && p.links.length <= PART_LINKS);
    if (p.text && i < split.parts!.count - 1) assert.ok(p.text.endsWith('\n'), 'cut after a line');
    texts.push(p.text);
    joined.push(...p.links);
  }
  assert.equal(texts.join(''), text);
  assert.deepEqual(joined, links);
  assert.equal(parts.part(split.parts!.id, 0), null, 'forgotten once the last part was asked');
  assert.equal(parts.part(12345, 0), null);
  // One line longer than a part is cut anyway.
  const long = parts.split({ ...r, text: 'x'.repeat(PART_CHARS * 2 + 5), links: [] }, true);
  const pieces = Array.from({ length: long.parts!.count }, (_, i) => parts.part(long.parts!.id, i)!.text);
  assert.deepEqual(pieces.map((p) => p.length), [PART_CHARS, PART_CHARS, 5]);
});
