// The investigations' line loops in WebAssembly (engine/investigate/lineScan.ts) against their
// JavaScript references. Pass 2: LineScan.lines takes the lines transactionLines takes, on
// generated blocks with every edge the loop has (short lines, ':' without a space, CRLF, long and
// empty queue IDs, NUL and bytes >= 0x80, a last line without a newline, blocks that start inside
// the area, more lines found than the module lists at once, a block outside its memory). Pass 1:
// LineScan.walk leaves the year model as walkLines does (months that turn, every kind of line,
// lines with a month's bytes that are not BSD times), between the prefilter's hits and alone.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hashBytes, hashChars, hashString } from '../../server/src/engine/index/keyHash';
import { LineScan, QueueIds, transactionLines } from '../../server/src/engine/investigate/lineScan';
import { EventClock } from '../../server/src/engine/investigate/eventClock';
import { HitLines, LineWalk, walkLines } from '../../server/src/engine/investigate/hitLines';
import { find } from '../../server/src/disk/investigateScan';
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

test('a key hashed from its characters is hashed as its UTF-8 bytes (what pass 2 compares)', () => {
  const line = 'Oct 13 10:00:00 mta01 postfix/qmgr[3002]: 4A0F1B2C3D: from=<jos\u00e9@ex\u00e4mple.com>, size=1';
  const bytes = Buffer.from(line, 'utf8');
  const at = (s: string) => [line.indexOf(s), line.indexOf(s) + s.length] as const;
  for (const part of ['4A0F1B2C3D', 'jos\u00e9@ex\u00e4mple.com', 'from=<jos\u00e9', 'x']) {
    const [s, e] = part === 'x' ? [5, 5] : at(part);
    const [bs, be] = [Buffer.byteLength(line.slice(0, s)), Buffer.byteLength(line.slice(0, e))];
    assert.equal(hashChars(line, s, e), hashBytes(bytes, bs, be), part);
    assert.equal(hashChars(line, s, e), hashString(line.slice(s, e)), part);
  }
  assert.notEqual(hashChars(line, 0, 3), 0);
});

