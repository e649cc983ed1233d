// The one reader (server/src/io/read.ts) and the indexes built on it: compression and archives
// recognised by content whatever the name, members as logs of their own, FIFOs read as streams,
// limits on decompression and on tar headers, lines cut but counted past LONG_LINE, and one
// wording of every failure, naming the file, from every subcommand.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { lineBlocks, LONG_LINE, readLog } from '../../server/src/io/read';
import { indexFile, readLines, readLinesSync } from '../../server/src/logs/indexFile';
import { indexRange } from '../../server/src/logs/indexRange';
import { StreamIndex } from '../../server/src/engine/index/streamIndex';
import { fixtures } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-io-'));
const compressed = path.join(fixtures, 'compressed');
const root = path.resolve(fixtures, '..', '..');

async function bytesOf(file: string, options = {}): Promise<{ member: string; text: string }[]> {
  const out: { member: string; text: string }[] = [];
  for await (const c of readLog(file, options)) {
    const last = out[out.length - 1];
    if (last && last.member === c.member) last.text += Buffer.from(c.bytes).toString();
    else out.push({ member: c.member, text: Buffer.from(c.bytes).toString() });
  }
  return out;
}

test('compression by content: a .gz that is plain text is read as text (and said so), gzip without .gz is decompressed', async () => {
  const plain = path.join(tmp, 'zimbra.log.gz');
  fs.writeFileSync(plain, 'Oct 13 10:17:00 mta01 postfix/qmgr[1]: 4FF14284F45: removed\n');
  const notices: string[] = [];
  assert.deepEqual(await bytesOf(plain, { notice: (m: string) => notices.push(m) }), [{ member: '', text: 'Oct 13 10:17:00 mta01 postfix/qmgr[1]: 4FF14284F45: removed\n' }]);
  assert.deepEqual(notices, [`${plain}: named .gz but not gzip-compressed: read as plain text`]);
  const gz = path.join(tmp, 'zimbra.log');
  fs.writeFileSync(gz, zlib.gzipSync('a\nb\n'));
  assert.deepEqual(await bytesOf(gz), [{ member: '', text: 'a\nb\n' }]);
});

test('archives by content: each regular member of a tar.gz is a log of its own, indexed and read back', async () => {
  const parts = await bytesOf(path.join(compressed, 'logs.tar.gz'));
  assert.deepEqual(parts.map((p) => p.member), ['logs/mailbox.log', 'logs/zimbra.log']);
  assert.ok(parts.every((p) => !p.text.includes('ustar')), 'no header block is read as text');
  const logs = await indexFile(path.join(compressed, 'logs.tar.gz'));
  assert.deepEqual(logs.map((l) => l.label), parts.map((p) => `${path.join(compressed, 'logs.tar.gz')}:${p.member}`));
  const zimbra = logs[1];
  const lines = parts[1].text.split('\n');
  assert.equal(zimbra.index.lineCount, lines.length - 1);
  const back = await readLines(zimbra, [0, zimbra.index.lineCount - 1]);
  assert.deepEqual([...back.values()], [lines[0], lines[lines.length - 2]]);
});

