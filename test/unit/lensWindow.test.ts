// The code-lens window of large logs (features/lensWindow.ts): which lenses go to a client that
// says what its editors show, and when the window moves (so that the client must ask again).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogView } from '../../server/src/lsp/workspace';
import { codeLenses } from '../../server/src/features/codeLens';
import { ALL_LENSES_BELOW, cleanRanges, covers, firstFrom, LENS_MARGIN, LensWindows, windowAround } from '../../server/src/features/lensWindow';
import type { LineRange } from '../../common/protocol';
import { root } from './helpers';

const id = (n: number) => n;
const lines = (xs: readonly { range: { start: { line: number } } }[]) => xs.map((l) => l.range.start.line);
const lensLine = (lens: { range: { start: { line: number } } }) => lens.range.start.line;

/** The items (sorted by line) on the lines of each window range, through firstFrom, as codeLens.ts reads them. */
function inWindow<T>(items: readonly T[], window: readonly LineRange[], lineOf: (item: T) => number): T[] {
  return window.flatMap((w) => items.slice(firstFrom(items, w.start, lineOf), firstFrom(items, w.end + 1, lineOf)));
}

/** What LensWindows.spans selects of `items`: the array itself when that is all of it. */
function select<T>(w: LensWindows, uri: string, items: T[], lineOf: (item: T) => number): T[] {
  const spans = w.spans(uri, items, lineOf);
  return spans.length === 1 && spans[0][0] === 0 && spans[0][1] === items.length ? items : spans.flatMap(([from, to]) => items.slice(from, to));
}

test('windowAround: each visible range extended by the margin, clamped at line 0, overlapping ones merged', () => {
  assert.deepEqual(windowAround([{ start: 0, end: 40 }], 100), [{ start: 0, end: 140 }]);
  assert.deepEqual(windowAround([{ start: 5000, end: 5040 }], 100), [{ start: 4900, end: 5140 }]);
  // Two editors far apart: two windows, sorted; two near each other: one.
  assert.deepEqual(windowAround([{ start: 9000, end: 9040 }, { start: 10, end: 50 }], 100), [{ start: 0, end: 150 }, { start: 8900, end: 9140 }]);
  assert.deepEqual(windowAround([{ start: 300, end: 340 }, { start: 100, end: 140 }], 100), [{ start: 0, end: 440 }]);
  // Adjacent (no line between): merged too.
  assert.deepEqual(windowAround([{ start: 100, end: 100 }, { start: 301, end: 301 }], 100), [{ start: 0, end: 401 }]);
  assert.deepEqual(windowAround([], 100), []);
});

test('covers: true while the visible lines keep the slack to both edges of the window, not one line less', () => {
  const w = [{ start: 1000, end: 2000 }];
  assert.equal(covers(w, [{ start: 1100, end: 1900 }], 100), true);
  assert.equal(covers(w, [{ start: 1099, end: 1900 }], 100), false);
  assert.equal(covers(w, [{ start: 1100, end: 1901 }], 100), false);
  assert.equal(covers(w, [{ start: 5000, end: 5040 }], 100), false);
  // At the top of the file the window cannot reach above line 0: no slack needed there.
  assert.equal(covers([{ start: 0, end: 500 }], [{ start: 0, end: 40 }], 100), true);
  assert.equal(covers([{ start: 0, end: 500 }], [{ start: 20, end: 60 }], 100), true);
  // Every range must be covered, each by some window.
  assert.equal(covers([{ start: 0, end: 500 }, { start: 8000, end: 9000 }], [{ start: 10, end: 50 }, { start: 8400, end: 8440 }], 100), true);
  assert.equal(covers([{ start: 0, end: 500 }, { start: 8000, end: 9000 }], [{ start: 10, end: 50 }, { start: 9400, end: 9440 }], 100), false);
});

test('firstFrom: binary search for the first item on a line or after it', () => {
  const xs = [3, 5, 5, 5, 9, 12];
  assert.equal(firstFrom([], 4, id), 0);
  assert.equal(firstFrom(xs, 0, id), 0);
  assert.equal(firstFrom(xs, 3, id), 0);
  assert.equal(firstFrom(xs, 4, id), 1);
  assert.equal(firstFrom(xs, 5, id), 1, 'the first of equal lines');
  assert.equal(firstFrom(xs, 6, id), 4);
  assert.equal(firstFrom(xs, 12, id), 5);
  assert.equal(firstFrom(xs, 13, id), 6);
  for (let n = -1; n <= 14; n++) assert.equal(firstFrom(xs, n, id), xs.filter((x) => x < n).length, `line ${n}`);
});

