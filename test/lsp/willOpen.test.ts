// zimbraLogs/willOpen: the client announces a large file's didOpen, the server reads the file from
// disk and publishes its diagnostics before the text has arrived (here before the didOpen is even
// sent); the text then decides. Ordering only: no sleeps.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DocumentSymbolRequest, HoverRequest, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { WillOpenNotification } from '../../common/protocol';
import { quickDiagnostics } from '../../server/src/features/diagnostics';
import { LogView } from '../../server/src/lsp/workspace';
import { generatedLog, root, TestServer } from './client';

let dir: string;
let log: string;
let text: string;

before(() => ({ dir, log, text } = generatedLog('4M', 7)));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the text gives (the server has no settings from this client: the defaults), as it comes over the protocol. */
const fromText = (uri: string, t: string): Diagnostic[] => JSON.parse(JSON.stringify(quickDiagnostics(new LogView(TextDocument.create(uri, 'postfix-log', 1, t)))));

/** A server whose publications are kept per URI; `next(uri)` waits for the next one. */
async function recording() {
  const seen = new Map<string, PublishDiagnosticsParams[]>();
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  const server = await TestServer.start({}, (c) =>
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      seen.set(p.uri, [...(seen.get(p.uri) ?? []), p]);
      waiting.get(p.uri)?.(p);
      waiting.delete(p.uri);
    }),
  );
  const next = (uri: string) => new Promise<PublishDiagnosticsParams>((r) => waiting.set(uri, r));
  const willOpen = (uri: unknown) => server.connection.sendNotification(WillOpenNotification, { uri, version: 1 } as never);
  return { server, seen, next, willOpen };
}

test('diagnostics come from disk before the didOpen is sent, equal to those of the text; the text does not publish them again', { timeout: 180_000 }, async () => {
  const { server, seen, next, willOpen } = await recording();
  try {
    const uri = pathToFileURL(log).toString();
    const early = next(uri);
    await willOpen(uri);
    const first = await early;
    const expected = fromText(uri, text);
    assert.ok(expected.length > 20 && expected.some((d) => /: (?:deferred|bounced|expired) for </.test(d.message)), 'the log has delivery failures');
    assert.deepEqual(first.diagnostics, expected);
    assert.equal(first.version, 1);
    await server.open(log, 'postfix-log', text);
    // Answered once the index is complete, after the text's first pass has decided on its diagnostics.
    assert.ok((await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }))!.length > 0);
    const later = seen.get(uri)!.slice(1);
    assert.ok(later.every((p) => p.diagnostics.length !== expected.length), 'the same diagnostics were not published again');
  } finally {
    await server.stop();
  }
});

test('a text that is not the file on disk gets its own diagnostics: another length, or one word changed', { timeout: 180_000 }, async () => {
  const { server, next, willOpen } = await recording();
  try {
    const bounce = text.indexOf('status=bounced');
    assert.ok(bounce > 0);
    const texts = {
      shorter: text.slice(0, text.lastIndexOf('\n', text.length >> 1) + 1),
      // The same length: one bounce is no longer one.
      changed: text.slice(0, bounce) + 'status=sentxxx' + text.slice(bounce + 14),
    };
    for (const [name, t] of Object.entries(texts)) {
      const file = path.join(dir, `${name}.log`);
      fs.copyFileSync(log, file);
      const uri = pathToFileURL(file).toString();
      const early = next(uri);
      await willOpen(uri);
      assert.deepEqual((await early).diagnostics, fromText(uri, text), name);
      const corrected = next(uri);
      await server.open(file, 'postfix-log', t);
      const expected = fromText(uri, t);
      assert.notEqual(expected.length, fromText(uri, text).length, name);
      assert.deepEqual((await corrected).diagnostics, expected, name);
    }
  } finally {
    await server.stop();
  }
});

test('a willOpen for a missing file, a compressed file or nonsense is harmless; the didOpen then gives the diagnostics', { timeout: 180_000 }, async () => {
  const { server, seen, next, willOpen } = await recording();
  try {
    const missing = pathToFileURL(path.join(dir, 'missing', 'zimbra.log')).toString();
    const gz = path.join(dir, 'zimbra.log.gz');
    fs.writeFileSync(gz, zlib.gzipSync(text));
    await willOpen(missing);
    await willOpen(pathToFileURL(gz).toString());
    await willOpen(42);
    await willOpen('untitled:Untitled-1');
    await willOpen(pathToFileURL(dir).toString());
    // A log opened after them gets its diagnostics from its text as always.
    const sample = path.join(root, 'samples', 'zimbra.log');
    const sampleUri = pathToFileURL(sample).toString();
    const sampled = next(sampleUri);
    await server.open(sample);
    assert.ok((await sampled).diagnostics.length > 0);
    assert.deepEqual([...seen.keys()], [sampleUri]);
    const fromDidOpen = next(missing);
    await server.open(path.join(dir, 'missing', 'zimbra.log'), 'postfix-log', text);
    assert.deepEqual((await fromDidOpen).diagnostics, fromText(missing, text));
    // And the server still answers.
    await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: sampleUri }, position: { line: 0, character: 0 } });
  } finally {
    await server.stop();
  }
});
