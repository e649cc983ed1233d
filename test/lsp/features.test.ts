// Protocol tests: the standard LSP features of the bundled server, over stdio.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CodeLens,
  CodeLensRequest,
  CodeLensResolveRequest,
  DefinitionRequest,
  DocumentHighlightRequest,
  DocumentSymbol,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  Location,
  MarkupContent,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  ReferencesRequest,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { PathRequest } from '../../common/protocol';
import { TestServer } from './client';

let server: TestServer;
let zimbra: string;
let mailbox: string;
const published = new Map<string, PublishDiagnosticsParams>();
const waiters: (() => void)[] = [];

/** Waits for the diagnostics of `uri` (published once per open). */
async function diagnosticsOf(uri: string): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + 10_000;
  while (!published.has(uri)) {
    if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri}`);
    await new Promise<void>((r) => waiters.push(r));
  }
  return published.get(uri)!;
}

before(async () => {
  server = await TestServer.start();
  server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.set(p.uri, p);
    waiters.splice(0).forEach((w) => w());
  });
  zimbra = await server.open('samples/zimbra.log');
  mailbox = await server.open('samples/mailbox.log', 'zimbra-log');
});
after(() => server.stop());

const pos = (line: number, character: number) => ({ line, character });

test('diagnostics are published on open: ERROR/FATAL entries with their traces, MTA failures', async () => {
  const m = await diagnosticsOf(mailbox);
  assert.deepEqual(m.diagnostics.map((d) => [d.code, d.range.start.line, d.range.end.line, d.source]), [['ERROR', 9, 18, 'zimbra-logs'], ['FATAL', 21, 29, 'zimbra-logs']]);
  const z = await diagnosticsOf(zimbra);
  assert.deepEqual(z.diagnostics.map((d) => d.code), ['mailbox-full', 'domain-not-found', 'other', 'fatal']);
});

test('definition, references and highlights of a queue ID', async () => {
  // line 19: "...: 17B8ED411FA6: to=<bob@example.com>, ... queued as EFAF89FC43C)"
  const def = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: zimbra }, position: pos(19, 46) })) as Location[];
  assert.deepEqual(def.map((l) => [l.uri, l.range.start.line, l.range.start.character]), [[zimbra, 9, 44]]);
  const refs = await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: zimbra }, position: pos(9, 46), context: { includeDeclaration: true } });
  assert.deepEqual(refs!.map((l) => l.range.start.line), [9, 10, 11, 13, 15, 19, 20, 21]);
  const hl = await server.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri: zimbra }, position: pos(9, 46) });
  assert.equal(hl!.length, 8);
});

test('hover on a queue ID and on a Message-ID', async () => {
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: zimbra }, position: pos(9, 46) });
  const text = (h!.contents as MarkupContent).value;
  assert.match(text, /\*\*17B8ED411FA6\*\* on mta01/);
  assert.match(text, /Next hop: EFAF89FC43C/);
  const m = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: zimbra }, position: pos(10, 76) });
  assert.match((m!.contents as MarkupContent).value, /is carried by:/);
  assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: zimbra }, position: pos(0, 1) }), null);
});

test('code lenses resolve to the delivery path; the path request collates every hop', async () => {
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: zimbra } })) as CodeLens[];
  assert.equal(lenses.length, 6);
  // The server reads the folder's other logs (samples/mailbox.log) in the background: then the
  // lens follows the message into the mailbox server.
  let resolved = await server.connection.sendRequest(CodeLensResolveRequest.type, lenses[1]);
  for (const deadline = Date.now() + 10_000; !resolved.command!.title.includes('Inbox') && Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 50));
    resolved = await server.connection.sendRequest(CodeLensResolveRequest.type, lenses[1]);
  }
  assert.equal(
    resolved.command!.title,
    'mail.partner.org [198.51.100.7] → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example.com: mbox01.example.com Inbox ✓ delivered; carol@example.com: mbox01.example.com ✗ overquota',
  );
  const p = await server.connection.sendRequest(PathRequest, resolved.command!.arguments![0]);
  assert.deepEqual(p?.queueIds, ['17B8ED411FA6', 'EFAF89FC43C']);
});

test('document symbols, folding ranges and workspace symbols', async () => {
  const syms = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: mailbox } })) as DocumentSymbol[];
  // Entries and restarts in line order, then the protocol-thread and handler-exception groups.
  assert.deepEqual(syms.map((s) => s.range.start.line), [0, 9, 21, 30, 31, 2, 19, 4, 8]);
  assert.deepEqual(syms.slice(5).map((s) => [s.name, s.children?.length]), [['LmtpServer', 4], ['ImapServer', 1], ['SOAP (qtp)', 3], ['handler exception', 2]]);
  const folds = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: mailbox } });
  assert.deepEqual(folds!.map((f) => [f.startLine, f.endLine]), [[9, 18], [21, 29]]);
  const ws = await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '5A1C' });
  assert.deepEqual((ws as { name: string }[]).map((s) => s.name), ['5A1C2D3E4F']);
});

test('a bad request answers empty and the server keeps serving', async () => {
  const def = await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: zimbra }, position: pos(99999, 5) });
  assert.deepEqual(def, []);
  const none = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///not-open.log' }, position: pos(0, 0) });
  assert.equal(none, null);
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: zimbra }, position: pos(9, 46) });
  assert.ok(h);
});