test('inWindow: the items of each window range, ends included, in line order', () => {
  const xs = [0, 3, 5, 5, 9, 12, 20, 31];
  assert.deepEqual(inWindow(xs, [{ start: 5, end: 12 }], id), [5, 5, 9, 12]);
  assert.deepEqual(inWindow(xs, [{ start: 0, end: 3 }, { start: 20, end: 40 }], id), [0, 3, 20, 31]);
  assert.deepEqual(inWindow(xs, [{ start: 13, end: 19 }], id), []);
  assert.deepEqual(inWindow(xs, [{ start: 32, end: 90 }], id), []);
  assert.deepEqual(inWindow([], [{ start: 0, end: 90 }], id), []);
});

test('cleanRanges: what a client sends is made sane, garbage is dropped', () => {
  assert.deepEqual(cleanRanges([{ start: 10.7, end: 20 }, { start: 30, end: 25 }, { start: -5, end: 3 }]), [{ start: 10, end: 20 }, { start: 25, end: 30 }, { start: 0, end: 3 }]);
  assert.deepEqual(cleanRanges([null, 7, { start: 'x', end: 3 }, { start: 1 }, { start: NaN, end: 2 }, { start: 1, end: Infinity }]), []);
  assert.deepEqual(cleanRanges(undefined), []);
  assert.deepEqual(cleanRanges('0-10'), []);
  assert.equal(cleanRanges(Array.from({ length: 10_000 }, (_, i) => ({ start: i, end: i }))).length, 100);
});

// Lenses as the server makes them: one per line given, sorted.
const lensesOn = (ls: number[]) => ls.map((line) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } } }));

test('LensWindows: a small log gets every lens; a large one the top of the file until the client says more', () => {
  const w = new LensWindows(100, 50);
  const small = lensesOn(Array.from({ length: 49 }, (_, i) => i * 1000));
  assert.equal(select(w, 'file:///small.log', small, lensLine), small, 'fewer than allBelow: all, as they are');
  const large = lensesOn(Array.from({ length: 5000 }, (_, i) => i * 10));
  assert.deepEqual(lines(select(w, 'file:///large.log', large, lensLine)), Array.from({ length: 11 }, (_, i) => i * 10), 'lines 0..100');
  assert.deepEqual(w.window('file:///large.log'), [{ start: 0, end: 100 }]);
});

test('LensWindows: the window moves only when the screen nears its edge, and asks for a refresh only if windowed lenses were sent', () => {
  const w = new LensWindows(100, 50);
  const uri = 'file:///large.log';
  const large = lensesOn(Array.from({ length: 5000 }, (_, i) => i * 10));
  // Before any lens was sent: the window moves, but the client has nothing to refresh.
  assert.equal(w.show(uri, [{ start: 2000, end: 2040 }]), false);
  assert.deepEqual(w.window(uri), [{ start: 1900, end: 2140 }]);
  assert.deepEqual(lines(select(w, uri, large, lensLine)), Array.from({ length: 25 }, (_, i) => 1900 + i * 10));
  // Scrolling a little: still well inside (50 lines of slack), nothing moves.
  assert.equal(w.show(uri, [{ start: 1950, end: 1990 }]), false);
  assert.equal(w.show(uri, [{ start: 2050, end: 2090 }]), false);
  assert.deepEqual(w.window(uri), [{ start: 1900, end: 2140 }]);
  // Within 50 lines of the edge: the window moves around the screen, and the client must ask again.
  assert.equal(w.show(uri, [{ start: 2051, end: 2091 }]), true);
  assert.deepEqual(w.window(uri), [{ start: 1951, end: 2191 }]);
  // Far away (Ctrl+End), then two editors of the same log.
  assert.equal(w.show(uri, [{ start: 49_960, end: 49_999 }]), true);
  assert.deepEqual(lines(select(w, uri, large, lensLine)).slice(0, 2), [49_860, 49_870]);
  assert.equal(w.show(uri, [{ start: 0, end: 40 }, { start: 49_960, end: 49_999 }]), true);
  assert.deepEqual(w.window(uri), [{ start: 0, end: 140 }, { start: 49_860, end: 50_099 }]);
  assert.equal(select(w, uri, large, lensLine).length, 15 + 14);
  // Nothing shown (garbage or no editor): the window stays.
  assert.equal(w.show(uri, []), false);
  assert.equal(w.show(uri, 'nonsense'), false);
  assert.deepEqual(w.window(uri), [{ start: 0, end: 140 }, { start: 49_860, end: 50_099 }]);
  // A small log never asks for a refresh: its lenses are all there.
  const small = 'file:///small.log';
  select(w, small, lensesOn([1, 2, 3]), lensLine);
  assert.equal(w.show(small, [{ start: 40_000, end: 40_040 }]), false);
  // Closed: back to the top of the file.
  w.delete(uri);
  assert.deepEqual(w.window(uri), [{ start: 0, end: 100 }]);
});

