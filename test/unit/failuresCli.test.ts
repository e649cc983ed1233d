// `zimbra-logs failures`: causes per failed delivery and reject, across rotated files in any
// order, gzip and standard input; the --json shape; exit codes 0/1/2.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fixtures, runCli, tmpFile } from './helpers';

const dir = path.join(fixtures, 'failures');
const older = path.join(dir, 'zimbra.log.1');
const newer = path.join(dir, 'zimbra.log');

interface Json {
  failures: { line: number; file: string; queueId: string; recipient: string; status: string; dsn: string; relay: string; reply: string; cause: string; explanation: string }[];
  byCause: Record<string, { count: number; first: string; last: string; sample: string; remedy: string; topDomains: { domain: string; count: number }[] }>;
  byDomain: Record<string, { count: number; causes: Record<string, number> }>;
}

test('failures --json: every deferral, bounce, expiry and NOQUEUE reject with its cause, rotated files oldest first', () => {
  // Given newest first: read as one timeline, oldest first.
  const r = runCli(['failures', '--json', newer, older]);
  assert.equal(r.status, 0, r.stderr.toString());
  const j = JSON.parse(r.stdout.toString()) as Json;
  assert.deepEqual(Object.keys(j), ['failures', 'byCause', 'byDomain']);
  assert.deepEqual(
    j.failures.map((f) => [path.basename(f.file), f.line, f.status, f.recipient, f.cause]),
    [
      ['zimbra.log.1', 2, 'reject', 'nobody@example.com', 'recipient-unknown'],
      ['zimbra.log.1', 7, 'bounced', 'carol@gmail.com', 'authentication-policy'],
      ['zimbra.log.1', 8, 'deferred', 'dan@far.example', 'connection-failed'],
      ['zimbra.log', 1, 'deferred', 'dan@far.example', 'connection-failed'],
      ['zimbra.log', 3, 'deferred', 'erin@yahoo.com', 'rate-limited'],
      // The expiry says only "returned to sender": it takes its last deferral's cause.
      ['zimbra.log', 6, 'expired', 'dan@far.example', 'connection-failed'],
    ],
  );
  const f = j.failures[1];
  assert.deepEqual(Object.keys(f), ['line', 'file', 'queueId', 'recipient', 'status', 'dsn', 'relay', 'reply', 'cause', 'explanation']);
  assert.equal(f.queueId, '3A1B2C3D4E');
  assert.equal(f.dsn, '5.7.26');
  assert.equal(f.relay, 'gmail-smtp-in.l.google.com[142.250.27.26]:25');
  assert.match(f.explanation, /not authenticated/);
  const c = j.byCause['connection-failed'];
  assert.equal(c.count, 3);
  assert.equal(c.first, 'Oct 13 10:00:03');
  assert.equal(c.last, 'Oct 18 10:00:04');
  assert.match(c.sample, /Connection timed out/);
  assert.ok(c.remedy.length > 20);
  assert.deepEqual(c.topDomains, [{ domain: 'far.example', count: 3 }]);
  assert.deepEqual(j.byDomain['yahoo.com'].causes, { 'rate-limited': 1 });
  assert.equal(j.byDomain['far.example'].count, 3);
});

test('failures prints each failure as file:line, then the groups; gzip and standard input', () => {
  const gz = tmpFile('zimbra.log.1.gz', zlib.gzipSync(fs.readFileSync(older)));
  const text = runCli(['failures', gz]).stdout.toString();
  assert.match(text, /zimbra\.log\.1\.gz:7 {2}Oct 13 10:00:02 {2}bounced {2}authentication-policy {2}<carol@gmail\.com>/);
  assert.match(text, /^By cause$/m);
  assert.match(text, /^authentication-policy: 1 \(0 temporary, 1 permanent\)/m);
  assert.match(text, /Remedy: Publish SPF/);
  assert.match(text, /^By destination domain$/m);
  const stdin = runCli(['failures'], fs.readFileSync(older)).stdout.toString();
  assert.match(stdin, /^standard input:2 {2}/m);
});

test('failures exits 1 when there is none, 2 on a missing file; --help', () => {
  const clean = tmpFile('zimbra.log', 'Oct 13 10:00:00 mta01 postfix/qmgr[1]: 3A1B2C3D4E: removed\n');
  const r = runCli(['failures', clean]);
  assert.equal(r.status, 1);
  assert.match(r.stdout.toString(), /No failed deliveries/);
  assert.equal(JSON.parse(runCli(['failures', '--json', clean]).stdout.toString()).failures.length, 0);
  const missing = runCli(['failures', path.join(dir, 'no-such.log')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr.toString(), /no-such\.log/);
  const help = runCli(['failures', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout.toString(), /recipient-unknown/);
});

test('failures reads each member of a tar archive as a log of its own: archive:member, lines from its start', () => {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zl-tar-'));
  try {
    fs.copyFileSync(older, path.join(tmp, 'zimbra.log.1'));
    fs.copyFileSync(newer, path.join(tmp, 'zimbra.log'));
    require('node:child_process').execFileSync('tar', ['-C', tmp, '-czf', path.join(tmp, 'logs.tar.gz'), 'zimbra.log.1', 'zimbra.log']);
    const j = JSON.parse(runCli(['failures', '--json', path.join(tmp, 'logs.tar.gz')]).stdout.toString()) as Json;
    assert.deepEqual(
      j.failures.map((f) => `${path.basename(f.file)} ${f.line} ${f.cause}`),
      ['logs.tar.gz:zimbra.log.1 2 recipient-unknown', 'logs.tar.gz:zimbra.log.1 7 authentication-policy', 'logs.tar.gz:zimbra.log.1 8 connection-failed', 'logs.tar.gz:zimbra.log 1 connection-failed', 'logs.tar.gz:zimbra.log 3 rate-limited', 'logs.tar.gz:zimbra.log 6 connection-failed'],
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
