// The client's didOpen middleware: a large `file:` log is announced (zimbraLogs/willOpen) before its
// didOpen is sent, a small one, another scheme or a file gone from disk is not, and the didOpen
// goes out whatever the announcement does.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { WILL_OPEN_BYTES, willOpenMiddleware } from '../../client/src/willOpen';

/** A document as the middleware sees it. */
const doc = (scheme: string, fsPath: string, version = 1) => ({ uri: { scheme, fsPath, toString: () => `${scheme}://${fsPath}` }, version }) as unknown as vscode.TextDocument;

const sizes: Record<string, number> = { '/logs/big.log': WILL_OPEN_BYTES, '/logs/small.log': WILL_OPEN_BYTES - 1 };
const sizeOf = (f: string) => {
  if (!(f in sizes)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return sizes[f];
};

test('a large file is announced just before its didOpen; others only opened', async () => {
  const order: string[] = [];
  const send = async (p: { uri: string; version?: number }) => void order.push(`willOpen ${p.uri} ${p.version}`);
  const next = async (d: vscode.TextDocument) => void order.push(`didOpen ${d.uri.toString()}`);
  const middleware = willOpenMiddleware(send, sizeOf);
  for (const d of [doc('file', '/logs/big.log', 2), doc('file', '/logs/small.log'), doc('untitled', '/logs/big.log'), doc('file', '/logs/gone.log')]) await middleware(d, next);
  assert.deepEqual(order, ['willOpen file:///logs/big.log 2', 'didOpen file:///logs/big.log', 'didOpen file:///logs/small.log', 'didOpen untitled:///logs/big.log', 'didOpen file:///logs/gone.log']);
});

test('the didOpen goes out when the announcement fails', async () => {
  let opened = 0;
  const middleware = willOpenMiddleware(() => Promise.reject(new Error('Client is not running')), sizeOf);
  await middleware(doc('file', '/logs/big.log'), async () => void opened++);
  assert.equal(opened, 1);
});
