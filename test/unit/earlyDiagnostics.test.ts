// Diagnostics read from disk before a document's text arrives (zimbraLogs/willOpen): the same as the
// text's, whatever the file's line ends and characters; and what happens when the didOpen does not
// come, comes with another text, or the document closes first.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WillOpenParams } from '../../common/protocol';
import { scanFile } from '../../server/src/disk/earlyScan';
import { quickDiagnostics } from '../../server/src/features/diagnostics';
import { EarlyDiagnostics } from '../../server/src/lsp/earlyDiagnostics';
import { defaultSettings } from '../../server/src/lsp/settings';
import { runSteps } from '../../server/src/engine/steps';
import { LogView } from '../../server/src/lsp/workspace';
import { read, root } from './helpers';

let dir: string;
/** A log of several read blocks: CRLF and LF lines, non-ASCII text, no newline at its end. */
let log: string;
let text: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-early-disk-'));
  const sample = read(path.join(root, 'samples', 'zimbra.log'));
  const crlf = sample.replace(/\n/g, '\r\n').replace(/status=bounced \(/g, 'status=bounced (Empfänger unbekannt — ');
  const parts: string[] = [];
  for (let size = 0, i = 0; size < 9 << 20; i++) {
    const part = i % 3 ? sample : crlf;
    parts.push(part);
    size += part.length;
  }
  text = parts.join('').replace(/\n$/, '');
  log = path.join(dir, 'zimbra.log');
  fs.writeFileSync(log, text);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const textDiagnostics = (uri: string, t: string, version = 1) => quickDiagnostics(new LogView(TextDocument.create(uri, 'postfix-log', version, t)));

test('the scan of the file gives the diagnostics of its text, and its fingerprint matches that text only', async () => {
  const read = await scanFile(log, new AbortController().signal, async (steps) => runSteps(steps));
  assert.ok(read);
  const expected = textDiagnostics('file:///x', text);
  assert.ok(expected.length > 100 && expected.some((d) => d.message.includes('Empfänger')));
  assert.deepEqual(quickDiagnostics(read), expected);
  assert.ok(read.fingerprint.matches(text));
  assert.ok(!read.fingerprint.matches(text + '\n'));
  // One character changed where samples are: the first, the last. (A change of the same length
  // between samples goes unseen here: the document's first pass then publishes its own.)
  assert.ok(!read.fingerprint.matches('X' + text.slice(1)));
  assert.ok(!read.fingerprint.matches(text.slice(0, -1) + 'X'));
});

test('a file with a line too long for the reader, a gzip file or a folder gives nothing', async () => {
  const long = path.join(dir, 'long.log');
  fs.writeFileSync(long, text.slice(0, 100_000) + '\n' + 'x'.repeat(5_000_000) + '\n' + text.slice(0, 100_000));
  const gz = path.join(dir, 'plain-name.log');
  fs.writeFileSync(gz, require('node:zlib').gzipSync(text.slice(0, 100_000)));
  for (const file of [long, gz, dir]) assert.equal(await scanFile(file, new AbortController().signal, async (s) => runSteps(s)), undefined, file);
  await assert.rejects(scanFile(path.join(dir, 'none.log'), new AbortController().signal, async (s) => runSteps(s)));
});

/** An EarlyDiagnostics on a connection that records what it publishes. */
function early(waitMs = 60_000, known = (_uri: string) => false) {
  const published: PublishDiagnosticsParams[] = [];
  let waiter: (() => void) | undefined;
  let willOpen!: (p: WillOpenParams) => void;
  const connection = {
    console: { log: () => undefined },
    onNotification: (_t: unknown, h: (p: WillOpenParams) => void) => (willOpen = h),
    sendDiagnostics: async (p: PublishDiagnosticsParams) => {
      published.push(p);
      waiter?.();
    },
  } as unknown as Connection;
  const e = new EarlyDiagnostics(connection, async () => defaultSettings, known, waitMs);
  const next = () => new Promise<void>((r) => (waiter = r));
  return { e, published, next, willOpen: (file: string, version = 1) => willOpen({ uri: pathToFileURL(file).toString(), version }) };
}

test('without a didOpen the diagnostics published go again after the wait', async () => {
  const { e, published, next, willOpen } = early(200);
  const uri = pathToFileURL(log).toString();
  const first = next();
  willOpen(log, 4);
  await first;
  assert.equal(published[0].version, 4);
  assert.ok(published[0].diagnostics.length > 100);
  await next();
  assert.deepEqual(published[1], { uri, diagnostics: [] });
  assert.equal(e.take(uri), undefined);
});

test('a document opened while the file is read: published with its version when its text matches, and taken by its first pass', async () => {
  const { e, published, willOpen } = early();
  const uri = pathToFileURL(log).toString();
  willOpen(log);
  const doc = TextDocument.create(uri, 'postfix-log', 3, text);
  e.opened(doc);
  await e.scanned(uri);
  assert.equal(published.length, 1);
  assert.equal(published[0].version, 3);
  assert.deepEqual(e.take(uri), textDiagnostics(uri, text));
  assert.equal(e.take(uri), undefined);
});

test('another text, a document closed while the file is read, a document read otherwise: nothing published or taken', async () => {
  const uri = pathToFileURL(log).toString();
  {
    const { e, published, willOpen } = early();
    willOpen(log);
    e.opened(TextDocument.create(uri, 'postfix-log', 1, text.replace('status=bounced', 'status=sent')));
    await e.scanned(uri);
    assert.equal(published.length, 0);
    assert.equal(e.take(uri), undefined);
  }
  {
    const { e, published, willOpen } = early();
    willOpen(log);
    const scanned = e.scanned(uri);
    e.drop(uri);
    await scanned;
    assert.equal(published.length, 0);
  }
  {
    const { e, published, willOpen } = early(60_000, () => true);
    willOpen(log);
    await e.scanned(uri);
    assert.equal(published.length, 0);
  }
});

test('a file changed on disk after it was read: the didOpen with its new text drops what was published', async () => {
  const file = path.join(dir, 'changing.log');
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();
  const { e, published, next, willOpen } = early();
  const first = next();
  willOpen(file);
  await first;
  assert.equal(published.length, 1);
  const appended = text + '\nOct 14 10:00:00 mta postfix/smtp[1]: 4A1B2C3D4E: to=<x@example.com>, relay=none, delay=1, dsn=5.1.1, status=bounced (unknown user)\n';
  fs.writeFileSync(file, appended);
  e.opened(TextDocument.create(uri, 'postfix-log', 1, appended));
  assert.equal(e.take(uri), undefined);
});
