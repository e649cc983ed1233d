// The redaction's byte loops in WebAssembly (wasm/redact*.as.ts, compiled by the build and
// bundled as bytes): findRuns (redactFind.ts), skipping 16 bytes a step between the bytes it stops
// at, and RedactScan's apply, with what each run became lately kept in the module's memory. A run
// not seen lately is answered here, in JavaScript, by RedactScan (the pseudonyms are the
// Redactor's). The same bytes as RedactScan, in about half the CPU time: what the CLI's `redact`
// uses. Each block (and its events) is copied into the module's memory, unless it is there
// already (read or written by another thread into `regions` of the memory, which is shared); the
// output is copied out, or written from where it is (`applied`).
// test/unit/redactDiff, redactBytes and redactWasm.test.ts hold both to the same output.
import wasmBytes from './wasm/redact.as.wasm';
import { ByteOut } from '../byteOut';
import { Bytes } from '../bytes';
import { Events, findRuns } from './redactFind';
import { Pseudonyms, RedactScan, Scan } from './redactScan';
import { CLS } from './redactTokens';
import { compiledOnce, Memory as AnyMemory, wasm } from '../wasm';

/** The module's memory: shared (the CLI's reading thread reads into it). */
export type Memory = AnyMemory<SharedArrayBuffer>;

interface Exports {
  classes(): number;
  classesWritten(): void;
  tablesEnd(): number;
  findRuns(b: number, start: number, end: number, lines: number, events: number, cap: number): number;
  apply(b: number, start: number, end: number, events: number, count: number, out: number): number;
  room(n: number): number;
  answered(n: number, tally: number): number;
  written(): number;
  tally(k: number): number;
}

const compiled = compiledOnce(wasmBytes, true);

/** Whether this runtime runs the module (WebAssembly with SIMD and shared memory: not, say, node --jitless). */
export const wasmRuns = (): boolean => compiled() !== undefined;

/** The module's memory at most (4 GB): a block that does not fit is redacted by RedactScan. */
const PAGES = 65536;

/**
 * A Scan in a WebAssembly instance of its own. `names` may be null for one that only finds.
 * With `memory` (another scan's, from its `regions`), the instance works in that memory, on
 * blocks in those regions only (`findAt`): the module's data there is only ever written with the
 * values it has, so either instance may be scanning meanwhile.
 */
export class WasmScan implements Scan {
  readonly tally = new Float64Array(4);
  private readonly x: Exports;
  private readonly memory: Memory;
  /** Where the memory the module leaves free starts (after any `regions`): events, then the block, then the output. */
  private heap: number;
  /** Room for this many events. */
  private cap = 1 << 16;
  /** Answers the runs not seen lately. */
  private readonly js: RedactScan | undefined;
  private readonly answer = new ByteOut(256);
  private view: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  /** The memory's buffer that `regions` handed out. */
  private shared: SharedArrayBuffer | undefined;
  /** The block `find` looked at last, and what it found (the copies in the module's memory). */
  private readonly found: { b?: Bytes; start: number; end: number; events?: Events; count: number; cap: number } = { start: 0, end: 0, count: 0, cap: 0 };

  constructor(names: Pseudonyms | null, memory?: Memory) {
    const w = wasm();
    this.memory = memory ?? new w.Memory<SharedArrayBuffer>({ initial: 1, maximum: PAGES, shared: true });
    this.x = new w.Instance(compiled()!, { env: { memory: this.memory } }).exports as Exports;
    this.heap = (this.x.tablesEnd() + 15) & ~15;
    this.grow(this.heap);
    this.bytes().set(CLS, this.x.classes());
    this.x.classesWritten();
    this.js = names ? new RedactScan(names) : undefined;
  }

  /**
   * Regions of the module's memory of `sizes` bytes, kept for the caller (another thread may write
   * blocks and events there: `apply` then reads them in place): the memory and where they are.
   * Called before any block is found or applied.
   */
  regions(sizes: readonly number[]): { memory: Memory; buffer: SharedArrayBuffer; at: number[] } {
    const at: number[] = [];
    for (const n of sizes) {
      at.push(this.heap);
      this.heap = (this.heap + n + 16 + 15) & ~15;
    }
    this.grow(this.heap);
    this.shared = this.memory.buffer;
    return { memory: this.memory, buffer: this.shared, at };
  }

  /**
   * findRuns over bytes [start, end) of the block at `at` in the memory (the block's byte `start`
   * at `at + start`; 16 readable bytes after it), its events written at `events` while there is
   * room for `cap` of them: their number (more than `cap`: not all written).
   */
  findAt(at: number, start: number, end: number, lines: boolean, events: number, cap: number): number {
    return this.x.findRuns(at, start, end, lines ? 1 : 0, events, cap);
  }