test('failures name the file once, in the same words: truncated gzip and tar, a missing member, a bomb, a huge tar header', async () => {
  await assert.rejects(bytesOf(path.join(compressed, 'truncated.log.gz')), new RegExp(`^Error: ${path.join(compressed, 'truncated.log.gz')}: truncated gzip data`));
  await assert.rejects(bytesOf(path.join(compressed, 'truncated.tar.gz')), /truncated\.tar\.gz: truncated/);
  await assert.rejects(bytesOf(path.join(compressed, 'logs.tar.gz'), { member: 'nothing.log' }), /logs\.tar\.gz: no member nothing\.log in the archive/);
  await assert.rejects(bytesOf(path.join(compressed, 'zimbra.log.2.gz'), { maxSize: 100 }), /zimbra\.log\.2\.gz: decompressed size over the limit of 100 bytes: refused/);
  await assert.rejects(bytesOf(path.join(tmp, 'missing.log')), /missing\.log: no such file$/);
  await assert.rejects(bytesOf(tmp), /: is a directory$/);
  // A GNU long-name header that claims 1 GiB is refused at its header, not buffered.
  const header = Buffer.alloc(512);
  header.write('././@LongLink', 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write('10000000000\0', 124); // octal: 1 GiB
  header.write('00000000000\0', 136);
  header.write('L', 156);
  header.write('ustar  \0', 257);
  header.write('        ', 148);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const bomb = path.join(tmp, 'bomb.tar');
  fs.writeFileSync(bomb, Buffer.concat([header, Buffer.alloc(4096)]));
  await assert.rejects(bytesOf(bomb), /bomb\.tar: not a log archive \(a 1073741824-byte long-name header\)/);
});

test('a FIFO is read as a stream (no seek), and so is standard input', { skip: process.platform === 'win32' }, async () => {
  const fifo = path.join(tmp, 'fifo');
  execFileSync('mkfifo', [fifo]);
  const writer = spawn('sh', ['-c', `cat "$0" > "$1"`, path.join(fixtures, 'collate', 'bounce.log'), fifo], { stdio: 'ignore' });
  const exited = new Promise((r) => writer.on('exit', r));
  const [part] = await bytesOf(fifo);
  await exited;
  assert.equal(part.text, fs.readFileSync(path.join(fixtures, 'collate', 'bounce.log'), 'utf8'));
});

test('lines past LONG_LINE are cut for the index but counted: the lines after them keep their numbers and offsets', async () => {
  const file = path.join(tmp, 'long.log');
  const long = 'x'.repeat(LONG_LINE * 3 + 17);
  fs.writeFileSync(file, `Oct 13 10:17:00 mta01 postfix/qmgr[1]: 4FF14284F45: from=<a@b>, size=1, nrcpt=1\n${long}\nOct 13 10:17:01 mta01 postfix/qmgr[1]: 4FF14284F45: removed\n`);
  const blocks: number[] = [];
  const ix = new StreamIndex();
  for await (const b of lineBlocks(readLog(file))) {
    blocks.push(b.end - b.start);
    ix.push(b.buf, b.start, b.end, b.offset);
  }
  assert.ok(Math.max(...blocks) <= LONG_LINE + 4 << 20);
  assert.equal(ix.lineCount, 3);
  assert.equal(ix.keyOf(0), ix.keyOf(2));
  // The same from a plain file read in ranges (the worker threads' way), and read back by its marks.
  const [log] = await indexFile(file);
  assert.equal(log.index.lineCount, 3);
  const back = readLinesSync(log, [0, 1, 2]);
  assert.equal(back.get(2), 'Oct 13 10:17:01 mta01 postfix/qmgr[1]: 4FF14284F45: removed');
  assert.equal(back.get(1), 'x'.repeat(LONG_LINE), 'a long line is read back cut');
});

test('a file indexed in parts equals the file indexed whole (line numbers, keys, postings, year turns)', () => {
  const file = path.join(root, 'test', 'fixtures', 'investigate', 'hijack', 'zimbra.log');
  const whole = indexRange(file, 0, Infinity);
  const size = fs.statSync(file).size;
  for (const cuts of [[0.5], [0.1, 0.2, 0.9], [0.33, 0.34, 0.35]]) {
    const bounds = [0, ...cuts.map((c) => Math.floor(size * c)), Infinity];
    const joined = indexRange(file, bounds[0], bounds[1]);
    for (let i = 1; i < bounds.length - 1; i++) joined.append(indexRange(file, bounds[i], bounds[i + 1]));
    assert.equal(joined.lineCount, whole.lineCount);
    for (let n = 0; n < whole.lineCount; n++) assert.equal(joined.keyOf(n), whole.keyOf(n));
    const all = [...Array(whole.lineCount).keys()];
    const log = { path: file, member: '', label: file, seekable: true, mtimeMs: 0, size };
    assert.deepEqual(readLinesSync({ ...log, index: joined }, all), readLinesSync({ ...log, index: whole }, all));
    assert.deepEqual([...readLinesSync({ ...log, index: joined }, all).values()], fs.readFileSync(file, 'utf8').split('\n').slice(0, -1));
    for (const p of ['queueLines', 'messageIds', 'mentions', 'addresses'] as const) {
      assert.equal(joined[p].length, whole[p].length, p);
      for (let i = 0; i < whole[p].length; i++) assert.equal(joined[p].lines.get(i), whole[p].lines.get(i));
    }
  }
});

test('every subcommand says the same one line about the same truncated .gz, and exits 2', () => {
  const cli = path.join(root, 'dist', 'cli.js');
  const bad = path.join(compressed, 'truncated.log.gz');
  const said = new Set<string>();
  for (const args of [['collate', bad], ['summary', bad], ['trace', 'x@y', bad], ['accounts', bad]]) {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    said.add(r.stderr.trim());
  }
  assert.deepEqual([...said], [`zimbra-logs: ${bad}: truncated gzip data (the file ends before its compressed stream does)`]);
});

test('the explorer learns a compressed log\'s size without decompressing it: the gzip trailer, or the member\'s tar header', async () => {
  const { decompressedSize } = await import('../../client/src/compressedSize');
  const gz = path.join(compressed, 'zimbra.log.2.gz');
  assert.equal(await decompressedSize({ archive: gz }), zlib.gunzipSync(fs.readFileSync(gz)).length);
  const parts = await bytesOf(path.join(compressed, 'logs.tar.gz'));
  for (const p of parts) assert.equal(await decompressedSize({ archive: path.join(compressed, 'logs.tar.gz'), member: p.member }), Buffer.byteLength(p.text));
  await assert.rejects(decompressedSize({ archive: path.join(compressed, 'logs.tar.gz'), member: 'nothing.log' }), /no member nothing\.log/);
});

test('standard output: a full disk is one line and exit 2; a closed pipe ends quietly', () => {
  const cli = path.join(root, 'dist', 'cli.js');
  const log = path.join(root, 'test', 'fixtures', 'trace', 'inbound', 'zimbra.log');
  for (const args of [['collate', log], ['summary', log], ['trace', 'in-1@partner.org', log], ['accounts', log]]) {
    const full = spawnSync('sh', ['-c', `"$0" "$@" > /dev/full`, process.execPath, cli, ...args], { encoding: 'utf8' });
    assert.equal(full.status, 2, args[0]);
    assert.equal(full.stderr, 'zimbra-logs: standard output: no space left on device\n', args[0]);
  }
  const big = path.join(tmp, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '3M', '--out', big]);
  const piped = spawnSync('sh', ['-c', `"$0" "$1" collate "$2" | head -c1 > /dev/null; echo "\${PIPESTATUS:-}"`, process.execPath, cli, big], { encoding: 'utf8' });
  assert.equal(piped.stderr, '', 'no EPIPE stack');
});

