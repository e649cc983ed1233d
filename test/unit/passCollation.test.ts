// An open log is collated in its stream index's pass (engine/index/documentPass.ts: the same
// bytes, in the same steps), not by a collation of the whole text of its own: the transactions,
// and the collation at the cursor, equal collate.pl's (collateText, checked against the script in
// collatePerl.test.ts) on generated logs (CRLF, queue IDs reused, a log that grows), the fixtures
// and the real logs of the corpus.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogView } from '../../server/src/lsp/workspace';
import { collateText, Transaction } from '../../server/src/engine/collateText';
import { describeLine } from '../../server/src/engine/lineInfo';
import { collate, transactionSummaries } from '../../server/src/features/collate';
import { corpusFiles, fixtures, root } from './helpers';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-passcollate-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function generated(size: string, seed: number): string {
  const file = path.join(dir, `zimbra-${seed}.log`);
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', size, '--seed', String(seed), '--out', file], { stdio: 'ignore' });
  return fs.readFileSync(file, 'utf8');
}

const plain = (ts: readonly Transaction[]) => ts.map((t) => ({ key: t.key, instance: t.instance, queueId: t.queueId, lines: [...t.lines], complete: t.complete }));

/** Compares the view's transactions and its collation at every `stride`-th queue ID with collateText's; returns the transactions. */
function compare(view: LogView, text: string, name: string, stride = 1): number {
  const reference = collateText(text);
  assert.deepEqual(plain(view.transactions), plain(reference), name);
  const old = Object.create(view, { transactions: { value: reference } }) as LogView;
  assert.deepEqual(transactionSummaries(view), transactionSummaries(old), name);
  const lines = text.split('\n');
  let k = 0;
  for (let line = 0; line < lines.length; line++) {
    for (const q of describeLine(lines[line].replace(/\r$/, '')).queueIds) {
      if (k++ % stride) continue;
      const params = { uri: view.document.uri, position: { line, character: q.span.start + 1 } };
      assert.deepEqual(collate(view, params), collate(old, params), `${name}: ${q.id} at line ${line + 1}`);
    }
  }
  assert.deepEqual(collate(view, { uri: view.document.uri }), collate(old, { uri: view.document.uri }), name);
  return reference.length;
}

const open = (text: string) => new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text));

test('the pass collates a generated log as collate.pl does, at the cursor and whole', () => {
  const text = generated('1M', 41);
  assert.ok(compare(open(text), text, 'generated', 5) > 500);
});

test('the same with CRLF line ends, queue IDs reused and no newline at the end', () => {
  const text = generated('300K', 42);
  assert.ok(compare(open(text + text), text + text, 'twice', 13) > 300);
  const crlf = text.replace(/\n/g, '\r\n');
  assert.ok(compare(open(crlf), crlf, 'crlf', 13) > 150);
  const cut = text.slice(0, text.lastIndexOf('removed') + 7);
  assert.ok(compare(open(cut), cut, 'no newline', 13) > 150);
});

test('a log that grows: the pass goes on, the transactions are those of the whole text; the earlier view keeps its own', () => {
  const text = generated('300K', 43);
  const cut = text.indexOf('\n', text.length >> 1) + 1;
  const doc = TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text.slice(0, cut));
  const v1 = new LogView(doc);
  const first = plain(v1.transactions);
  assert.deepEqual(first, plain(collateText(text.slice(0, cut))));
  assert.ok(first.some((t) => !t.complete), 'some transactions are open at the cut');
  TextDocument.update(doc, [{ text: text.slice(cut), range: { start: doc.positionAt(cut), end: doc.positionAt(cut) } }], 2);
  const v2 = new LogView(doc, v1);
  assert.equal(v2.pass, v1.pass, 'the pass goes on');
  compare(v2, text, 'grown', 17);
  assert.deepEqual(plain(v1.transactions), first);
});

test('the pass collates the fixtures and the real logs of the corpus as collate.pl does', () => {
  const files = [...fs.readdirSync(path.join(fixtures, 'collate')).filter((f) => f.endsWith('.log')).map((f) => path.join(fixtures, 'collate', f)), ...fs.readdirSync(path.join(fixtures, 'trace')).map((d) => path.join(fixtures, 'trace', d, 'zimbra.log')).filter((f) => fs.existsSync(f)), ...corpusFiles()];
  let n = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    n += compare(open(text), text, f);
  }
  assert.ok(n > 100, `${n} transactions`);
});