test('code lenses are sorted by line even where records are not (a bounce notification begins after the next transaction)', () => {
  const text = [
    'Oct 13 10:18:00 mx postfix/smtpd[7600]: 5A1C2D3E4F: client=laptop[192.0.2.55]',
    'Oct 13 10:18:01 mx postfix/qmgr[7601]: 5A1C2D3E4F: from=<dave@example.com>, size=1000, nrcpt=1 (queue active)',
    'Oct 13 10:18:04 mx postfix/bounce[7700]: 5A1C2D3E4F: sender non-delivery notification: 6B2D3E4F50',
    'Oct 13 10:18:04 mx postfix/smtpd[7602]: 7C3E4F5061: client=other[192.0.2.66]',
    'Oct 13 10:18:05 mx postfix/cleanup[7603]: 6B2D3E4F50: message-id=<bounce@mx>',
    'Oct 13 10:18:05 mx postfix/qmgr[7601]: 5A1C2D3E4F: removed',
    '',
  ].join('\n');
  const v = new LogView(TextDocument.create('file:///bounce.log', 'postfix-log', 1, text));
  assert.deepEqual(v.transactionFacts().filter((r) => r.first >= 0).map((r) => r.first), [0, 4, 3], 'the records are out of line order');
  assert.deepEqual(lines(codeLenses(v, 0)), [0, 3, 4]);
});

test('a generated log: the window holds the lenses around what is shown, and the lenses of appended lines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-lens-'));
  const file = path.join(dir, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '3M', '--out', file], { stdio: 'ignore' });
  const text = fs.readFileSync(file, 'utf8');
  fs.rmSync(dir, { recursive: true });
  const v1 = new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text));
  const all = codeLenses(v1, 0);
  assert.ok(all.length >= ALL_LENSES_BELOW, `${all.length} lenses`);
  const sorted = lines(all);
  assert.deepEqual(sorted, [...sorted].sort((a, b) => a - b));
  assert.equal(all.length, v1.transactionFacts().filter((r) => r.first >= 0).length);

  const w = new LensWindows();
  const top = codeLenses(v1, 0, w);
  assert.deepEqual(top, all.filter((l) => lensLine(l) <= LENS_MARGIN));
  assert.ok(top.length > 100 && top.length < all.length / 2, `${top.length} of ${all.length}`);
  const lineCount = v1.document.lineCount;
  const far = { start: lineCount - 60, end: lineCount - 1 };
  assert.equal(w.show('file:///zimbra.log', [far]), true);
  assert.deepEqual(codeLenses(v1, 0, w), all.filter((l) => lensLine(l) >= far.start - LENS_MARGIN));

  // The log grows: the next version's lenses (indexed incrementally) include the new transaction's.
  const added = 'Oct 14 23:59:58 mta01 postfix/smtpd[4242]: FFEE11223344: client=late.example.org[192.0.2.99]\nOct 14 23:59:59 mta01 postfix/qmgr[4243]: FFEE11223344: removed\n';
  const v2 = new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 2, text + added), v1);
  assert.equal(v2.stream, v1.stream, 'indexed incrementally');
  const after = codeLenses(v2, 0, w);
  assert.equal(lensLine(after[after.length - 1]), lineCount - 1);
  assert.equal(after.length, codeLenses(v1, 0, w).length + 1);
});