test('one smtpd process with thousands of transactions and no disconnect: collate refuses in one line, exit 2, in bounded memory', () => {
  const file = path.join(tmp, 'session.log');
  const lines: string[] = [];
  for (let i = 0; i < 10000; i++) lines.push(`Oct 13 10:17:00 mta01 postfix/smtpd[1]: ${(0x1000000000 + i * 7919).toString(16).toUpperCase()}: client=h${i}.x.net[1.2.3.${i % 250}]`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const r = spawnSync('sh', ['-c', `ulimit -v 2000000; "$0" "$1" collate "$2" > /dev/null`, process.execPath, path.join(root, 'dist', 'cli.js'), file], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^zimbra-logs: .*session\.log: collate\.pl's output for this log would repeat the lines of an smtpd session .*; refused\n$/);
  // An ordinary session with a few transactions is collated as ever.
  const ok = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'collate', path.join(fixtures, 'collate', 'smtpd-sessions.log')], { encoding: 'utf8' });
  assert.equal(ok.stdout, fs.readFileSync(path.join(fixtures, 'collate', 'smtpd-sessions.expected'), 'utf8'));
});

test('runs of empty lines (a gzip bomb of newlines) are counted, not indexed: lines after them keep their numbers and are read back', async () => {
  const file = path.join(tmp, 'empty.log');
  const tail = 'Oct 13 10:17:01 mta01 postfix/qmgr[1]: 4FF14284F45: removed';
  fs.writeFileSync(file, 'first\n' + '\n'.repeat(300_000) + tail + '\n' + '\n'.repeat(5) + 'last\n');
  for (const log of [(await indexFile(file))[0], { ...(await indexFile(file))[0], index: indexRange(file, 0, Infinity) }]) {
    assert.equal(log.index.lineCount, 300_008);
    assert.ok(log.index.markLines.length < 10, 'a few marks, not one per line');
    const back = readLinesSync(log, [0, 150_000, 300_001, 300_007]);
    assert.deepEqual([...back.values()], ['first', '', tail, 'last']);
    assert.notEqual(log.index.keyOf(300_001), 0);
  }
  // The same through gzip (no offsets: read again).
  const gz = path.join(tmp, 'empty.log.gz');
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(file)));
  const [z] = await indexFile(gz);
  assert.equal(z.index.lineCount, 300_008);
  assert.deepEqual([...(await readLines(z, [300_001, 300_007])).values()], [tail, 'last']);
});
