// A log with CRLF line ends in the language server: the same diagnostics, lenses, hovers and
// transactions as its LF twin, and the collated text keeps the CR bytes of its lines.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLens, CodeLensRequest, CodeLensResolveRequest, HoverRequest, MarkupContent, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { CollateRequest, TransactionsRequest } from '../../common/protocol';
import { root, TestServer } from './client';

const lf = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'utf8');
const crlf = lf.replace(/\n/g, '\r\n');
let server: TestServer;
after(() => server?.stop());

test('CRLF and LF twins: same diagnostics, lens titles, hovers and transactions; collated lines keep their CRs', async () => {
  server = await TestServer.start();
  const published = new Map<string, PublishDiagnosticsParams>();
  server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => published.set(p.uri, p));
  const a = await server.open('test/fixtures/lf/zimbra.log', 'postfix-log', lf);
  const b = await server.open('test/fixtures/crlf/zimbra.log', 'postfix-log', crlf);
  for (const deadline = Date.now() + 10_000; !(published.has(a) && published.has(b)) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
  assert.ok(published.get(a)!.diagnostics.length > 2);
  assert.deepEqual(published.get(b)!.diagnostics, published.get(a)!.diagnostics);

  const titles = async (uri: string) => {
    const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    return Promise.all(lenses.map(async (l) => [l.range.start.line, (await server.connection.sendRequest(CodeLensResolveRequest.type, l)).command?.title]));
  };
  const ta = await titles(a);
  assert.ok(ta.length >= 5);
  assert.deepEqual(await titles(b), ta);

  const hoverAt = async (uri: string) => ((await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 46 } }))!.contents as MarkupContent).value;
  assert.equal(await hoverAt(b), await hoverAt(a));

  const ts = async (uri: string) => server.connection.sendRequest(TransactionsRequest, { uri });
  const tsa = await ts(a);
  assert.ok(tsa.some((t) => t.complete));
  assert.deepEqual(await ts(b), tsa);

  const whole = async (uri: string) => (await server.connection.sendRequest(CollateRequest, { uri }))!.text;
  assert.equal(await whole(b), (await whole(a)).replace(/(?<=.)\n/g, '\r\n'));
});
