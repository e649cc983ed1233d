// An open log's diagnostics are published when its pass is done; hovers and definitions at queue
// IDs asked right then are answered from the lines its stream index finds for those queue IDs,
// before the listing of every transaction (outline, lenses) is made, with what an index of every
// transaction answers. Ordering only (a request that needs every transaction, sent first, is
// answered after them): no sleeps.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DefinitionRequest, DocumentSymbolRequest, HoverRequest, PublishDiagnosticsNotification, PublishDiagnosticsParams, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import { quickDiagnostics } from '../../server/src/features/diagnostics';
import { LogView } from '../../server/src/lsp/workspace';
import { generatedLog, TestServer } from './client';

let dir: string;
let log: string;
let text: string;

before(() => ({ dir, log, text } = generatedLog('8M', 21)));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Positions of the queue IDs starting the first Postfix line with one in each of `n` parts of the log. */
function queueIds(n: number): { line: number; character: number }[] {
  const lines = text.split('\n');
  const out = [];
  for (let k = 0; k < n; k++) {
    for (let i = Math.floor((k * lines.length) / n); i < lines.length; i++) {
      const m = /^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ postfix\S*\[\d+\]: ([0-9A-F]{6,}): /.exec(lines[i]);
      if (m) {
        out.push({ line: i, character: m[0].length - m[1].length - 1 });
        break;
      }
    }
  }
  return out;
}

test('diagnostics come before every transaction is listed, the same as the whole pass gives; hovers and definitions asked then are answered before it too, as an index of every transaction answers them', async () => {
  const server = await TestServer.start();
  try {
    const order: string[] = [];
    const positions = queueIds(8);
    const uri = pathToFileURL(log).toString();
    const doc = { textDocument: { uri } };
    const ask = (name: string, p: Promise<unknown>) => p.then((r) => (order.push(name), r));
    let asked!: (answers: Promise<unknown[]>) => void;
    const answers = new Promise<Promise<unknown[]>>((r) => (asked = r));
    let first: PublishDiagnosticsParams | undefined;
    server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (first) return;
      first = p;
      // At once: a request that reads every transaction first, then requests at queue IDs.
      const whole = ask('symbols', server.connection.sendRequest(DocumentSymbolRequest.type, doc));
      const at = positions.flatMap((position, i) => [
        ask(`hover ${i}`, server.connection.sendRequest(HoverRequest.type, { ...doc, position })),
        ask(`definition ${i}`, server.connection.sendRequest(DefinitionRequest.type, { ...doc, position })),
        ask(`references ${i}`, server.connection.sendRequest(ReferencesRequest.type, { ...doc, position, context: { includeDeclaration: true } })),
      ]);
      asked(Promise.all([whole, ...at]));
    });
    await server.open(log, 'postfix-log', text);
    const [symbols, ...early] = await (await answers);
    assert.ok((symbols as unknown[]).length > 0);
    // Every answer at a queue ID came while the transactions were still being listed.
    assert.equal(order[order.length - 1], 'symbols', order.join(', '));
    // The diagnostics of the whole pass (the server has no settings from this client: the defaults).
    const expected = quickDiagnostics(new LogView(TextDocument.create(uri, 'postfix-log', 1, text)));
    assert.ok(expected.length > 50 && expected.some((d) => /: (?:deferred|bounced|expired) for </.test(d.message)));
    assert.deepEqual(first!.diagnostics, JSON.parse(JSON.stringify(expected)));
    // Once every transaction is listed (the outline needed them), the same answers.
    const late = await Promise.all(
      positions.flatMap((position) => [
        server.connection.sendRequest(HoverRequest.type, { ...doc, position }),
        server.connection.sendRequest(DefinitionRequest.type, { ...doc, position }),
        server.connection.sendRequest(ReferencesRequest.type, { ...doc, position, context: { includeDeclaration: true } }),
      ]),
    );
    // Less the message's path across the folder's logs, which hovers add once the server has read
    // them (in the background, after the diagnostics, whatever the index).
    const local = (answers: unknown[]) => JSON.parse(JSON.stringify(answers).replace(/\\n\\n---\\n\\nAcross the folder's logs: [^"]*/g, ''));
    assert.deepEqual(local(early), local(late));
    assert.ok(early.every((a) => a !== null && (!Array.isArray(a) || a.length > 0)), 'every request found its queue ID');
  } finally {
    await server.stop();
  }
});
