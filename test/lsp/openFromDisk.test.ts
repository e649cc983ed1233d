// zimbraLogs/openFromDisk: a large log file opened without its text. The server reads the file,
// checks it against the editor text's fingerprint and opens the document as a didOpen of that text
// would; when the file is not that text (or cannot be read) it asks for the didOpen
// (zimbraLogs/sendText). Ordering only: no sleeps.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DefinitionRequest, DidOpenTextDocumentNotification, Diagnostic, DocumentSymbolRequest, HoverRequest, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { CloseFromDiskNotification, OpenFromDiskNotification, SendTextNotification } from '../../common/protocol';
import { fingerprintOf } from '../../common/textFingerprint';
import { diagnosticSteps, quickDiagnostics } from '../../server/src/features/diagnostics';
import { runSteps } from '../../server/src/engine/steps';
import { LogView } from '../../server/src/lsp/workspace';
import { generatedLog, TestServer } from './client';

let dir: string;
let log: string;
let text: string;

before(() => ({ dir, log, text } = generatedLog('3M', 11)));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the text gives (the defaults: this client has no settings), as it comes over the protocol. */
const fromText = (uri: string, t: string): Diagnostic[] => JSON.parse(JSON.stringify(quickDiagnostics(new LogView(TextDocument.create(uri, 'postfix-log', 1, t)))));

/** The same with the slower analyses (bursts, flagged accounts): the last publication for a version. */
const allFromText = (uri: string, t: string): Diagnostic[] => JSON.parse(JSON.stringify(runSteps(diagnosticSteps(new LogView(TextDocument.create(uri, 'postfix-log', 1, t))))));

/** A server whose publications and text requests are recorded; `next(uri)` waits for the next publication. */
async function recording() {
  const seen = new Map<string, PublishDiagnosticsParams[]>();
  const asked: string[] = [];
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  let textAsked: (uri: string) => void = () => undefined;
  const server = await TestServer.start({}, (c) => {
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      seen.set(p.uri, [...(seen.get(p.uri) ?? []), p]);
      waiting.get(p.uri)?.(p);
      waiting.delete(p.uri);
    });
    c.onNotification(SendTextNotification, (p) => {
      asked.push(p.uri);
      textAsked(p.uri);
    });
  });
  const next = (uri: string) => new Promise<PublishDiagnosticsParams>((r) => waiting.set(uri, r));
  /** Waits for a publication for `uri` of `version` with these diagnostics (the last of that version), after the first `from`. */
  const settled = async (uri: string, version: number, expected: Diagnostic[], from = 0) => {
    const is = (p: PublishDiagnosticsParams) => p.version === version && JSON.stringify(p.diagnostics) === JSON.stringify(expected);
    while (!seen.get(uri)?.slice(from).some(is)) await next(uri);
  };
  const nextAsk = () => new Promise<string>((r) => (textAsked = r));
  /** Opens `file` from disk, as the extension's client does for the editor text `t`. */
  const openFromDisk = (file: string, t: string, version = 1) =>
    server.connection.sendNotification(OpenFromDiskNotification, { textDocument: { uri: pathToFileURL(file).toString(), languageId: 'postfix-log', version }, fingerprint: fingerprintOf(t) });
  const didOpen = (uri: string, t: string, version = 1) => server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'postfix-log', version, text: t } });
  return { server, seen, asked, next, settled, nextAsk, openFromDisk, didOpen };
}

/** A queue ID's position on a Postfix line past the middle of `t`. */
function queueIdPosition(t: string) {
  const lines = t.split('\n');
  for (let i = lines.length >> 1; i < lines.length; i++) {
    const m = / postfix\/\w+\[\d+\]: ([0-9A-F]{8,}): /.exec(lines[i]);
    if (m) return { line: i, character: m.index + m[0].length - m[1].length - 2 };
  }
  throw new Error('no queue ID');
}

test('opened from disk: the diagnostics, hover, definition and symbols of a didOpen of the same text; the text is never asked for', { timeout: 180_000 }, async () => {
  const { server, asked, next, settled, openFromDisk, didOpen } = await recording();
  try {
    const uri = pathToFileURL(log).toString();
    const copy = path.join(dir, 'copy', 'zimbra.log');
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(log, copy);
    const copyUri = pathToFileURL(copy).toString();
    const first = next(uri);
    await openFromDisk(log, text);
    // A hover asked while the file is read waits for the document (not answered empty).
    const at = queueIdPosition(text);
    const hoverWhileRead = server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
    const expected = fromText(uri, text);
    assert.ok(expected.length > 20 && expected.some((d) => /: (?:deferred|bounced|expired) for </.test(d.message)), 'the log has delivery failures');
    const p = await first;
    assert.deepEqual(p.diagnostics, expected);
    assert.equal(p.version, 1);
    // Right after the first diagnostics: a hover and a definition, as after a didOpen of the same text.
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
    const definition = await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at });
    const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    const copied = next(copyUri);
    await didOpen(copyUri, text);
    assert.deepEqual((await copied).diagnostics, expected);
    assert.ok(hover && JSON.stringify(hover).length > 100, `the hover describes the transaction: ${JSON.stringify(hover)}`);
    assert.deepEqual(hover, await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: copyUri }, position: at }));
    assert.deepEqual(await hoverWhileRead, hover);
    const withCopy = (x: unknown) => JSON.parse(JSON.stringify(x).split(copyUri).join(uri));
    assert.deepEqual(definition, withCopy(await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: copyUri }, position: at })));
    assert.deepEqual(symbols, withCopy(await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: copyUri } })));
    // Then the slower analyses, the same for both.
    const all = allFromText(uri, text);
    assert.ok(all.length > expected.length);
    await settled(uri, 1, all);
    await settled(copyUri, 1, allFromText(copyUri, text));
    assert.deepEqual(asked, []);
  } finally {
    await server.stop();
  }
});

