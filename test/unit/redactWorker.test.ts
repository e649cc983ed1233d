// `redact` over large inputs finds the runs to redact in a worker thread (cli/redactInput.ts,
// dist/redactWorker.js) while this thread gives the pseudonyms: the blocks, their events and the
// redacted text are the ones found in this thread, across many blocks (the worker's slots reused),
// several files (one without a final newline, an empty one, one with a byte order mark and
// invalid UTF-8), and a read failure is the same LogReadError.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findInPieces, findRest, foundBlocks, SLOT_SIZES, wantsWorker } from '../../server/src/cli/redactInput';
import { Redactor } from '../../server/src/engine/investigate/redact';
import { WasmScan } from '../../server/src/engine/investigate/redactWasm';
import { Events, findRuns } from '../../server/src/engine/investigate/redactFind';
import { ByteOut } from '../../server/src/engine/byteOut';
import { LogReadError } from '../../server/src/io/errors';

let seed = 11;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

/** About `bytes` of MTA and mailbox lines with addresses, hosts, IPs and accounts, mostly repeated, some new. */
function log(bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const u = `user${Math.floor(random() * (i % 50 === 0 ? 1e6 : 40))}@dom${i % 7}.example.org`;
    const ip = `10.${i % 3}.${Math.floor(random() * 256)}.${i % 200}`;
    const l =
      i % 3 === 0
        ? `Oct 13 10:${String(i % 60).padStart(2, '0')}:00 mta${i % 4}.corp.net postfix/qmgr[99]: 1A2B${i}: from=<${u}>, size=${i}, relay=mx.${i % 9}.net[${ip}]:25`
        : i % 3 === 1
          ? `2026-10-13 10:00:00,${String(i % 1000).padStart(3, '0')} INFO  [qtp-${i}] [name=${u};ip=${ip};] account - name=acct${i % 30} authentication failed for [bob${i % 5}]`
          : `Oct 13 10:00:01 ${i % 2 ? 'host7' : '192.0.2.1'} saslauthd[1]: fe80::${(i % 65536).toString(16)}:1 2001:db8::${i % 99} Queue-ID: X, 2.0.0 time 10:00:00`;
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n') + '\n';
}

/**
 * What the blocks of `files` hold and become (redacted by a Redactor with RedactScan, or with
 * WasmScan: `wasm`, whose memory holds the worker's slots, or this thread's reading area and
 * events, and the output: `inScan`, as in the CLI).
 */
async function collect(files: string[], worker: boolean, wasm = false, inScan = false) {
  let scan: WasmScan | undefined;
  const r = wasm ? new Redactor((names) => (scan = new WasmScan(names))) : new Redactor();
  const slots = inScan ? () => scan!.regions(SLOT_SIZES) : undefined;
  const out = new ByteOut(1 << 16);
  const blocks: string[] = [];
  const notices: string[] = [];
  let last = 10;
  for await (const x of foundBlocks(files, (m) => notices.push(m), (b, start, end, lines, events) => r.findRuns(b, start, end, lines, events), worker, slots)) {
    if (x.kind === 'file') {
      if (last !== 10) out.ascii('\n');
      blocks.push('file');
      continue;
    }
    last = x.last;
    blocks.push(`${x.end - x.start} ${x.last} ${Array.from(x.events.list.subarray(0, x.events.count * 4), (v, i) => (i % 4 === 1 || i % 4 === 2 ? v - x.start : v)).join(',')}`);
    // In the CLI's way: the output written from the scan's memory.
    const made = inScan ? scan!.applied(x.b, x.start, x.end, x.events) : undefined;
    if (made) out.copy(made, 0, made.length);
    else r.bytesFound(x.b, x.start, x.end, x.events, out);
  }
  return { blocks, text: Buffer.from(out.view()).toString('latin1'), notices, counts: r.counts };
}

