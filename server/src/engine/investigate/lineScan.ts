// The two loops over every line of the streaming investigations (disk/investigateScan.ts), in
// JavaScript (the reference, and where the module cannot run) and in WebAssembly
// (wasm/lineScan.as.ts, lines found 16 bytes a step), for blocks read into the module's memory:
// - pass 1 (activity, logins): the lines between two hits of the byte prefilter are only counted
//   and shown to the year model, which decodes a line only when its month bytes change
//   (hitLines.ts walkLines; LineScan.walk lists only those lines);
// - pass 2 of `activity`: every line that belongs to a Postfix transaction pass 1 found, by the
//   hash of its queue ID (FNV-1a of the bytes after the first ": " from the line's 17th byte, up
//   to the next ':'): transactionLines, LineScan.lines.
// test/unit/lineScan.test.ts holds each pair to the same lines and the same clock.
import wasmBytes from './wasm/lineScan.as.wasm';
import { FNV_BASIS, FNV_PRIME } from '../byteKeys';
import { HashSet } from '../index/paged';
import { compiledOnce, Memory, wasm } from '../wasm';
import type { EventClock } from './eventClock';
import { LineVisit, walkLines } from './hitLines';

/** The bit of a hash in a bitmap of a million bits. */
const bit = (h: number) => (h ^ (h >>> 20)) & 0xfffff;

/**
 * The hashes of the queue IDs pass 2 looks for (hashBytes'), with a bitmap of a million bits in
 * front: most lines' queue IDs are not wanted, and a bit of a 128 KB table says so sooner than a
 * probe of the hash table. The bitmap may be given (LineScan's, in its module's memory).
 */
export class QueueIds {
  private readonly set = new HashSet();
  constructor(private readonly bits: Uint8Array = new Uint8Array(1 << 17)) {
    bits.fill(0);
  }

  add(h: number): void {
    this.set.add(h);
    const k = bit(h);
    this.bits[k >>> 3] |= 1 << (k & 7);
  }

  /** Whether FNV-1a state `h` (before hashBytes makes 0 into 1) is a wanted queue ID's. */
  has(h: number): boolean {
    h = h >>> 0 === 0 ? 1 : h >>> 0;
    const k = bit(h);
    return (this.bits[k >>> 3] & (1 << (k & 7))) !== 0 && this.set.has(h);
  }
}

/**
 * The lines of bytes [start, end) of `b`, the first numbered `n`, whose queue ID's hash is in
 * `wanted`, to `take`; returns the next line's number. One loop, no call per line: pass 2 reads
 * every line of the files that named a queue ID (the queue ID is hashed as it is read).
 */
export function transactionLines(b: Uint8Array, start: number, end: number, n: number, wanted: QueueIds, take: LineVisit): number {
  for (let s = start; s < end; n++) {
    let nl = b.indexOf(10, s);
    if (nl < 0 || nl >= end) nl = end;
    const e = nl > s && b[nl - 1] === 13 ? nl - 1 : nl;
    // `Oct 13 10:00:00 host postfix/qmgr[123]: QUEUEID: ...` (an RFC 3339 time has no `: ` either)
    let i = s + 16;
    for (;;) {
      i = b.indexOf(58, i);
      if (i < 0 || i >= e) break;
      if (b[i + 1] === 32) break;
      i++;
    }
    if (i >= 0 && i < e) {
      const q = i + 2;
      const last = Math.min(e, q + 34);
      let j = q;
      let h = FNV_BASIS;
      for (; j < last; j++) {
        const c = b[j];
        if (c === 58) break;
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      if (j < e && b[j] === 58 && wanted.has(h)) take(s, e, n);
    }
    s = nl + 1;
  }
  return n;
}

interface Exports {
  bits(): number;
  out(): number;
  heapStart(): number;
  lineCount(): number;
  resume(): number;
  scan(base: number, start: number, end: number, n: number): number;
  walk(base: number, start: number, end: number, n: number, k1: number, k2: number, k3: number): number;
  lastSameStart(): number;
  lastSameEnd(): number;
  lastSameLine(): number;
}

/** Lines the module lists at once (lineScan.as.ts CAP). */
const CAP = 4096;

const compiled = compiledOnce(wasmBytes, false);

/**
 * walkLines and transactionLines in WebAssembly, for blocks read into `area()` (a part of the
 * module's memory); a block elsewhere (a line too long for the area) goes through the JavaScript.
 */
export class LineScan {
  private readonly x: Exports;
  private readonly memory: Memory<ArrayBuffer>;
  private readonly found: Int32Array;
  private readonly at: number;
  /** The wanted queue IDs' hashes, their bitmap in the module's memory (reset by `wanted`). */
  private ids: QueueIds;

  /** A scan with an area of `size` bytes; undefined when this runtime cannot run the module. */
  static make(size: number): LineScan | undefined {
    const m = compiled();
    return m ? new LineScan(m, size) : undefined;
  }

  private constructor(module: object, private readonly size: number) {
    const w = wasm();
    // The module's data (its bitmap and list: under 1 MB), then the area.
    this.memory = new w.Memory<ArrayBuffer>({ initial: Math.ceil((size + (1 << 20)) / 65536), maximum: 65536, shared: false });
    this.x = new w.Instance(module, { env: { memory: this.memory } }).exports as Exports;
    this.at = this.x.heapStart();
    // The area, and 16 bytes after it that the loops may read.
    const need = this.at + size + 16 - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    // The memory grows no more: views of it stay valid.
    this.found = new Int32Array(this.memory.buffer, this.x.out(), CAP * 6);
    this.ids = this.wanted();
  }

  /** Where blocks are read: the area, in the module's memory. */
  area(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.memory.buffer, this.at, this.size);
  }

  /** A new, empty set of wanted queue IDs (its bitmap the module's). */
  wanted(): QueueIds {
    this.ids = new QueueIds(new Uint8Array(this.memory.buffer, this.x.bits(), 1 << 17));
    return this.ids;
  }

  /** transactionLines with the last `wanted()` set. */
  lines(b: Uint8Array, start: number, end: number, n: number, take: LineVisit): number {
    if (b.buffer !== this.memory.buffer) return transactionLines(b, start, end, n, this.ids, take);
    const found = this.found;
    for (let s = start; s < end; ) {
      const count = this.x.scan(b.byteOffset, s, end, n);
      for (let k = 0; k < count * 4; k += 4) if (this.ids.has(found[k + 3])) take(found[k], found[k + 1], found[k + 2]);
      n = this.x.lineCount();
      s = this.x.resume();
    }
    return n;
  }

  /** walkLines, in the module when `b` is in its memory. */
  readonly walk = (b: Uint8Array, start: number, end: number, n: number, clock: EventClock): number => {
    if (b.buffer !== this.memory.buffer) return walkLines(b, start, end, n, clock);
    const found = this.found;
    const x = this.x;
    for (let s = start; s < end; ) {
      const count = x.walk(b.byteOffset, s, end, n, clock.monthKey(0), clock.monthKey(1), clock.monthKey(2));
      for (let k = 0; k < count * 6; k += 6) {
        // The lines before the one listed, then that one (nextBytes decodes it: its month bytes differ).
        const line = found[k + 5];
        clock.skip(line - n, b, found[k], found[k + 1], line - 1 - found[k + 2]);
        clock.nextBytes(b, found[k + 3], found[k + 4]);
        n = line + 1;
      }
      const next = x.lineCount();
      clock.skip(next - n, b, x.lastSameStart(), x.lastSameEnd(), next - 1 - x.lastSameLine());
      n = next;
      s = x.resume();
    }
    return n;
  };
}
