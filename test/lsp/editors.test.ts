// Protocol tests for editors without the extension: the code lens's command runs on the server
// (workspace/executeCommand), showing the path as a document or a message; the extension, which
// runs it itself, is not offered it; mailbox.log's outline names its ERROR/FATAL entries.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ClientCapabilities,
  CodeLens,
  CodeLensRequest,
  CodeLensResolveRequest,
  DocumentSymbol,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
  MarkupContent,
  ShowDocumentParams,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShowMessageParams,
} from 'vscode-languageserver-protocol/node';
import type { PathResult } from '../../common/protocol';
import { root, TestServer } from './client';

/** A server whose showMessage notifications and showDocument requests are recorded. */
async function start(capabilities: ClientCapabilities, initializationOptions?: unknown) {
  const messages: ShowMessageParams[] = [];
  const documents: ShowDocumentParams[] = [];
  const server = await TestServer.start({ capabilities, initializationOptions }, (c) => {
    c.onNotification(ShowMessageNotification.type, (p) => void messages.push(p));
    c.onRequest(ShowDocumentRequest.type, (p) => (documents.push(p), { success: true }));
  });
  return { server, messages, documents };
}

/** The resolved code lens of the transaction whose first line holds `marker`. */
async function lensAt(server: TestServer, uri: string, marker: string): Promise<CodeLens> {
  const line = fs.readFileSync(fileURLToPath(uri), 'utf8').split('\n').findIndex((l) => l.includes(marker));
  const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  const lens = lenses?.find((l) => l.range.start.line === line);
  assert.ok(lens, `a lens on line ${line}`);
  return server.connection.sendRequest(CodeLensResolveRequest.type, lens);
}

test('the lens command runs on the server: executeCommand answers the path and shows its summary as a message', async () => {
  const s = await start({});
  try {
    assert.deepEqual(s.server.initializeResult?.capabilities.executeCommandProvider, { commands: ['zimbraLogs.showPath'] });
    const uri = await s.server.open('samples/zimbra.log');
    const lens = await lensAt(s.server, uri, 'EFAF89FC43C: client=');
    assert.equal(lens.command?.command, 'zimbraLogs.showPath');
    const r = (await s.server.connection.sendRequest(ExecuteCommandRequest.type, { command: lens.command!.command, arguments: lens.command!.arguments })) as PathResult;
    assert.deepEqual(r.queueIds.slice(0, 2), ['17B8ED411FA6', 'EFAF89FC43C']);
    assert.match(r.text, /: EFAF89FC43C: to=<carol@example\.com>.*status=deferred/);
    assert.match(r.summary, /17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example\.com/);
    assert.deepEqual(s.messages.map((m) => [m.type, m.message]), [[3, r.summary]]);
    assert.deepEqual(s.documents, []);
    // A bad argument or an unknown command is an error, not a crash.
    await assert.rejects(s.server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'zimbraLogs.showPath', arguments: ['x'] }), /uri, line/);
    await assert.rejects(s.server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'zimbraLogs.nothing', arguments: [] }), /no command/);
  } finally {
    await s.server.stop();
  }
});

test('a client that opens documents for the server gets the collated path as a file of its own', async () => {
  const s = await start({ window: { showDocument: { support: true } } });
  try {
    const uri = await s.server.open('samples/zimbra.log');
    const lens = await lensAt(s.server, uri, 'EFAF89FC43C: client=');
    const r = (await s.server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'zimbraLogs.showPath', arguments: lens.command!.arguments })) as PathResult;
    assert.equal(s.documents.length, 1);
    assert.equal(s.documents[0].takeFocus, true);
    const file = fileURLToPath(s.documents[0].uri);
    assert.match(file, /path-17B8ED411FA6\.txt$/);
    assert.equal(fs.readFileSync(file, 'utf8'), r.text);
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'readable by the user only');
    assert.deepEqual(s.messages, []);
  } finally {
    await s.server.stop();
  }
});

test('the extension runs zimbraLogs.showPath itself: the server does not offer it (no second registration in VS Code)', async () => {
  const s = await start({ workspace: { executeCommand: { dynamicRegistration: true } } }, { visibleRanges: true, clientCommands: ['zimbraLogs.showPath'] });
  try {
    assert.equal(s.server.initializeResult?.capabilities.executeCommandProvider, undefined);
    await assert.rejects(s.server.connection.sendRequest(ExecuteCommandRequest.type, { command: 'zimbraLogs.showPath', arguments: [{ uri: 'file:///x.log', line: 0 }] }), /no command/);
  } finally {
    await s.server.stop();
  }
});

test("mailbox.log's outline over the protocol: ERROR and FATAL entries named by time, level, logger and message", async () => {
  const s = await start({});
  try {
    const uri = await s.server.open('samples/mailbox.log', 'zimbra-log');
    const symbols = (await s.server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const entries = symbols.filter((x) => / (ERROR|FATAL) /.test(x.name) && !x.children).map((x) => [x.name, x.range.start.line, x.range.end.line]);
    assert.deepEqual(entries, [
      ['10:18:11 ERROR SoapEngine - handler exception', 9, 18],
      ['10:21:44 FATAL system - Unable to start servlet', 21, 29],
    ]);
  } finally {
    await s.server.stop();
  }
});

// The hover Neovim showed as `becky@seaglass\.com | 2\.0\.0`: a real log of the shared corpus (read in place).
const CORPUS_LOG = path.resolve(root, '..', 'shared', 'corpus', 'kdent-postfix_log_analysis', 'mail.log.head3000.log');

test('a real log\'s hover in Markdown: the recipient row in code spans, no backslash anywhere', { skip: fs.existsSync(CORPUS_LOG) ? false : `no corpus log at ${CORPUS_LOG}` }, async () => {
  const s = await start({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } });
  try {
    const uri = await s.server.open(CORPUS_LOG);
    const lines = fs.readFileSync(CORPUS_LOG, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('E2C08243CB: to=<becky@seaglass.com>'));
    const h = await s.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: lines[line].indexOf('E2C08243CB') + 2 } });
    const value = (h!.contents as MarkupContent).value;
    assert.match(value, /^\| `becky@seaglass\.com` \| sent \| `2\.0\.0` \| `mail\.seaglass\.com\[74\.220\.219\.61\]:25` \| `3\.1 s` \|$/m);
    assert.match(value, /^- From: `<[^`]+>`$/m);
    assert.doesNotMatch(value, /\\/);
  } finally {
    await s.server.stop();
  }
});