test('the worker thread finds what this thread finds: same blocks, events and redacted text over many blocks and files', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redact-worker-'));
  try {
    const files = ['big.log', 'tail.log', 'empty.log', 'odd.log', 'long.log', 'many.log'].map((f) => path.join(dir, f));
    fs.writeFileSync(files[0], log(18 << 20));
    fs.writeFileSync(files[1], 'Oct 13 10:00:00 mta1 postfix/smtp[1]: to=<ann@example.com>, relay=mx.example.net[203.0.113.5]:25');
    fs.writeFileSync(files[2], '');
    fs.writeFileSync(files[3], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name=bob@example.com \xff\xfe bad\nip=198.51.100.9\n', 'latin1')]));
    // A block larger than a slot (a 10 MB line), and one with more events than a slot holds.
    fs.writeFileSync(files[4], `x 192.0.2.1 ${'a.example.com '.repeat(100)}${'z'.repeat(8 << 20)} bob@example.com\n`);
    fs.writeFileSync(files[5], '1.2.3.4 198.51.100.7\n'.repeat(140_000));
    // Small inputs, and missing ones, are read in this thread.
    assert.equal(wantsWorker(files.slice(1, 4)), false);
    assert.equal(wantsWorker([path.join(dir, 'missing.log')]), false);
    const here = await collect(files, false);
    assert.ok(here.blocks.filter((b) => b !== 'file').length > 4, `${here.blocks.length} blocks`);
    // The worker's scan (WebAssembly), this thread's with either scan (reading into the scan's memory or not), redacted by either: the same.
    for (const [worker, wasm, inScan] of [[true, false, false], [true, true, true], [false, true, false], [false, true, true]]) {
      const other = await collect(files, worker, wasm, inScan);
      assert.deepEqual(other.blocks, here.blocks);
      assert.equal(other.text, here.text);
      assert.deepEqual(other.counts, here.counts);
    }
    const worker = await collect(files, true);
    assert.ok(here.counts.email > 1000 && here.counts.ip > 1000 && here.counts.account > 100, JSON.stringify(here.counts));
    // The whole input redacted at once gives the same text: the blocks cut no token.
    const whole = new Redactor();
    const out = new ByteOut(1 << 16);
    const text = fs.readFileSync(files[0]);
    whole.bytes(text, 0, text.length, out);
    assert.equal(worker.text.slice(0, out.length), Buffer.from(out.view()).toString('latin1'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file the worker cannot read fails as in this thread', async () => {
  const missing = path.join(os.tmpdir(), 'redact-worker-missing', 'zimbra.log');
  const errors: unknown[] = [];
  for (const worker of [false, true]) {
    try {
      for await (const x of foundBlocks([missing], () => {}, findRuns, worker)) void x;
    } catch (e) {
      errors.push(e);
    }
  }
  assert.equal(errors.length, 2);
  assert.ok(errors.every((e) => e instanceof LogReadError));
  assert.equal((errors[1] as Error).message, (errors[0] as Error).message);
});

test('a block found a piece of whole lines at a time, its rest found apart after what was found: the runs of the whole block', () => {
  const text = Buffer.from(log(300_000));
  const n = text.length;
  const scan = new WasmScan(null);
  // As in the worker: the block and its events in regions of the scan's memory.
  const { buffer, at } = scan.regions([n + 64, 16 * 200_000]);
  const [bytesAt, eventsAt] = at;
  const b = new Uint8Array(buffer, bytesAt, n);
  b.set(text);
  // Whole: the block at once.
  const whole = new Events();
  findRuns(b, 0, n, true, whole);
  const expected = Array.from(whole.list.subarray(0, 4 * whole.count));
  assert.ok(whole.count > 5000, `${whole.count} runs`);
  const viaScan = (bb: Uint8Array, s: number, e: number, lines: boolean, ev: Events) => scan.find(bb, s, e, lines, ev);
  const pieces = (stopAfter: number, piece: number) => {
    let calls = 0;
    return findInPieces(scan, bytesAt, { b, start: 0, end: n }, eventsAt, 200_000, () => calls++ >= stopAfter, piece);
  };
  for (const piece of [1, 1000, 7777, 1 << 20]) {
    // Not stopped: all of it, the same runs.
    const all = pieces(Infinity, piece);
    assert.equal(all.from, n);
    assert.deepEqual(Array.from(new Int32Array(buffer, eventsAt, 4 * all.count)), expected, `pieces of ${piece}`);
    for (const stopAfter of [0, 1, 3, 40]) {
      const part = pieces(stopAfter, piece);
      assert.ok(part.from === 0 || part.from === n || text[part.from - 1] === 10, 'stopped at a line end');
      // (Lines are shorter than 300 bytes.)
      if (stopAfter > 0 && stopAfter * (piece + 300) < n) assert.ok(part.from > 0 && part.from < n, `stopped within the block: ${part.from}`);
      if (stopAfter === 0) assert.equal(part.from, 0);
      // The rest, found after them (by the scan, and by the JavaScript findRuns): in the room left, and when that room is too small.
      for (const [rest, room] of [
        [viaScan, 200_000],
        [findRuns, 200_000],
        [viaScan, part.count + 3],
        [findRuns, part.count + 3],
      ] as const) {
        const events = new Events();
        events.list = new Int32Array(buffer, eventsAt, 4 * room) as unknown as Int32Array<ArrayBuffer>;
        events.count = part.count;
        findRest(b, part.from, n, events, rest);
        assert.deepEqual(Array.from(events.list.subarray(0, 4 * events.count)), expected, `pieces of ${piece}, stopped after ${stopAfter}, room ${room}`);
      }
    }
  }
});