test('a file that is not the editor text, not UTF-8, missing, or a folder: the text is asked for, and its didOpen gives the diagnostics; a BOM is not part of the text', { timeout: 180_000 }, async () => {
  const { server, seen, asked, next, nextAsk, openFromDisk, didOpen } = await recording();
  try {
    const bounce = text.indexOf('status=bounced');
    assert.ok(bounce > 0);
    // The same length, one word changed (at the start, where the fingerprint looks).
    const changed = 'X' + text.slice(1, bounce) + 'status=sentxxx' + text.slice(bounce + 14);
    const latin1 = path.join(dir, 'latin1.log');
    fs.writeFileSync(latin1, Buffer.concat([Buffer.from('Oct 13 10:17:00 mta01 postfix/smtpd[1]: NOQUEUE: reject: Caf\xe9\n', 'latin1'), Buffer.from(text)]));
    const cases: [string, string, string][] = [
      ['changed', log, changed],
      ['not UTF-8', latin1, fs.readFileSync(latin1, 'latin1')],
      ['missing', path.join(dir, 'missing.log'), text],
      ['a folder', dir, text],
    ];
    for (const [name, file, editorText] of cases) {
      const uri = pathToFileURL(file).toString();
      const ask = nextAsk();
      await openFromDisk(file, editorText);
      assert.equal(await ask, uri, name);
      const published = next(uri);
      await didOpen(uri, editorText);
      assert.deepEqual((await published).diagnostics, fromText(uri, editorText), name);
    }
    assert.equal(asked.length, cases.length);
    assert.notDeepEqual(fromText('x', changed), fromText('x', text));
    // A BOM: the editor's text is without it.
    const bom = path.join(dir, 'bom.log');
    fs.writeFileSync(bom, '\ufeff' + text);
    const bomUri = pathToFileURL(bom).toString();
    const published = next(bomUri);
    await openFromDisk(bom, text);
    assert.deepEqual((await published).diagnostics, fromText(bomUri, text));
    assert.equal(asked.length, cases.length);
    // Nothing was published from the file that was not the text.
    assert.deepEqual(seen.get(pathToFileURL(log).toString())![0].diagnostics, fromText(pathToFileURL(log).toString(), changed));
  } finally {
    await server.stop();
  }
});

test('edited after opening from disk: the didOpen of the new text, then changes; closed: diagnostics cleared; closed while read: nothing published', { timeout: 180_000 }, async () => {
  const { server, seen, next, settled, openFromDisk, didOpen } = await recording();
  try {
    const uri = pathToFileURL(log).toString();
    await openFromDisk(log, text);
    await settled(uri, 1, allFromText(uri, text));
    // The first change: the client sends the didOpen of the changed text (version 2).
    const shorter = text.slice(0, text.lastIndexOf('\n', text.length >> 1) + 1);
    const second = next(uri);
    await didOpen(uri, shorter, 2);
    const p2 = await second;
    assert.equal(p2.version, 2);
    assert.deepEqual(p2.diagnostics, fromText(uri, shorter));
    // Then incremental changes as usual.
    const third = next(uri);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x\n' }] });
    const p3 = await third;
    assert.equal(p3.version, 3);
    assert.deepEqual(p3.diagnostics, fromText(uri, 'x\n' + shorter));
    await settled(uri, 3, allFromText(uri, 'x\n' + shorter));
    // Closed: the counterpart of the didOpen sent (here a didClose); a document opened from disk and never sent: closeFromDisk.
    const cleared = next(uri);
    await server.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
    const reopened = seen.get(uri)!.length;
    const again = next(uri);
    await openFromDisk(log, text);
    assert.deepEqual((await again).diagnostics, fromText(uri, text));
    await settled(uri, 1, allFromText(uri, text), reopened);
    const cleared2 = next(uri);
    await server.connection.sendNotification(CloseFromDiskNotification, { uri });
    assert.deepEqual((await cleared2).diagnostics, []);
    assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: queueIdPosition(text) }), null);
    // Closed before the read ended: never opened, nothing published (a later document's diagnostics come first, and its alone).
    const count = seen.get(uri)!.length;
    await openFromDisk(log, text);
    await server.connection.sendNotification(CloseFromDiskNotification, { uri });
    const other = path.join(dir, 'other.log');
    fs.writeFileSync(other, shorter);
    const otherUri = pathToFileURL(other).toString();
    const otherPublished = next(otherUri);
    await openFromDisk(other, shorter);
    await otherPublished;
    assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: queueIdPosition(text) }), null);
    assert.equal(seen.get(uri)!.length, count);
  } finally {
    await server.stop();
  }
});
