// Pass 2 of `activity` (disk/investigateScan.ts): every line of the files that belongs to a
// Postfix transaction pass 1 found, by the hash of the line's queue ID (FNV-1a of the bytes after
// the first ": " from the line's 17th byte, up to the next ':'). `transactionLines` is the loop in
// JavaScript; QueueLineScan runs the same loop in WebAssembly (wasm/queueLines.as.ts, lines and
// ':' found 16 bytes a step) over blocks read into its memory, in about a third of the time
// (test/unit/queueLines.test.ts holds the two to the same lines).
import wasmBytes from './wasm/queueLines.as.wasm';
import { FNV_BASIS, FNV_PRIME } from '../byteKeys';
import { HashSet } from '../index/paged';
import { compiledOnce, Memory, wasm } from '../wasm';
import type { LineVisit } from './hitLines';

/** The bit of a hash in a bitmap of a million bits. */
const bit = (h: number) => (h ^ (h >>> 20)) & 0xfffff;

/**
 * The hashes of the queue IDs pass 2 looks for (hashBytes'), with a bitmap of a million bits in
 * front: most lines' queue IDs are not wanted, and a bit of a 128 KB table says so sooner than a
 * probe of the hash table. The bitmap may be given (QueueLineScan's, in its module's memory).
 */
export class QueueIds {
  private readonly set = new HashSet();
  constructor(private readonly bits: Uint8Array<ArrayBufferLike> = new Uint8Array(1 << 17)) {
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
}

const compiled = compiledOnce(wasmBytes);

/**
 * transactionLines in WebAssembly, for blocks read into `area()` (a part of the module's memory);
 * a block elsewhere (a line too long for the area) goes through the JavaScript loop.
 */
export class QueueLineScan {
  private readonly x: Exports;
  private readonly memory: Memory;
  private readonly found: Int32Array;
  private readonly at: number;
  /** The wanted queue IDs' hashes, their bitmap in the module's memory (reset by `wanted`). */
  private ids: QueueIds;

  /** A scan with an area of `size` bytes; undefined when this runtime cannot run the module. */
  static make(size: number): QueueLineScan | undefined {
    const m = compiled();
    return m ? new QueueLineScan(m, size) : undefined;
  }

  private constructor(module: object, private readonly size: number) {
    const w = wasm();
    // The module's data (its bitmap and list: under 1 MB), then the area.
    this.memory = new w.Memory({ initial: Math.ceil((size + (1 << 20)) / 65536), maximum: 65536, shared: true });
    this.x = new w.Instance(module, { env: { memory: this.memory } }).exports as Exports;
    this.at = this.x.heapStart();
    // The area, and 16 bytes after it that the loops may read.
    const need = this.at + size + 16 - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    this.found = new Int32Array(this.memory.buffer, this.x.out(), 4096 * 4);
    this.ids = this.wanted();
  }

  /** Where blocks are read: the area, in the module's memory. */
  area(): Uint8Array<SharedArrayBuffer> {
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
}