  /** Memory up to `size` bytes at least; false when it cannot grow that much. */
  private grow(size: number): boolean {
    const need = size - this.memory.buffer.byteLength;
    if (need <= 0) return true;
    if (size > PAGES * 65536) return false;
    this.memory.grow(Math.ceil(need / 65536));
    return true;
  }

  /** The module's memory, the view made anew when it grew. */
  private bytes(): Uint8Array<ArrayBufferLike> {
    const m = this.memory.buffer;
    if (this.view.buffer !== m) this.view = new Uint8Array(m);
    return this.view;
  }

  /** findRuns; a block in the `regions` is read where it is (and its events written there when their list is). */
  find(b: Bytes, start: number, end: number, lines: boolean, events: Events): void {
    this.found.b = undefined;
    const here = this.shared !== undefined && b.buffer === this.shared;
    const list = events.list;
    // Block and events in the `regions`: the events written where they are, when there is room.
    if (here && (list.buffer as ArrayBufferLike) === this.shared) {
      const n = this.findAt(b.byteOffset, start, end, lines, list.byteOffset, list.length >> 2);
      if (n <= list.length >> 2) return void (events.count = n);
    }
    for (;;) {
      const at = here ? b.byteOffset + start : this.heap + this.cap * 16;
      // The block, and 16 bytes after it that the loops may read (and ignore).
      if (!this.grow(this.heap + this.cap * 16 + (here ? 0 : end - start + 16))) return findRuns(b, start, end, lines, events);
      if (!here) this.bytes().set(b.subarray(start, end), at);
      const n = this.x.findRuns(at - start, start, end, lines ? 1 : 0, this.heap, this.cap);
      if (n > this.cap) {
        this.cap = 2 * n;
        continue;
      }
      if (events.list.length < 4 * n) events.list = new Int32Array(8 * n);
      events.list.set(new Int32Array(this.memory.buffer, this.heap, 4 * n));
      events.count = n;
      Object.assign(this.found, { b, start, end, events, count: n, cap: this.cap });
      return;
    }
  }

  /**
   * RedactScan.apply. A block and events in the `regions` are read where they are; right after
   * `find` over the same block (the same array, bounds and Events, none changed since: as
   * Redactor.bytes and the CLI's single thread do), the copies find made are used.
   */
  apply(b: Bytes, start: number, end: number, events: Events, out: ByteOut): void {
    const v = this.applied(b, start, end, events);
    if (v) return out.copy(v, 0, v.length);
    const js = this.js!;
    const t = Array.from(js.tally);
    js.apply(b, start, end, events, out);
    for (let k = 0; k < 4; k++) this.tally[k] += js.tally[k] - t[k];
  }

  /**
   * `apply`, its output left in the module's memory: a view of it, valid until the next `find` or
   * `apply` (the CLI writes it from there); undefined when the memory cannot grow enough (nothing done).
   */
  applied(b: Bytes, start: number, end: number, events: Events): Uint8Array | undefined {
    const x = this.x;
    const js = this.js!;
    const f = this.found;
    const found = f.b === b && f.start === start && f.end === end && f.events === events && f.count === events.count && f.cap === this.cap;
    f.b = undefined;
    const count = events.count;
    const list = events.list;
    const blockHere = this.shared !== undefined && b.buffer === this.shared;
    const eventsHere = this.shared !== undefined && (list.buffer as ArrayBufferLike) === this.shared;
    if (count > this.cap && !eventsHere) this.cap = 2 * count;
    const n = end - start;
    const at = blockHere ? b.byteOffset + start : this.heap + this.cap * 16;
    // The output: room for as much as the block, more when answers are longer.
    const output = (this.heap + this.cap * 16 + n + 16 + 15) & ~15;
    if (!this.grow(output + n + 64)) return undefined;
    if (!blockHere && !found) this.bytes().set(b.subarray(start, end), at);
    if (!eventsHere && !found) new Int32Array(this.memory.buffer, this.heap, 4 * count).set(list.subarray(0, 4 * count));
    const a = this.answer;
    for (let k = x.apply(at - start, start, end, eventsHere ? list.byteOffset : this.heap, count, output); k >= 0; ) {
      a.clear();
      const t = js.answer(list[4 * k], b, list[4 * k + 1], list[4 * k + 2], start, end, a);
      const to = x.room(a.length); // which may grow the memory: its view is taken after
      // Copied byte by byte: an answer is short, and a view of it per run not seen lately (a million in a large log) cost more.
      const mem = this.bytes();
      const answer = a.buf;
      for (let i = 0; i < a.length; i++) mem[to + i] = answer[i];
      k = x.answered(a.length, t);
    }
    for (let k = 0; k < 4; k++) this.tally[k] += x.tally(k);
    return this.bytes().subarray(output, output + x.written());
  }
}
