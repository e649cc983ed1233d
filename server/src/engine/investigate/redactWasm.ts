// The redaction's byte loops in WebAssembly (server/wasm/redact*.ts, compiled by the build and
// bundled as bytes): findRuns (redactFind.ts), skipping 16 bytes a step between the bytes it stops
// at, and RedactScan's apply, with what each run became lately kept in the module's memory. A run
// not seen lately is answered here, in JavaScript, by RedactScan (the pseudonyms are the
// Redactor's). The same bytes as RedactScan, in about half the CPU time: what the CLI's `redact`
// uses. Each block (and its events) is copied into the module's memory, the output copied out.
// test/unit/redactDiff, redactBytes and redactWasm.test.ts hold both to the same output.
import wasmBytes from '../../../wasm/redact.wasm';
import { ByteOut } from '../byteOut';
import { Bytes } from '../bytes';
import { Events } from './redactFind';
import { Pseudonyms, RedactScan, Scan } from './redactScan';
import { CLS } from './redactTokens';

/** What the engine needs of the WebAssembly global (every runtime it runs in has it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Exports };
}
interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
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

let compiled: object | undefined;

/** A Scan in a WebAssembly instance of its own. `names` may be null for one that only finds. */
export class WasmScan implements Scan {
  readonly tally = new Float64Array(4);
  private readonly x: Exports;
  /** Where the memory the module leaves free starts: events, then the block, then the output. */
  private readonly heap: number;
  /** Room for this many events. */
  private cap = 1 << 16;
  /** Answers the runs not seen lately. */
  private readonly js: RedactScan | undefined;
  private readonly answer = new ByteOut(256);
  private view = new Uint8Array(0);
  /** The block `find` looked at last, and what it found (the copies in the module's memory). */
  private readonly found: { b?: Bytes; start: number; end: number; events?: Events; count: number; cap: number } = { start: 0, end: 0, count: 0, cap: 0 };

  constructor(names: Pseudonyms | null) {
    const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
    compiled ??= new wasm.Module(wasmBytes);
    this.x = new wasm.Instance(compiled, {}).exports;
    this.heap = (this.x.tablesEnd() + 15) & ~15;
    this.grow(this.heap);
    new Uint8Array(this.x.memory.buffer, this.x.classes(), 256).set(CLS);
    this.x.classesWritten();
    this.js = names ? new RedactScan(names) : undefined;
  }

  /** Memory up to `size` bytes at least. */
  private grow(size: number): void {
    const need = size - this.x.memory.buffer.byteLength;
    if (need > 0) this.x.memory.grow(Math.ceil(need / 65536));
  }

  /** Copies bytes [start, end) of `b` where the block goes (after the events); its address. */
  private block(b: Bytes, start: number, end: number): number {
    const at = this.heap + this.cap * 16;
    // The block, and 16 bytes after it that the loops may read (and ignore).
    this.grow(at + (end - start) + 16);
    this.memory().set(b.subarray(start, end), at);
    return at;
  }

  find(b: Bytes, start: number, end: number, lines: boolean, events: Events): void {
    const x = this.x;
    for (;;) {
      const at = this.block(b, start, end);
      const n = x.findRuns(at - start, start, end, lines ? 1 : 0, this.heap, this.cap);
      if (n > this.cap) {
        this.cap = 2 * n;
        continue;
      }
      if (events.list.length < 4 * n) events.list = new Int32Array(8 * n);
      events.list.set(new Int32Array(x.memory.buffer, this.heap, 4 * n));
      events.count = n;
      Object.assign(this.found, { b, start, end, events, count: n, cap: this.cap });
      return;
    }
  }

  /**
   * RedactScan.apply. Right after `find` over the same block (the same array, bounds and Events,
   * none changed since: as Redactor.bytes and the CLI's single thread do), the copies find made
   * in the module's memory are used as they are.
   */
  apply(b: Bytes, start: number, end: number, events: Events, out: ByteOut): void {
    const x = this.x;
    const f = this.found;
    const found = f.b === b && f.start === start && f.end === end && f.events === events && f.count === events.count && f.cap === this.cap;
    f.b = undefined;
    const js = this.js!;
    if (events.count > this.cap) this.cap = 2 * events.count;
    const n = end - start;
    const at = this.heap + this.cap * 16;
    // The output goes after the block: room for it as long as the block, more when answers are longer.
    const output = (at + n + 16 + 15) & ~15;
    this.grow(output + n + 64);
    if (!found) {
      this.memory().set(b.subarray(start, end), at);
      new Int32Array(x.memory.buffer, this.heap, 4 * events.count).set(events.list.subarray(0, 4 * events.count));
    }
    const list = events.list;
    const a = this.answer;
    for (let k = x.apply(at - start, start, end, this.heap, events.count, output); k >= 0; ) {
      a.clear();
      const t = js.answer(list[4 * k], b, list[4 * k + 1], list[4 * k + 2], start, end, a);
      const to = x.room(a.length); // which may grow the memory: its view is taken after
      const m = this.memory();
      for (let i = 0; i < a.length; i++) m[to + i] = a.buf[i];
      k = x.answered(a.length, t);
    }
    out.copy(this.memory(), output, output + x.written());
    for (let k = 0; k < 4; k++) this.tally[k] += x.tally(k);
  }

  /** The module's memory, the view made anew when it grew. */
  private memory(): Uint8Array {
    const m = this.x.memory.buffer;
    if (this.view.buffer !== m) this.view = new Uint8Array(m);
    return this.view;
  }
}

/** A findRuns that scans in an instance of its own. */
export function wasmFindRuns(): (b: Bytes, start: number, end: number, lines: boolean, events: Events) => void {
  const f = new WasmScan(null);
  return (b, start, end, lines, events) => f.find(b, start, end, lines, events);
}