test('the WebAssembly pass 2 takes the lines the JavaScript loop takes', (t) => {
  const scan = LineScan.make(AREA);
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
  const scan = LineScan.make(AREA);
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

/** Lines of the shapes the year model tells apart: months that turn (December to January), log4j entries, continuation lines, short and empty lines, CRLF. */
function clockBlock(seed: number, lines: number): Buffer {
  const rnd = random(seed);
  const months = ['Nov', 'Dec', 'Jan', 'Feb'];
  let m = 0;
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rnd();
    const cr = rnd() < 0.05 ? '\r' : '';
    if (rnd() < 0.01) m = (m + 1) % months.length;
    if (r < 0.6) out.push(`${months[m]} ${rnd() < 0.5 ? ' 1' : '30'} 10:${String(i % 60).padStart(2, '0')}:00 mta01 postfix/qmgr[3002]: 4A0F1: judy${cr}`);
    else if (r < 0.7) out.push(`2026-1${Math.floor(rnd() * 3)}-13 10:16:40,564 INFO  [qtp-1] [name=judy@example.com;] soap - x${cr}`);
    else if (r < 0.8) out.push(`\tat com.zimbra.cs.service.mail.Search.handle(Search.java:${i})${cr}`);
    else if (r < 0.85) out.push(['', 'x', '123456789', '1234567890', '\tat a.b(c)'][Math.floor(rnd() * 5)] + cr);
    else if (r < 0.9) out.push(`2026-10-13T10:00:00.123456+02:00 mta01 postfix/smtp[5]: 4A0F1: to=<b@example.org>${cr}`);
    else if (r < 0.95) out.push(`${months[Math.floor(rnd() * 4)]}${rnd() < 0.5 ? ' ' : '-'}13 10:00:00 mta01 kernel: \u00e9${cr}`);
    // A month's bytes, not a BSD time (bytes 6 and 9 tell it apart).
    else out.push(`${months[Math.floor(rnd() * 4)]} 13 2026 10:00 judy${cr}`);
  }
  return Buffer.from(out.join('\n') + (seed % 2 ? '\n' : ''), 'latin1');
}

/** A year model fed block after block of `bytes` through `block` (which returns the next line number); finished. */
function clockAfter(bytes: Buffer, at: number, area: Uint8Array, block: (b: Buffer, s: number, e: number, n: number, clock: EventClock) => number): EventClock {
  const clock = new EventClock();
  clock.beginTimeline(2026);
  const b = Buffer.from(area.buffer, area.byteOffset, area.byteLength);
  area.set(bytes, at);
  let n = 0;
  // Blocks cut at line ends, as areaBlocks hands them on.
  for (let s = at; s < at + bytes.length; ) {
    let e = Math.min(at + bytes.length, s + 1 + ((bytes.length / 5) | 0));
    if (e < at + bytes.length) e = b.indexOf(10, e) < 0 ? at + bytes.length : b.indexOf(10, e) + 1;
    n = block(b, s, e, n, clock);
    s = e;
  }
  clock.finish();
  return clock;
}

test('the WebAssembly walk leaves the year model as the JavaScript loop does, between the prefilter hits and without them', (t) => {
  const scan = LineScan.make(AREA);
  if (!scan) return t.skip('this runtime does not run the module');
  const area = scan.area();
  for (let seed = 1; seed <= 20; seed++) {
    const bytes = clockBlock(seed, seed === 1 ? 9_000 : 500 + seed * 97);
    const at = seed * 13;
    const hitsOf = () => new HitLines([Buffer.from('judy')], find);
    const visits: number[][] = [[], []];
    const js = clockAfter(bytes, at, area, (b, s, e, n, clock) => hitsOf().block(b, s, e, n, clock, (_s, _e, k) => void visits[0].push(k)));
    const walked = clockAfter(bytes, at, area, (b, s, e, n, clock) => hitsOf().block(b, s, e, n, clock, (_s, _e, k) => void visits[1].push(k), scan.walk));
    assert.deepEqual(walked, js, `seed ${seed}: with hits`);
    assert.deepEqual(visits[1], visits[0], `seed ${seed}: the lines visited`);
    assert.ok(visits[0].length > 100);
    // The walk alone, in spans that start and end anywhere at line ends.
    const spans = (b: Buffer, s: number, e: number, n: number, clock: EventClock, walk: LineWalk) => {
      for (let p = s; p < e; ) {
        const q = Math.min(e, b.indexOf(10, p + Math.floor(random(p)() * 3000)) + 1 || e);
        n = walk(b, p, q, n, clock);
        p = q;
      }
      clock.flushBytes();
      return n;
    };
    const plain = clockAfter(bytes, at, area, (b, s, e, n, clock) => spans(b, s, e, n, clock, walkLines));
    const wasm = clockAfter(bytes, at, area, (b, s, e, n, clock) => spans(b, s, e, n, clock, scan.walk));
    assert.deepEqual(wasm, plain, `seed ${seed}: walks`);
    assert.deepEqual(plain, js, `seed ${seed}: walks and the loop`);
  }
});

test('a walk over more month changes than the module lists at once, and over a block outside its memory', (t) => {
  const scan = LineScan.make(AREA);
  if (!scan) return t.skip('this runtime does not run the module');
  // Every line's month bytes differ from the line before.
  const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => `${i % 2 ? 'Dec' : 'Jan'} 13 10:00:00 mta01 kernel: x\n`).join(''));
  const area = scan.area();
  area.set(bytes, 0);
  const clocks = [walkLines, scan.walk].map((walk) => {
    const clock = new EventClock();
    clock.beginTimeline(2026);
    assert.equal(walk(Buffer.from(area.buffer, area.byteOffset, bytes.length), 0, bytes.length, 0, clock), 10_000);
    clock.finish();
    return clock;
  });
  assert.deepEqual(clocks[1], clocks[0]);
  assert.equal(clocks[1].here.place, 9_999);
  const outside = new EventClock();
  outside.beginTimeline(2026);
  assert.equal(scan.walk(new Uint8Array(bytes), 0, bytes.length, 0, outside), 10_000);
  outside.finish();
  assert.deepEqual(outside, clocks[0]);
});
