// zimbraLogs/trace over stdio: the server reads the folder's logs from disk (rotations and .gz
// included) and answers the same path as the CLI, with the URI and line of every log line.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TraceRequest } from '../../common/protocol';
import { root, TestServer } from './client';

let server: TestServer;
const folder = (name: string) => pathToFileURL(path.join(root, 'test', 'fixtures', 'trace', name)).toString();

before(async () => {
  server = await TestServer.start();
});
after(() => server.stop());

test('zimbraLogs/trace: the whole path across zimbra.log and mailbox.log, with go-to locations', async () => {
  const r = await server.connection.sendRequest(TraceRequest, { query: '<in-1@partner.org>', folder: folder('inbound') });
  assert.equal(r.messages, 1);
  assert.deepEqual(r.files.map((f) => path.basename(new URL(f).pathname)), ['mailbox.log', 'zimbra.log']);
  const lines = r.text.split('\n');
  assert.match(lines[2], /^Path: mail\.partner\.org \[198\.51\.100\.7\] → 1A2B3C4D5E6 → amavis CLEAN → 2B3C4D5E6F7 → bob@example\.com: mbox01\.example\.com Inbox ✓ delivered; carol@example\.com: mbox01\.example\.com ✗ overquota$/);
  assert.equal(r.locations.length, 16);
  for (const loc of r.locations) {
    const file = fs.readFileSync(new URL(loc.uri), 'utf8').split('\n');
    assert.ok(lines[loc.line].startsWith(`    ${file[loc.logLine]}  `), `${lines[loc.line]} is line ${loc.logLine} of ${loc.uri}`);
    assert.ok(lines[loc.line].endsWith(`${path.basename(new URL(loc.uri).pathname)}:${loc.logLine + 1}`));
  }
});

test('zimbraLogs/trace: a folder given by one of its logs; rotated .gz files; a queue ID of any hop', async () => {
  const uri = pathToFileURL(path.join(root, 'test', 'fixtures', 'trace', 'rotation', 'zimbra.log')).toString();
  const r = await server.connection.sendRequest(TraceRequest, { query: 'E00000000B2', uri });
  assert.equal(r.messages, 1);
  assert.match(r.text, /E00000000B1: client=.*  zimbra\.log\.2\.gz:6$/m);
  assert.match(r.text, /E00000000B2: removed  zimbra\.log\.1:5$/m);
  assert.deepEqual(r.files.map((f) => path.basename(new URL(f).pathname)), ['zimbra.log.2.gz', 'zimbra.log.1', 'zimbra.log']);
});

test('zimbraLogs/trace: nothing matched is an answer, not an error; a new file in the folder is read on the next request', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-trace-'));
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'trace', 'mtas', 'mta1', 'zimbra.log'), path.join(dir, 'zimbra.log'));
  const f = pathToFileURL(dir).toString();
  const one = await server.connection.sendRequest(TraceRequest, { query: 'relay-1@example.com', folder: f });
  assert.equal(one.messages, 1);
  assert.doesNotMatch(one.text, /5B2C3D4E5F6 on mta02/);
  fs.mkdirSync(path.join(dir, 'mta2'));
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'trace', 'mtas', 'mta2', 'zimbra.log'), path.join(dir, 'mta2', 'zimbra.log'));
  const two = await server.connection.sendRequest(TraceRequest, { query: 'relay-1@example.com', folder: f });
  assert.match(two.text, /4A1B2C3D4E5@mta01 → 5B2C3D4E5F6@mta02/);
  const none = await server.connection.sendRequest(TraceRequest, { query: 'nobody@nowhere.example', folder: f });
  assert.equal(none.messages, 0);
  assert.equal(none.locations.length, 0);
  assert.match(none.text, /^No message in 2 log\(s\) of .* matches nobody@nowhere\.example\.$/m);
  await assert.rejects(server.connection.sendRequest(TraceRequest, { query: 'x' }), /needs a folder/);
});

test('hover on a queue ID, once the folder was traced: the path across all its logs (mailbox hop included)', async () => {
  const file = path.join(root, 'test', 'fixtures', 'trace', 'inbound', 'zimbra.log');
  await server.connection.sendRequest(TraceRequest, { query: 'in-1@partner.org', folder: folder('inbound') });
  const uri = await server.open(file);
  const h = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 46 } });
  const value = (h as { contents: { value: string } }).contents.value;
  assert.match(value, /Across the folder's logs: `.*mbox01\.example\.com Inbox ✓ delivered/);
});

test('zimbraLogs/trace: one unreadable log of the folder (truncated .gz) is named in one line; the others are traced; a second trace reuses the index, a log that grows is followed', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-bad-'));
  for (const f of ['zimbra.log', 'mailbox.log']) fs.copyFileSync(path.join(root, 'test', 'fixtures', 'trace', 'inbound', f), path.join(tmp, f));
  fs.copyFileSync(path.join(root, 'test', 'fixtures', 'compressed', 'truncated.log.gz'), path.join(tmp, 'zimbra.log.1.gz'));
  const f = pathToFileURL(tmp).toString();
  const r = await server.connection.sendRequest(TraceRequest, { query: '<in-1@partner.org>', folder: f });
  assert.equal(r.messages, 1);
  assert.match(r.text, /^Not read \(1\): .*zimbra\.log\.1\.gz: truncated gzip data/m);
  // Appended lines: a new message, found by the next trace.
  const more = fs.readFileSync(path.join(tmp, 'zimbra.log'), 'utf8').replace(/1A2B3C4D5E6/g, 'C1C1C1C1C1C').replace(/2B3C4D5E6F7/g, 'D2D2D2D2D2D').replace(/in-1@partner\.org/g, 'in-9@partner.org');
  fs.appendFileSync(path.join(tmp, 'zimbra.log'), more);
  const r2 = await server.connection.sendRequest(TraceRequest, { query: 'in-9@partner.org', folder: f });
  assert.equal(r2.messages, 1);
  assert.match(r2.text, /C1C1C1C1C1C → amavis CLEAN → D2D2D2D2D2D/);
});
