// Requests at a position of an open log are answered from the lines that its stream index finds
// for the queue IDs there and those they link to (LogView.at, engine/index/recordQuery.ts): the
// same hover, definition, references and highlights as an index of every line gives, on generated
// logs (hops through amavis and the DKIM signer, bounces and their notifications, deferrals, queue
// IDs reused), the fixtures of every shape and the real logs of the corpus.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { IndexedLog, LogView } from '../../server/src/lsp/workspace';
import { LogIndex } from '../../server/src/engine/index/logIndex';
import { describeLine } from '../../server/src/engine/lineInfo';
import { hover } from '../../server/src/features/hover';
import { definition, highlights, references } from '../../server/src/features/navigation';
import { corpusFiles, fixtures, root } from './helpers';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-early-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function generated(size: string, seed: number): string {
  const file = path.join(dir, `zimbra-${seed}.log`);
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', size, '--seed', String(seed), '--out', file], { stdio: 'ignore' });
  return fs.readFileSync(file, 'utf8');
}

/**
 * Compares, at every queue ID of every `stride`-th line that has one, the answers from the lines
 * the stream index finds with those of an index of every line. Returns how many positions were compared.
 */
function compare(text: string, stride = 1): number {
  const doc = TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text);
  const view = new LogView(doc);
  void view.pass;
  const late: IndexedLog = { document: doc, index: LogIndex.build(text, (n) => view.line(n)), scan: view.scan, pass: view.pass, line: (n) => view.line(n) };
  const lines = text.split('\n');
  let compared = 0;
  let hovers = 0;
  let withLines = 0;
  for (let n = 0; n < lines.length; n++) {
    const ids = describeLine(lines[n].replace(/\r$/, '')).queueIds;
    if (!ids.length || withLines++ % stride) continue;
    for (const q of ids) {
      const position = { line: n, character: q.span.start + 1 };
      const early = view.at(position);
      const where = `${q.id} at line ${n + 1}`;
      const h = hover(early, position);
      assert.deepEqual(h, hover(late, position), where);
      if (h) hovers++;
      assert.deepEqual(definition(early, position), definition(late, position), where);
      assert.deepEqual(references(early, position), references(late, position), where);
      assert.deepEqual(highlights(early, position), highlights(late, position), where);
      compared++;
    }
  }
  assert.ok(hovers >= compared / 2, `${hovers} hovers of ${compared}`);
  return compared;
}

test('answers from the stream index equal those of an index of every line on a generated log (hops, bounces, deferrals)', () => {
  const text = generated('1M', 11);
  assert.ok(/orig_queue_id=/.test(text) && /notification: /.test(text) && /queued_as: /.test(text), 'the log has every kind of link');
  assert.ok(compare(text, 3) > 1000);
});

test('answers from the stream index equal those of an index of every line when queue IDs are reused and a log has CRLF line ends', () => {
  const text = generated('300K', 12);
  // The same transactions again later in the log (every queue ID reused), and in CRLF.
  assert.ok(compare(text + text, 5) > 300);
  assert.ok(compare(text.replace(/\n/g, '\r\n'), 7) > 100);
});

test('answers from the stream index equal those of an index of every line on the fixtures and the real logs of the corpus', () => {
  const files = [...(fs.readdirSync(path.join(fixtures, 'collate')).filter((f) => f.endsWith('.log')).map((f) => path.join(fixtures, 'collate', f))), ...fs.readdirSync(path.join(fixtures, 'trace')).map((d) => path.join(fixtures, 'trace', d, 'zimbra.log')).filter((f) => fs.existsSync(f)), ...corpusFiles()];
  let compared = 0;
  for (const f of files) compared += compare(fs.readFileSync(f, 'utf8'), 1);
  assert.ok(compared > 100, `${compared} positions`);
});
