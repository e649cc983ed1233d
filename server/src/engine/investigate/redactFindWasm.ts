// findRuns (redactFind.ts) in WebAssembly: server/wasm/redactFind.ts, compiled by the build and
// bundled as bytes. The same events, found in about half the time (16 bytes a step between the
// bytes the scan stops at): what the CLI's `redact` uses on large inputs. Each block is copied
// into the module's memory, the events copied out. test/unit/redactFind*.test.ts hold both
// scans to the same events.
import wasmBytes from '../../../wasm/redactFind.wasm';
import { Bytes } from '../bytes';
import { Events, FindRuns } from './redactFind';
import { CLS } from './redactTokens';

/** What the engine needs of the WebAssembly global (every runtime it runs in has it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Exports };
}
interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  classes(): number;
  heapBase(): number;
  findRuns(b: number, start: number, end: number, lines: number, events: number, cap: number): number;
}

let compiled: object | undefined;

/** Finds runs as findRuns does, in a WebAssembly instance of its own (its memory: the largest block and its events). */
export class WasmRunFinder {
  private readonly x: Exports;
  private readonly heap: number;
  /** Room for this many events before the block. */
  private cap = 1 << 16;

  constructor() {
    const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
    compiled ??= new wasm.Module(wasmBytes);
    this.x = new wasm.Instance(compiled, {}).exports;
    new Uint8Array(this.x.memory.buffer, this.x.classes(), 256).set(CLS);
    this.heap = (this.x.heapBase() + 15) & ~15;
  }

  /** findRuns(b, start, end, lines, events). */
  find(b: Bytes, start: number, end: number, lines: boolean, events: Events): void {
    const x = this.x;
    for (;;) {
      const at = this.heap + this.cap * 16;
      // The block, and 16 bytes after it that the scan may read (and ignore).
      const need = at + (end - start) + 16 - x.memory.buffer.byteLength;
      if (need > 0) x.memory.grow(Math.ceil(need / 65536));
      new Uint8Array(x.memory.buffer, at, end - start).set(b.subarray(start, end));
      const n = x.findRuns(at - start, start, end, lines ? 1 : 0, this.heap, this.cap);
      if (n > this.cap) {
        this.cap = 2 * n;
        continue;
      }
      if (events.list.length < 4 * n) events.list = new Int32Array(8 * n);
      events.list.set(new Int32Array(x.memory.buffer, this.heap, 4 * n));
      events.count = n;
      return;
    }
  }
}

/** A FindRuns that scans in an instance of its own. */
export function wasmFindRuns(): FindRuns {
  const f = new WasmRunFinder();
  return (b, start, end, lines, events) => f.find(b, start, end, lines, events);
}
