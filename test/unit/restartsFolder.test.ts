// What preceded each restart across a folder (test/fixtures/investigate/restarts): one server's
// mailbox.log with its rotations (.gz, dated) read as one timeline, a second server's log in a
// subfolder, restarts of both in time order, each with the ERROR/FATAL entries of its own server
// before it (across a rotation too), every line linked to its file and line.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { RestartLines, restartReports } from '../../server/src/engine/investigate/restarts';
import { eachLine } from '../../server/src/engine/investigate/hitLines';
import { ProblemScan } from '../../server/src/engine/index/problemScan';
import { folderRestarts, mailboxTimelines } from '../../server/src/lsp/investigateFiles';
import { fixtures } from './helpers';

const dir = path.join(fixtures, 'investigate', 'restarts');
const text = (name: string) => {
  const b = fs.readFileSync(path.join(dir, name));
  return (name.endsWith('.gz') ? zlib.gunzipSync(b) : b).toString('utf8');
};

test('the folder\'s mailbox.log timelines: rotations oldest first, a subfolder\'s log on its own', () => {
  assert.deepEqual(mailboxTimelines(dir).map((g) => g.map((f) => path.relative(dir, f))), [['mailbox.log.2026-10-11.gz', 'mailbox.log.2026-10-12', 'mailbox.log'], [path.join('mbox02', 'mailbox.log')]]);
});

test('RestartLines, reading bytes line by line and keeping only what it can show, finds what restartReports finds in one log', () => {
  for (const file of [path.join(fixtures, 'investigate', 'logs', 'mailbox.log'), path.join(fixtures, '..', '..', 'samples', 'mailbox.log')]) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const bytes = fs.readFileSync(file);
    const scan = new RestartLines((b, s, e) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('utf8', s, e));
    scan.beginFile(0);
    // In two blocks cut at a line end, as files are read.
    const cut = bytes.indexOf(10, bytes.length >> 1) + 1;
    eachLine(bytes, cut, bytes.length, eachLine(bytes, 0, cut, 0, undefined, (s, e, n) => scan.line(bytes, s, e, n)), undefined, (s, e, n) => scan.line(bytes, s, e, n));
    const streamed = scan.finish();
    const whole = restartReports(ProblemScan.build(lines.join('\n')));
    const shape = (rs: typeof whole) => rs.map((r) => [r.stop?.line, r.start?.line, r.omitted, r.preceding.map((e) => [e.line, e.level, e.rootCause])]);
    assert.ok(whole.length > 0);
    assert.deepEqual(shape(streamed), shape(whole), file);
    // The lines it shows are kept with their text.
    for (const r of streamed) for (const l of [r.stop, r.start, ...r.preceding]) if (l) assert.equal(l.text, lines[l.line]);
  }
});

test('restarts of every mailbox.log of the folder in time order, each with its own server\'s errors, across a rotation', async () => {
  const r = await folderRestarts(dir);
  assert.equal(r.restarts, 4);
  const lines = r.text.split('\n');
  assert.match(lines[0], /^Restarts in mailbox\.log\.2026-10-11\.gz, mailbox\.log\.2026-10-12, mailbox\.log, mbox02\/mailbox\.log \(.*restarts\): 4$/);
  // The log's first start is where it begins, not a restart; the crash after midnight is one, its errors in the rotated .gz.
  assert.match(r.text, /\n1\. 2026-10-12 00:01:40 started without a clean shutdown before it, a crash or a kill \(mailbox\.log\.2026-10-12:2\)\n {3}Last ERROR\/FATAL entries before it:\n {5}mailbox\.log\.2026-10-11\.gz:5 {2}2026-10-11 21:03:12,553 ERROR index - failed to index items\n {5}mailbox\.log\.2026-10-11\.gz:10 {2}2026-10-11 23:52:07,004 FATAL system - out of memory\n {5}mailbox\.log\.2026-10-11\.gz:14 {2}2026-10-11 23:52:07,410 ERROR SoapEngine - handler exception\n {7}Root cause: java\.lang\.OutOfMemoryError: Java heap space\n/);
  // A clean stop and start; the error logged while stopping is listed too; mbox02's FATAL a second before is not.
  assert.match(r.text, /\n2\. 2026-10-12 14:00:00 shutting down \(mailbox\.log\.2026-10-12:11\), started again 2026-10-12 14:02:10 \(mailbox\.log\.2026-10-12:14\)\n {3}Last ERROR\/FATAL entries before it:\n {5}mailbox\.log\.2026-10-12:5 .*\n {7}Root cause: java\.sql\.SQLTransientConnectionException: .*\n {5}mailbox\.log\.2026-10-12:8 .*\n {7}Root cause: .*\n {5}mailbox\.log\.2026-10-12:12 {2}2026-10-12 14:00:03,777 ERROR zimbra - error stopping the mailbox manager\n\n/);
  assert.match(r.text, /\n3\. 2026-10-12 14:00:30 shutting down \(mbox02\/mailbox\.log:5\), started again 2026-10-12 14:01:15 \(mbox02\/mailbox\.log:6\)\n {3}Last ERROR\/FATAL entries before it:\n {5}mbox02\/mailbox\.log:2 {2}2026-10-12 13:59:59,500 FATAL system - Unable to start servlet\n {7}Root cause: javax\.naming\.CommunicationException: /);
  assert.match(r.text, /\n4\. 2026-10-13 09:30:00 shutting down \(mailbox\.log:5\), started again 2026-10-13 09:31:12 \(mailbox\.log:6\)\n {3}Last ERROR\/FATAL entries before it:\n {5}mailbox\.log:2 /);
  // Every link is the text it covers and goes to that line of that file.
  assert.equal(r.links.length, 4 + 5 + 3 + 3);
  for (const l of r.links) {
    assert.equal(lines[l.line].slice(l.start, l.end), l.label);
    const file = decodeURIComponent(new URL(l.uri).pathname);
    assert.equal(path.relative(dir, file), l.label.split(':')[0]);
    const target = text(l.label.split(':')[0]).split('\n')[l.logLine];
    assert.ok(lines[l.line].includes(target.slice(0, 19)), `${l.label}: ${target}`);
  }
});

