// formats/ is the single place where line shapes are written (issue 14): a regex (literal or
// `new RegExp`), a byte marker (`ascii('...')`) or a text marker (a string with a letter in it
// given to startsWith/endsWith/includes/indexOf/lastIndexOf) in the engine or the features,
// outside engine/formats/, fails here unless the short lists below say why it does not parse log text.
// A new parsing pattern goes into formats/, with samples that formats.test.ts checks.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { root } from './helpers';

const ts = createRequire(path.join(root, 'package.json'))('typescript') as typeof import('typescript');

const DIRS = ['server/src/engine', 'server/src/features'];
const FORMATS = 'server/src/engine/formats/';

/**
 * What may stay outside formats/, and why. `sources`: only these regexes (their text as written);
 * without it, every regex of the file or folder.
 */
const ALLOWED: { path: string; sources?: string[]; reason: string }[] = [
  { path: 'server/src/engine/causes/', reason: 'the failure-cause table: rules over the reply text of a delivery already taken apart (causes.test.ts checks them)' },
  { path: 'server/src/engine/l10n.ts', reason: "placeholders of the translations' message templates" },
  { path: 'server/src/engine/visible.ts', reason: 'escaping: control and bidirectional characters made visible' },
  { path: 'server/src/features/markdown.ts', reason: 'escaping: Markdown' },
  { path: 'server/src/engine/timeline/words.ts', sources: ['/</g', '/\\u2028/g', '/\\u2029/g'], reason: 'escaping: JSON in a script element' },
  { path: 'server/src/engine/investigate/accountFigures.ts', reason: 'a list of free-mail domains (of an address already taken from a line)' },
  { path: 'server/src/engine/investigate/hitLines.ts', sources: ['/[A-Z]+/g'], reason: "the user's query lowered (ASCII letters only), not log text" },
  { path: 'server/src/engine/investigate/redactTokens.ts', sources: ['/[A-Za-z0-9]/', '/\\d/', '/[0-9A-Fa-f]/'], reason: 'the classes of the 128 ASCII codes, tested once each to fill the byte table the Redactor scans with (redactBytes.test.ts, redactDiff.test.ts)' },
  {
    path: 'server/src/engine/investigate/activity.ts',
    sources: ['/^(?:\\d{1,3}\\.){3}\\d{1,3}$/', '/^[0-9a-f]*:[0-9a-f:.]*$/i', '/[\\s;\\[\\]<>]/', '/^(\\d{4})-(\\d\\d)-(\\d\\d)(?:[ T](\\d\\d):(\\d\\d)(?::(\\d\\d))?)?$/', '/[.*+?^${}()|[\\]\\\\]/g', "new RegExp(escape(this.needle), 'gi')"],
    reason: "the user's query (an address or an account, time bounds) and the search for it, escaped",
  },
];

/** Text markers that may stay outside formats/, and why (`sources`: the calls as written). */
const ALLOWED_MARKERS: { path: string; sources: string[]; reason: string }[] = [
  { path: 'server/src/engine/causes/classify.ts', sources: ["t.startsWith('host ')", "t.indexOf(' said: ')"], reason: 'the failure-cause rules: the reply text of a delivery already taken apart (causes.test.ts checks them), as the regexes of causes/' },
];

/** Methods that look for a text in a string. */
const SEARCHES = ['startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf'];

