// Logs indexed from disk by the server (over the editor's 50 MB extension limit, or compressed):
// zimbraLogs/openLarge with progress and cancellation, diagnostics for the URI, the collate
// requests, the quick pick's transactions, the explorer outline, and clear errors.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  CloseLargeNotification,
  CollateRequest,
  CollateToFileRequest,
  IndexProgressNotification,
  IndexProgressParams,
  LinesRequest,
  OpenLargeRequest,
  OutlineRequest,
  PathRequest,
  TransactionsRequest,
} from '../../common/protocol';
import { summarizeLines } from '../../server/src/engine/transactionSummary';
import { root, TestServer } from './client';

const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures', 'compressed');
const sample = path.join(root, 'samples', 'zimbra.log');
let server: TestServer;
let dir: string;
let big: string;
const diags = new Map<string, PublishDiagnosticsParams>();
const progress: IndexProgressParams[] = [];

const collateCli = (file: string) => execFileSync(process.execPath, [cli, 'collate', file], { maxBuffer: 1 << 30 }).toString('utf8');

async function diagnosticsFor(uri: string): Promise<PublishDiagnosticsParams> {
  for (let i = 0; i < 200 && !diags.has(uri); i++) await new Promise((r) => setTimeout(r, 25));
  return diags.get(uri)!;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-large-'));
  big = path.join(dir, 'zimbra.log');
  // A generated log with bounces and deferrals (made at test time, not committed).
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '8M', '--out', big], { stdio: 'ignore' });
  server = await TestServer.start();
  server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => diags.set(p.uri, p));
  server.connection.onNotification(IndexProgressNotification, (p) => progress.push(p));
});
after(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a log indexed from disk: counts, progress, diagnostics, collate, transactions, outline, lines', async () => {
  const uri = pathToFileURL(big).toString();
  const r = await server.connection.sendRequest(OpenLargeRequest, { uri, path: big });
  const text = fs.readFileSync(big, 'utf8');
  assert.equal(r.lines, text.split('\n').length - 1);
  assert.equal(r.bytes, fs.statSync(big).size);
  assert.ok(r.transactions > 1000);
  assert.ok(progress.some((p) => p.uri === uri && p.read > 0 && p.read <= p.total));
  const d = await diagnosticsFor(uri);
  assert.equal(d.diagnostics.length, r.problems);
  assert.ok(d.diagnostics.some((x) => x.code === 'recipient-unknown' && x.message.includes(': bounced for <')));
  const lines = text.split('\n');
  for (const x of d.diagnostics.slice(0, 50)) assert.ok(lines[x.range.start.line].includes('status='), 'a diagnostic on its line');

  // Collate File: streamed to a file, byte for byte the CLI's (collate.pl's) output.
  const f = await server.connection.sendRequest(CollateToFileRequest, { uri });
  assert.ok(f);
  assert.equal(fs.readFileSync(f.path, 'utf8'), collateCli(big));
  // One transaction, by queue ID: the CLI's block for it, lines read back from disk.
  const ts = await server.connection.sendRequest(TransactionsRequest, { uri });
  assert.equal(ts.length, r.transactions);
  const t = ts.find((x) => x.statuses.includes('bounced'))!;
  const one = await server.connection.sendRequest(CollateRequest, { uri, key: t.key });
  assert.ok(one && collateCli(big).includes(one.text) && one.text.includes(`${t.queueId}: `));
  assert.ok(one.text.startsWith(lines[t.line] + '\n'), 'the transaction starts on its line');
  // Summaries (kept compactly, made on request) say what the transaction's own lines say.
  for (const s of ts.filter((_, i) => i % Math.ceil(ts.length / 60) === 0).concat(t)) {
    assert.equal(s.key, `${s.instance}/${s.queueId}`);
    const c = await server.connection.sendRequest(CollateRequest, { uri, key: s.key });
    assert.ok(c && c.text.includes(`${s.queueId}: `));
    assert.ok(c.text.includes(lines[s.line] + '\n'), 'its line is one of its lines');
    assert.deepEqual({ from: s.from, to: s.to, statuses: s.statuses }, summarizeLines(c.text.split('\n')));
  }
  assert.ok(ts.some((x) => x.from !== undefined) && ts.some((x) => !x.complete));
  // By queue ID: the same transaction as by key.
  const byId = await server.connection.sendRequest(CollateRequest, { uri, queueId: t.queueId, position: { line: t.line, character: 0 } });
  assert.equal(byId?.text, one.text);

  const o = await server.connection.sendRequest(OutlineRequest, { uri, limit: 100 });
  assert.ok(o && o.large);
  assert.equal(o.transactionCount, r.transactions);
  assert.equal(o.transactions.length, 100);
  assert.equal(o.problemCount, r.problems);
  assert.ok(o.accounts.length > 5 && lines[o.accounts[0].line].toLowerCase().includes(o.accounts[0].name));
  assert.equal(await server.connection.sendRequest(LinesRequest, { uri, from: 10, to: 13 }), lines.slice(10, 13).join('\n') + '\n');
  // Lines are found from sparse offsets: ranges across them, and up to the end of the file.
  for (const [from, to] of [[0, 1], [31, 33], [32, 64], [63, 200], [r.lines - 45, r.lines + 5], [r.lines - 1, r.lines]]) {
    assert.equal(await server.connection.sendRequest(LinesRequest, { uri, from, to }), lines.slice(from, Math.min(to, r.lines)).join('\n') + '\n');
  }

  await server.connection.sendNotification(CloseLargeNotification, { uri });
  await assert.rejects(server.connection.sendRequest(TransactionsRequest, { uri }), /not open/);
});

