// The client's middleware for large log files (client/src/openFromDisk.ts): a large, clean `file:`
// document decoded as UTF-8 opens from disk (zimbraLogs/openFromDisk with the fingerprint of its
// text, no didOpen); any other document sends its didOpen. The didOpen goes after all when the
// server asks, on the first change (which it then carries) or when the notification fails; the
// close is the counterpart of what was sent.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { DISK_OPEN_BYTES, DiskOpenMiddleware } from '../../client/src/openFromDisk';
import { fingerprintOf } from '../../common/textFingerprint';
import type { OpenFromDiskParams } from '../../common/protocol';

interface FakeDoc {
  text: string;
  version: number;
  isDirty: boolean;
  encoding: string;
}

/** A document as the middleware sees it (its text, version and dirtiness can change). */
function doc(scheme: string, fsPath: string, text: string, more: Partial<FakeDoc> = {}): vscode.TextDocument & FakeDoc {
  const d: FakeDoc & Record<string, unknown> = {
    uri: { scheme, fsPath, toString: () => `${scheme}://${fsPath}` },
    languageId: 'postfix-log',
    text,
    version: 1,
    isDirty: false,
    encoding: 'utf8',
    ...more,
    get lineCount(): number {
      return d.text.split('\n').length;
    },
    lineAt: () => ({ rangeIncludingLineBreak: { end: 'end' } }),
    offsetAt: (p: unknown) => (p === 'end' ? d.text.length : 0),
  };
  return d as unknown as vscode.TextDocument & FakeDoc;
}

const sizes: Record<string, number> = { '/logs/big.log': DISK_OPEN_BYTES, '/logs/small.log': DISK_OPEN_BYTES - 1, '/logs/other.log': 5 * DISK_OPEN_BYTES };
const sizeOf = (f: string) => {
  if (!(f in sizes)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return sizes[f];
};
const text = Array.from({ length: 3000 }, (_, i) => `Oct 13 10:17:${String(i % 60).padStart(2, '0')} mta01 postfix/qmgr[7]: 4FF1428${i}: removed\n`).join('');

/** A middleware whose notifications, and the didOpen/didChange/didClose it lets through, are recorded in `sent`. */
function recorded(failOpen = false) {
  const sent: string[] = [];
  const params: OpenFromDiskParams[] = [];
  const m = new DiskOpenMiddleware({
    openFromDisk: async (p) => {
      if (failOpen) throw new Error('Client is not running');
      params.push(p);
      sent.push(`openFromDisk ${p.textDocument.uri} v${p.textDocument.version}`);
    },
    closeFromDisk: async (p) => void sent.push(`closeFromDisk ${p.uri}`),
    textBetween: (d, a, b) => (d as unknown as FakeDoc).text.slice(a, b),
    decodedAsUtf8: (d) => ['utf8', 'utf8bom'].includes((d as unknown as FakeDoc).encoding),
    sizeOf,
  });
  const open = (d: vscode.TextDocument) => m.didOpen(d, async (x) => void sent.push(`didOpen ${x.uri.toString()} v${x.version} ${(x as unknown as FakeDoc).text.length}`));
  const change = (d: vscode.TextDocument) => m.didChange({ document: d } as vscode.TextDocumentChangeEvent, async (e) => void sent.push(`didChange ${e.document.uri.toString()} v${e.document.version}`));
  const close = (d: vscode.TextDocument) => m.didClose(d, async (x) => void sent.push(`didClose ${x.uri.toString()}`));
  return { m, sent, params, open, change, close };
}

test('a large clean UTF-8 file opens from disk with its text fingerprint; small, other schemes, dirty, other encodings and missing files send their didOpen', async () => {
  const { sent, params, open } = recorded();
  const big = doc('file', '/logs/big.log', text, { version: 3 });
  await open(big);
  assert.deepEqual(sent, ['openFromDisk file:///logs/big.log v3']);
  assert.deepEqual(params[0], { textDocument: { uri: 'file:///logs/big.log', languageId: 'postfix-log', version: 3 }, fingerprint: fingerprintOf(text) });
  sent.length = 0;
  for (const d of [doc('file', '/logs/small.log', 'x\n'), doc('untitled', '/logs/big.log', text), doc('file', '/logs/other.log', text, { isDirty: true }), doc('file', '/logs/other.log', text, { encoding: 'windows1252' }), doc('file', '/logs/gone.log', text)]) await open(d);
  assert.deepEqual(sent, ['didOpen file:///logs/small.log v1 2', `didOpen untitled:///logs/big.log v1 ${text.length}`, `didOpen file:///logs/other.log v1 ${text.length}`, `didOpen file:///logs/other.log v1 ${text.length}`, `didOpen file:///logs/gone.log v1 ${text.length}`]);
});

test('the fingerprint tells texts apart: another length, or one character changed in its start, its end or one of its 64 slices', () => {
  const f = fingerprintOf(text);
  assert.notEqual(fingerprintOf(text.slice(0, -1)).length, f.length);
  // The start, the 32nd of the 64 slices spread through the text (at 32/65 of it), the end.
  for (const at of [0, Math.floor((text.length * 32) / 65) + 10, text.length - 2]) {
    const t = fingerprintOf(text.slice(0, at) + 'X' + text.slice(at + 1));
    assert.equal(t.length, f.length);
    assert.notEqual(t.hash, f.hash, `changed at ${at}`);
  }
  assert.deepEqual(fingerprintOf(''), { length: 0, hash: fingerprintOf('').hash });
});

test('the server asks for the text: the didOpen goes with the document as it is now, once; the close is then a didClose', async () => {
  const { m, sent, open, close } = recorded();
  const big = doc('file', '/logs/big.log', text);
  await open(big);
  await m.sendText('file:///logs/big.log');
  await m.sendText('file:///logs/big.log');
  await m.sendText('file:///logs/other.log');
  await close(big);
  assert.deepEqual(sent, ['openFromDisk file:///logs/big.log v1', `didOpen file:///logs/big.log v1 ${text.length}`, 'didClose file:///logs/big.log']);
});

test('the first change sends the didOpen with the changed text (not the change); later changes go as changes', async () => {
  const { sent, open, change, close } = recorded();
  const big = doc('file', '/logs/big.log', text);
  await open(big);
  big.text += 'one more line\n';
  big.version = 2;
  await change(big);
  big.version = 3;
  await change(big);
  await close(big);
  assert.deepEqual(sent, ['openFromDisk file:///logs/big.log v1', `didOpen file:///logs/big.log v2 ${text.length + 14}`, 'didChange file:///logs/big.log v3', 'didClose file:///logs/big.log']);
});

test('a document opened from disk and closed unchanged is closed with closeFromDisk; reopened, it opens from disk again', async () => {
  const { sent, open, close } = recorded();
  const big = doc('file', '/logs/big.log', text);
  await open(big);
  await close(big);
  await open(big);
  assert.deepEqual(sent, ['openFromDisk file:///logs/big.log v1', 'closeFromDisk file:///logs/big.log', 'openFromDisk file:///logs/big.log v1']);
});

test('when the notification cannot be sent, the didOpen goes', async () => {
  const { sent, open, close } = recorded(true);
  const big = doc('file', '/logs/big.log', text);
  await open(big);
  await close(big);
  assert.deepEqual(sent, [`didOpen file:///logs/big.log v1 ${text.length}`, 'didClose file:///logs/big.log']);
});