test('keep: the older errors of a stretch are counted, not listed; an empty folder says so', async () => {
  const r = await folderRestarts(dir, 2);
  assert.match(r.text, /\n1\. .*\n {3}Last ERROR\/FATAL entries before it \(1 older ones not shown\):\n {5}mailbox\.log\.2026-10-11\.gz:10 .*\n {5}mailbox\.log\.2026-10-11\.gz:14 /);
  // Errors logged between a stop and its start are always listed.
  assert.match(r.text, /\n2\. .*\n {3}Last ERROR\/FATAL entries before it:\n {5}mailbox\.log\.2026-10-12:5 .*\n.*\n {5}mailbox\.log\.2026-10-12:8 .*\n.*\n {5}mailbox\.log\.2026-10-12:12 /);
  const empty = await folderRestarts(path.join(fixtures, 'investigate', 'smtp-auth'));
  assert.equal(empty.restarts, 0);
  assert.match(empty.text, /^Restarts in no mailbox\.log \(.*\): 0\n\nNo restart in these logs/);
});

test('a stop never started again gives its later errors to the next stop; errors between a stop and its start are listed up to the last 1000', () => {
  const at = (s: number, level = 'INFO ', msg = 'misc - x') => `2026-10-13 ${String(8 + Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')},000 ${level} [main] [] ${msg}`;
  const stop = (s: number) => at(s, 'INFO ', 'soap - Servlet SoapServlet shutting down');
  const start = (s: number) => at(s, 'INFO ', 'soap - Servlet SoapServlet starting up');
  const lines = [at(0), at(1, 'ERROR'), stop(2), at(3, 'ERROR'), at(4, 'FATAL'), stop(5), start(6)];
  for (let i = 0; i < 2500; i++) lines.push(at(7, 'ERROR'));
  lines.push(stop(8), ...Array.from({ length: 2500 }, () => at(9, 'ERROR')), start(10));
  const rs = restartReports(ProblemScan.build(lines.join('\n')));
  assert.deepEqual(rs.map((r) => [r.stop?.line, r.start?.line, r.preceding.length, r.omitted]), [[2, undefined, 1, 0], [5, 6, 2, 0], [2507, 2508 + 2500, 5 + 1000, 2495 + 1500]]);
  assert.deepEqual(rs[1].preceding.map((e) => e.line), [3, 4]);
  assert.equal(rs[2].preceding[5].line, 2508 + 1500);
});

test('a folder\'s restarts are kept while its files are unchanged, and read again when a log grows', async () => {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zl-restarts-'));
  const log = path.join(tmp, 'mailbox.log');
  fs.copyFileSync(path.join(dir, 'mailbox.log'), log);
  const first = await folderRestarts(tmp);
  assert.equal((await folderRestarts(tmp)).text, first.text);
  fs.appendFileSync(log, '2026-10-13 11:00:00,000 INFO  [main] [] soap - Servlet SoapServlet shutting down\n2026-10-13 11:01:00,000 INFO  [main] [] soap - Servlet SoapServlet starting up\n');
  const grown = await folderRestarts(tmp);
  assert.equal(grown.restarts, first.restarts + 1);
  assert.match(grown.text, /2026-10-13 11:00:00 shutting down/);
});