test('compressed logs: .gz and a tar.gz member give what the plain file gives', async () => {
  const plain = collateCli(sample);
  const gz = path.join(fixtures, 'zimbra.log.2.gz');
  const uri = 'zimbra-logs-gz:/test/zimbra.log.2';
  const r = await server.connection.sendRequest(OpenLargeRequest, { uri, path: gz });
  assert.equal(r.lines, fs.readFileSync(sample, 'utf8').split('\n').length - 1);
  const f = await server.connection.sendRequest(CollateToFileRequest, { uri });
  assert.equal(fs.readFileSync(f!.path, 'utf8'), plain);
  assert.ok((await diagnosticsFor(uri)).diagnostics.length > 0);

  const tarUri = 'zimbra-logs-gz:/test/logs.tar.gz/logs/zimbra.log';
  const t = await server.connection.sendRequest(OpenLargeRequest, { uri: tarUri, path: path.join(fixtures, 'logs.tar.gz'), member: 'logs/zimbra.log' });
  assert.equal(t.lines, r.lines);
  const whole = await server.connection.sendRequest(CollateRequest, { uri: tarUri });
  assert.equal(whole?.text, plain);
  // The delivery path (the full index, a second pass over the file) as for the open document.
  const doc = await server.open(sample);
  const ts = await server.connection.sendRequest(TransactionsRequest, { uri });
  let paths = 0;
  for (const x of ts) {
    const a = await server.connection.sendRequest(PathRequest, { uri, line: x.line });
    assert.deepEqual(a, await server.connection.sendRequest(PathRequest, { uri: doc, line: x.line }));
    if (a) paths++;
  }
  assert.ok(paths > 0);
});

test('corrupt, truncated and oversized input is refused with a clear error and nothing is kept', async () => {
  const open = (file: string, extra: object = {}) =>
    server.connection.sendRequest(OpenLargeRequest, { uri: `zimbra-logs-gz:/bad/${path.basename(file)}`, path: file, ...extra });
  await assert.rejects(open(path.join(fixtures, 'truncated.log.gz')), /truncated gzip/);
  await assert.rejects(open(path.join(fixtures, 'truncated.tar.gz'), { member: 'logs/zimbra.log' }), /truncated/);
  await assert.rejects(open(path.join(fixtures, 'logs.tar.gz'), { member: 'logs/nothing.log' }), /no member logs\/nothing\.log/);
  await assert.rejects(open(path.join(fixtures, 'zimbra.log.2.gz'), { maxSize: 1000 }), /over the limit/);
  await assert.rejects(open(path.join(dir, 'missing.log')), /no such file/);
  await assert.rejects(server.connection.sendRequest(TransactionsRequest, { uri: 'zimbra-logs-gz:/bad/truncated.log.gz' }), /not open/);
});

test('indexing can be cancelled', async () => {
  const { CancellationTokenSource } = await import('vscode-languageserver-protocol/node');
  const source = new CancellationTokenSource();
  const uri = pathToFileURL(big).toString() + '?again';
  const p = server.connection.sendRequest(OpenLargeRequest, { uri, path: big }, source.token);
  setTimeout(() => source.cancel(), 5);
  await assert.rejects(p, /cancel/i);
  await assert.rejects(server.connection.sendRequest(TransactionsRequest, { uri }), /not open/);
});
