// Pass 2 of `activity`: the WebAssembly scan (QueueLineScan) takes the same lines as the
// JavaScript loop (transactionLines), on generated blocks with every edge the loop has: short
// lines, ':' without a space, CRLF, long and empty queue IDs, NUL and bytes >= 0x80, a last line
// without a newline, blocks that start inside the area, more lines found than the module lists
// at once, and a block outside the module's memory.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hashString } from '../../server/src/engine/index/keyHash';
import { QueueIds, QueueLineScan, transactionLines } from '../../server/src/engine/investigate/queueLines';
import { random } from './helpers';

const AREA = 1 << 20;

/** Lines of a Postfix log and of other shapes; the queue IDs used. */
function block(seed: number, lines: number): { bytes: Buffer; ids: string[] } {
  const rnd = random(seed);
  const ids = Array.from({ length: 40 }, (_, i) => (0x4a000 + i * 7919).toString(16).toUpperCase());
  ids.push('A'.repeat(33), 'B'.repeat(34), 'C'.repeat(35), '');
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const q = ids[Math.floor(rnd() * ids.length)];
    const r = rnd();
    if (r < 0.6) out.push(`Oct 13 10:${String(i % 60).padStart(2, '0')}:00 mta01 postfix/qmgr[3002]: ${q}: from=<a@example.com>, size=${i}${rnd() < 0.1 ? '\r' : ''}`);
    else if (r < 0.7) out.push(`2026-10-13T10:00:00.123456+02:00 mta01 postfix/smtp[5]: ${q}: to=<b@example.org>, status=sent`);
    else if (r < 0.75) out.push(`short: ${q}:`);
    else if (r < 0.8) out.push(`Oct 13 10:00:00 mta01 postfix/smtpd[1]:${q}: no space after the colon`);
    else if (r < 0.85) out.push(`Oct 13 10:00:00 mta01 kernel: \u0000\u00e9\u00ff ${q}: x`);
    else if (r < 0.9) out.push('');
    else if (r < 0.95) out.push(`Oct 13 10:00:00 mta01 postfix/qmgr[3002]: ${q}`);
    else out.push(`Oct 13 10:00:00 mta01 postfix/qmgr[3002]: ${q}: ${'x'.repeat(Math.floor(rnd() * 300))}: more: `);
  }
  // Every other block's last line has no newline.
  return { bytes: Buffer.from(out.join('\n') + (seed % 2 ? '\n' : ''), 'latin1'), ids };
}

function wantedOf(ids: readonly string[], rnd: () => number, into: QueueIds): QueueIds {
  for (const q of ids) if (rnd() < 0.5) into.add(hashString(q));
  return into;
}

test('the WebAssembly pass 2 takes the lines the JavaScript loop takes', (t) => {
  const scan = QueueLineScan.make(AREA);
  if (!scan) return t.skip('this runtime does not run the module');
  const area = scan.area();
  let taken = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { bytes, ids } = block(seed, 200 + seed * 50);
    const rnd = random(seed + 100);
    const js = wantedOf(ids, random(seed + 7), new QueueIds());
    // The same set in the module's bitmap (scan.lines looks up the last wanted()).
    wantedOf(ids, random(seed + 7), scan.wanted());
    // The block somewhere in the area, its first lines skipped.
    const at = Math.floor(rnd() * 1000);
    area.set(bytes, at);
    const start = at + bytes.indexOf(10) + 1;
    const end = at + bytes.length;
    const want: number[][] = [];
    const got: number[][] = [];
    const plain = new Uint8Array(area.slice(0, end + 16));
    const n1 = transactionLines(plain, start, end, 5, js, (s, e, n) => void want.push([s, e, n]));
    const n2: number = scan.lines(area, start, end, 5, (s, e, n) => void got.push([s, e, n]));
    assert.deepEqual(got, want, `seed ${seed}`);
    assert.equal(n2, n1, `seed ${seed}: line count`);
    taken += want.length;
  }
  assert.ok(taken > 1000, `lines taken: ${taken}`);
});

test('more lines found than the module lists at once; a block outside its memory', (t) => {
  const scan = QueueLineScan.make(AREA);
  if (!scan) return t.skip('this runtime does not run the module');
  const line = 'Oct 13 10:00:00 mta01 postfix/qmgr[3002]: 4A0F1: removed\n';
  const bytes = Buffer.from(line.repeat(10_000));
  scan.wanted().add(hashString('4A0F1'));
  const area = scan.area();
  area.set(bytes, 0);
  const got: number[] = [];
  assert.equal(scan.lines(area, 0, bytes.length, 0, (_s, _e, n) => void got.push(n)), 10_000);
  assert.deepEqual(got, Array.from({ length: 10_000 }, (_, i) => i));
  // Outside the module's memory: the JavaScript loop, the same lines.
  const outside: number[] = [];
  assert.equal(scan.lines(new Uint8Array(bytes), 0, bytes.length, 0, (s) => void outside.push(s)), 10_000);
  assert.equal(outside.length, 10_000);
  assert.equal(outside[1], line.length);
});
