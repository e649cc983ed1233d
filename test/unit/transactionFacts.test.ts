// The outline and workspace symbols of an open log read every transaction's facts from its stream
// index, a queue-ID key at a time (engine/index/transactionFacts.ts), not from an index of every
// line: the same facts, in the same order, as such an index gives, on generated logs (hops,
// bounces and their notifications, queue IDs reused, CRLF), the fixtures and the real corpus.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogView } from '../../server/src/lsp/workspace';
import { LogIndex } from '../../server/src/engine/index/logIndex';
import { documentSymbols, workspaceSymbols } from '../../server/src/features/symbols';
import { corpusFiles, fixtures, plainFacts, referenceFacts, root } from './helpers';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-facts-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function generated(size: string, seed: number): string {
  const file = path.join(dir, `zimbra-${seed}.log`);
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', size, '--seed', String(seed), '--out', file], { stdio: 'ignore' });
  return fs.readFileSync(file, 'utf8');
}

/** Compares the facts with the reference; returns how many transactions with lines there are. */
function compare(text: string, name: string): number {
  const view = new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text));
  const facts = view.transactionFacts();
  const reference = referenceFacts(LogIndex.build(text, (n) => view.line(n)));
  assert.deepEqual(plainFacts(facts), reference, name);
  return facts.filter((f) => f.first >= 0).length;
}

test('the facts of every transaction equal those of an index of every line on a generated log', () => {
  const text = generated('1M', 21);
  assert.ok(/notification: /.test(text) && /orig_queue_id=/.test(text), 'the log has notifications and hops');
  assert.ok(compare(text, 'generated') > 500);
});

test('the same when queue IDs are reused, a log has CRLF line ends, or it is cut in the middle of transactions', () => {
  const text = generated('300K', 22);
  assert.ok(compare(text + text, 'twice') > 300);
  assert.ok(compare(text.replace(/\n/g, '\r\n'), 'crlf') > 150);
  assert.ok(compare(text.slice(text.indexOf('\n', text.length / 3) + 1), 'cut') > 80);
});

test('the same on the fixtures and the real logs of the corpus', () => {
  const ours = [...fs.readdirSync(path.join(fixtures, 'collate')).filter((f) => f.endsWith('.log')).map((f) => path.join(fixtures, 'collate', f)), ...fs.readdirSync(path.join(fixtures, 'trace')).map((d) => path.join(fixtures, 'trace', d, 'zimbra.log')).filter((f) => fs.existsSync(f))];
  const count = (files: string[]) => files.reduce((n, f) => n + compare(fs.readFileSync(f, 'utf8'), f), 0);
  const n = count(ours);
  assert.ok(n > 30, `${n} transactions in the fixtures`);
  // The corpus (../shared/corpus) where this checkout has it: a fresh clone on its own has not.
  const real = corpusFiles();
  if (real.length) assert.ok(count(real) > 60, 'transactions in the corpus');
});

test('a notification whose child is logged on another instance: the child without lines orders its queue ID among the workspace symbols', () => {
  const text = [
    'Oct 13 10:18:00 mx postfix/smtpd[7600]: 5A1C2D3E4F: client=a.example[192.0.2.1]',
    'Oct 13 10:18:01 mx postfix/cleanup[7602]: 5A1C2D3E4F: message-id=<m1@example>',
    'Oct 13 10:18:02 mx postfix/bounce[7603]: 5A1C2D3E4F: sender non-delivery notification: 6B2D3E4F50',
    'Oct 13 10:18:02 mx postfix/cleanup[7602]: 7C3D4E5F61: message-id=<m2@example>',
    'Oct 13 10:18:03 mx postfix-out/cleanup[7604]: 6B2D3E4F50: message-id=<m1b@example>',
    'Oct 13 10:18:04 mx postfix/qmgr[7601]: 5A1C2D3E4F: removed',
    '',
  ].join('\n');
  const view = new LogView(TextDocument.create('file:///n.log', 'postfix-log', 1, text));
  assert.deepEqual(plainFacts(view.transactionFacts()), referenceFacts(LogIndex.build(text, (n) => view.line(n))));
  // 6B2D3E4F50 first began (without lines) on line 3, before 7C3D4E5F61 on line 4.
  assert.deepEqual(workspaceSymbols([view], '').map((s) => s.name), ['5A1C2D3E4F', '6B2D3E4F50', '7C3D4E5F61', '&lt;m1@example&gt;', '&lt;m2@example&gt;', '&lt;m1b@example&gt;'].map((s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>')));
  assert.deepEqual(documentSymbols(view).map((s) => [s.name, s.range.start.line]), [['5A1C2D3E4F', 0], ['7C3D4E5F61', 3], ['6B2D3E4F50', 4]]);
});
