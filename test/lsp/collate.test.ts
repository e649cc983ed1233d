// Protocol tests: the bundled server over stdio answers zimbraLogs/collate and
// zimbraLogs/transactions exactly as the CLI collates.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CollateRequest, LinesRequest, TransactionsRequest } from '../../common/protocol';
import { root, TestServer } from './client';

let server: TestServer;
let uri: string;
const cliOutput = () => execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'collate', path.join(root, 'samples', 'zimbra.log')], { encoding: 'utf8' });
const block = (needle: string) => cliOutput().split(/(?<=\n\n)/).find((b) => b.includes(needle))!;

before(async () => {
  server = await TestServer.start();
  uri = await server.open('samples/zimbra.log');
});
after(() => server.stop());

test('zimbraLogs/collate of the whole document is the CLI output', async () => {
  const r = await server.connection.sendRequest(CollateRequest, { uri });
  assert.ok(r);
  assert.equal(r.text, cliOutput());
  assert.equal(r.keys.length, cliOutput().split('\n\n').filter(Boolean).length);
});

test('zimbraLogs/collate of one queue ID is that transaction, followed by one empty line', async () => {
  const r = await server.connection.sendRequest(CollateRequest, { uri, queueId: '17B8ED411FA6' });
  assert.deepEqual(r?.keys, ['postfix/17B8ED411FA6']);
  assert.equal(r?.text, block('17B8ED411FA6: client='));
  assert.ok(r?.text.endsWith('removed\n\n'));
});

test('zimbraLogs/collate at a position: the queue ID under the cursor, including `queued as` mentions', async () => {
  // line 19 (0-based): "... 17B8ED411FA6: to=<bob@example.com>, relay=127.0.0.1... queued as EFAF89FC43C)"
  const subject = await server.connection.sendRequest(CollateRequest, { uri, position: { line: 19, character: 45 } });
  assert.deepEqual(subject?.keys, ['postfix/17B8ED411FA6']);
  const line = (await import('node:fs')).readFileSync(path.join(root, 'samples', 'zimbra.log'), 'utf8').split('\n')[19];
  const next = await server.connection.sendRequest(CollateRequest, { uri, position: { line: 19, character: line.lastIndexOf('EFAF89FC43C') + 3 } });
  assert.deepEqual(next?.keys, ['postfix/EFAF89FC43C']);
  const none = await server.connection.sendRequest(CollateRequest, { uri, position: { line: 19, character: 2 } });
  assert.equal(none, null);
});

test('zimbraLogs/transactions lists each transaction with sender, recipients and final status', async () => {
  const ts = await server.connection.sendRequest(TransactionsRequest, { uri });
  const inbound = ts.find((t) => t.queueId === 'EFAF89FC43C')!;
  assert.equal(inbound.from, 'alice@partner.org');
  assert.deepEqual(inbound.to, ['bob@example.com', 'carol@example.com']);
  assert.deepEqual(inbound.statuses, ['sent', 'deferred']);
  assert.equal(inbound.line, 15);
  const bounced = ts.find((t) => t.queueId === '5A1C2D3E4F')!;
  assert.deepEqual(bounced.statuses, ['bounced']);
  assert.equal(ts.find((t) => t.queueId === '7C3E4F5061')!.complete, false);
});

test('an edited document is collated again; an unknown document is an error, not a crash', async () => {
  const other = await server.open('samples/zimbra.log', 'postfix-log', 'Oct 13 10:00:00 mx postfix/pickup[1]: ABC123: uid=0 from=<a@b>\n');
  await server.replace(other, 'Oct 13 10:00:00 mx postfix/pickup[1]: DEF456: uid=0 from=<a@b>\nOct 13 10:00:01 mx postfix/qmgr[2]: DEF456: removed\n');
  const r = await server.connection.sendRequest(CollateRequest, { uri: other });
  assert.deepEqual(r?.keys, ['postfix/DEF456']);
  await assert.rejects(server.connection.sendRequest(CollateRequest, { uri: 'file:///nowhere.log' }), /not open/);
  const again = await server.connection.sendRequest(TransactionsRequest, { uri: other });
  assert.equal(again.length, 1);
});

test('zimbraLogs/lines: a range past the document is clamped to it (no million empty strings)', async () => {
  const file = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zl-lines-')), 'zimbra.log');
  fs.copyFileSync(path.join(root, 'samples', 'zimbra.log'), file);
  const uri = await server.open(file);
  const text = fs.readFileSync(file, 'utf8');
  const count = text.split('\n').length - 1;
  assert.equal(await server.connection.sendRequest(LinesRequest, { uri, from: 0, to: 5e7 }), text);
  assert.equal(await server.connection.sendRequest(LinesRequest, { uri, from: -5, to: 2 }), text.split('\n').slice(0, 2).join('\n') + '\n');
  assert.equal(await server.connection.sendRequest(LinesRequest, { uri, from: count + 10, to: 5e7 }), '');
});