/** Calls of SEARCHES with a literal that has a letter in it (a marker; a lone delimiter, a space or a line end is not one). */
function markersIn(sf: import('typescript').SourceFile, file: string): Found[] {
  const out: Found[] = [];
  const visit = (n: import('typescript').Node) => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && SEARCHES.includes(n.expression.name.text)) {
      const a = n.arguments[0];
      if (a && ts.isStringLiteralLike(a) && /[A-Za-z]/.test(a.text)) out.push({ file, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, text: n.getText(sf) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

interface Found {
  file: string;
  line: number;
  text: string;
}

/** Regex literals, `new RegExp(...)`/`RegExp(...)` and `ascii('literal')` in one source file. */
function shapesIn(sf: import('typescript').SourceFile, file: string): Found[] {
  const out: Found[] = [];
  const add = (n: import('typescript').Node) => out.push({ file, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, text: n.getText(sf) });
  const visit = (n: import('typescript').Node) => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) add(n);
    else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText(sf) === 'RegExp') add(n);
    else if (ts.isCallExpression(n) && ['ascii', 'pattern'].includes(n.expression.getText(sf)) && n.arguments.length === 1 && ts.isStringLiteralLike(n.arguments[0])) add(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Those of the .ts files under DIRS, outside formats/ (`find`: shapesIn or markersIn). */
function shapesInCode(find = shapesIn): Found[] {
  const out: Found[] = [];
  for (const dir of DIRS) {
    for (const rel of fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]) {
      const file = `${dir}/${rel}`;
      if (!rel.endsWith('.ts') || file.startsWith(FORMATS)) continue;
      out.push(...find(ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true), file));
    }
  }
  return out;
}

const allowed = (f: Found) => ALLOWED.some((a) => (a.path.endsWith('/') ? f.file.startsWith(a.path) : f.file === a.path) && (!a.sources || a.sources.includes(f.text)));

test('no regex or byte marker outside formats/ parses log text', () => {
  const found = shapesInCode();
  assert.ok(found.length > 20, `the scan finds the allowed ones (${found.length})`);
  const stray = found.filter((f) => !allowed(f)).map((f) => `${f.file}:${f.line}: ${f.text}`);
  assert.deepEqual(stray, [], `line shapes belong in ${FORMATS} (with samples):\n${stray.join('\n')}`);
});

test('every entry of the allowed list is still needed', () => {
  const found = shapesInCode();
  for (const a of ALLOWED) {
    const here = found.filter((f) => (a.path.endsWith('/') ? f.file.startsWith(a.path) : f.file === a.path));
    assert.ok(here.length > 0, `${a.path}: nothing left to allow`);
    for (const s of a.sources ?? []) assert.ok(here.some((f) => f.text === s), `${a.path}: ${s} is gone`);
  }
});

test('the scan finds what it looks for', () => {
  const sf = ts.createSourceFile('x.ts', "const a = /to=<([^>]*)>/; const b = new RegExp('x'); const c = ascii('client='); const d = ascii(marker.text);", ts.ScriptTarget.Latest, true);
  assert.deepEqual(shapesIn(sf, 'x.ts').map((f) => f.text), ['/to=<([^>]*)>/', "new RegExp('x')", "ascii('client=')"]);
});

test('no text marker outside formats/ looks for log text', () => {
  const found = shapesInCode(markersIn);
  const stray = found.filter((f) => !ALLOWED_MARKERS.some((a) => a.path === f.file && a.sources.includes(f.text))).map((f) => `${f.file}:${f.line}: ${f.text}`);
  assert.deepEqual(stray, [], `text markers belong in ${FORMATS} (named, with samples):\n${stray.join('\n')}`);
  for (const a of ALLOWED_MARKERS) for (const s of a.sources) assert.ok(found.some((f) => f.file === a.path && f.text === s), `${a.path}: ${s} is gone`);
});

test('the marker scan finds markers, not delimiters', () => {
  const sf = ts.createSourceFile('x.ts', "a.startsWith('client=', 3); a.includes(' to=<'); a.indexOf('\\n'); a.indexOf('/'); a.lastIndexOf(' ', 9); a.endsWith(M.text); a.includes(`x`)", ts.ScriptTarget.Latest, true);
  assert.deepEqual(markersIn(sf, 'x.ts').map((f) => f.text), ["a.startsWith('client=', 3)", "a.includes(' to=<')", 'a.includes(`x`)']);
});
