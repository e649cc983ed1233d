// The command line: inputs (files, stdin, gzip), --grep, help, and clear errors (exit 2).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { root, runCli, tmpFile } from './helpers';

const sample = path.join(root, 'samples', 'zimbra.log');
const expected = () => runCli(['collate', sample]).stdout;

test('collate reads standard input when no file or "-" is given', () => {
  const text = fs.readFileSync(sample);
  assert.ok(expected().length > 1000);
  assert.deepEqual(runCli(['collate'], text).stdout, expected());
  assert.deepEqual(runCli(['collate', '-'], text).stdout, expected());
});

test('gzip input, as a file or on stdin, is decompressed transparently', () => {
  const gz = zlib.gzipSync(fs.readFileSync(sample));
  const f = tmpFile('zimbra.log.2.gz', gz);
  assert.deepEqual(runCli(['collate', f]).stdout, expected());
  assert.deepEqual(runCli(['collate'], gz).stdout, expected());
});

test('--grep keeps only the transactions that match, e.g. a Message-ID', () => {
  const r = runCli(['collate', '--grep', '<a1b2c3@laptop\\.example\\.com>', sample]);
  assert.equal(r.status, 0);
  const out = r.stdout.toString();
  const blocks = out.split('\n\n').filter(Boolean);
  assert.equal(blocks.length, 1);
  assert.match(blocks[0], /5A1C2D3E4F: client=laptop/);
  assert.match(blocks[0], /5A1C2D3E4F: removed/);
  assert.equal(runCli(['collate', '--grep=no-such-thing', sample]).stdout.length, 0);
});

test('--grep patterns match UTF-8 text in the log', () => {
  const f = tmpFile('zimbra.log', 'Oct 13 10:00:00 mx postfix/pickup[1]: ABC123: uid=0 from=<józef@example.com>\nOct 13 10:00:00 mx postfix/qmgr[2]: ABC123: removed\n');
  assert.match(runCli(['collate', '--grep', 'józef', f]).stdout.toString('utf8'), /józef/);
});

function fails(args: string[], message: RegExp, input?: Buffer): void {
  const r = runCli(args, input);
  assert.equal(r.status, 2, `exit status for ${args.join(' ')}`);
  const err = r.stderr.toString();
  assert.match(err, message);
  assert.equal(err.trim().split('\n').length, 1, 'one line');
  assert.doesNotMatch(err, /at .*\.js:\d+/, 'no stack trace');
}

test('usage errors and unreadable or corrupt input exit 2 with one clear line', () => {
  fails(['collate', '/no/such/file.log'], /\/no\/such\/file\.log: no such file/);
  fails(['collate', root], /is a directory/);
  fails(['collate', '--grep', '('], /invalid regular expression/);
  fails(['collate', '--bogus'], /unknown option --bogus/);
  fails(['frobnicate'], /unknown command "frobnicate"/);
  const gz = zlib.gzipSync(fs.readFileSync(sample));
  fails(['collate', tmpFile('cut.log.gz', gz.subarray(0, gz.length >> 1))], /cut\.log\.gz: truncated gzip data/);
  const corrupt = Buffer.from(gz);
  corrupt.fill(0x41, 20, 60);
  fails(['collate', tmpFile('bad.log.gz', corrupt)], /bad\.log\.gz: corrupt gzip data/);
});

test('--help explains each command', () => {
  const r = runCli(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout.toString(), /collate/);
  assert.match(runCli(['collate', '--help']).stdout.toString(), /--grep REGEX/);
  assert.equal(runCli([]).status, 2);
});

test('binary input does not crash or hang, and the file is not modified', () => {
  const bytes = Buffer.alloc(1 << 20);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
  const f = tmpFile('binary.log', bytes);
  const before = fs.statSync(f).mtimeMs;
  const r = runCli(['collate', f]);
  assert.equal(r.status, 0);
  assert.equal(fs.statSync(f).mtimeMs, before);
  assert.deepEqual(fs.readFileSync(f), bytes);
});
