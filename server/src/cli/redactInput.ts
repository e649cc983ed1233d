// What `redact` reads, as blocks ready for the Redactor, and what it finds in them (the runs of
// engine/investigate/redactFind.ts, which depend on a block's bytes only): in this thread, or for
// large inputs in a worker thread (dist/redactWorker.js), so that one core reads and finds while
// the other replaces and writes, and finds the rest of a block when it would wait for it. The
// pseudonyms are given in this thread, in order, either way.
import { isUtf8 } from 'node:buffer';
import { worthASecondThread } from '../io/threads';
import { Worker } from 'node:worker_threads';
import { Events } from '../engine/investigate/redactFind';
import { nextLine } from '../engine/investigate/hitLines';
import { Memory, WasmScan } from '../engine/investigate/redactWasm';
import { areaBlocks } from '../io/blocks';
import { LogReadError } from '../io/errors';
import { workerScript } from '../io/threads';

const AREA = 8 << 20;
const BOM = [0xef, 0xbb, 0xbf];
/** Below this many bytes of files the worker thread costs more than it saves. */
const MIN_WORKER_BYTES = 16 << 20;

/** The start of a file. */
export interface FileStart {
  kind: 'file';
}

/** Whole lines to redact: bytes [start, end) of `b` (valid UTF-8), what findRuns listed in them, and the input's last byte before any change. */
export interface FoundBlock {
  kind: 'block';
  b: Uint8Array;
  start: number;
  end: number;
  last: number;
  events: Events;
}

/**
 * The blocks of `files` in order, each file announced first: byte order marks dropped, invalid
 * UTF-8 made into what decoding makes of it (U+FFFD for each bad sequence), as the editor's command
 * reads text. A block is valid until the next is asked for.
 */
export async function* redactBlocks(
  files: readonly string[],
  notice: (m: string) => void,
  reading: { into?: Uint8Array; parts?: number; reuse?: (part: number) => Promise<void>; inThread?: boolean } = {},
): AsyncGenerator<FileStart | Omit<FoundBlock, 'events'>> {
  // Read into `into` when given (in the scan's memory, where the block is then found and replaced in place), in `parts` (BlockArea); in this thread when `inThread` (BlockOptions).
  const { into, parts, reuse, inThread } = reading;
  const area = into ? Buffer.from(into.buffer, into.byteOffset, into.length) : Buffer.allocUnsafe(AREA);
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  for (const f of files) {
    yield { kind: 'file' };
    let first = true;
    // Blocks are whole lines: a UTF-8 sequence never spans two.
    for await (const blk of areaBlocks(f, { buf: area, start: 0, size: area.length, parts, reuse }, { notice, inThread })) {
      if (blk.end === blk.start) continue;
      // A plain Uint8Array (not a Buffer): the engine's loops see one kind of array.
      let b = new Uint8Array(blk.buf.buffer, blk.buf.byteOffset, blk.buf.length);
      let start = blk.start;
      let end = blk.end;
      const last = b[end - 1];
      if (first && end - start >= 3 && BOM.every((x, k) => b[start + k] === x)) start += 3;
      first = false;
      if (!isUtf8(b.subarray(start, end))) {
        b = new TextEncoder().encode(utf8.decode(b.subarray(start, end)));
        start = 0;
        end = b.length;
      }
      yield { kind: 'block', b, start, end, last };
    }
  }
}

/** The blocks with their runs found in this thread, by `findRuns`: read into slot 0 of `slots` and its events listed there when given. */
async function* here(files: readonly string[], notice: (m: string) => void, findRuns: FindRuns, slots?: Slots): AsyncGenerator<FileStart | FoundBlock> {
  const events = new Events();
  const slot = slots && slotViews(slots, 0);
  for await (const x of redactBlocks(files, notice, { into: slot?.bytes })) {
    if (x.kind === 'file') yield x;
    else {
      // The slot's list again, should findRuns have needed a longer one for the last block.
      if (slot) events.list = slot.events as Int32Array<ArrayBuffer>;
      findRuns(x.b, x.start, x.end, true, events);
      yield { ...x, events };
    }
  }
}

/** What the worker posts: a file's start, a block (in a slot; a slot's new buffers when it outgrew them), a notice, the end, a failure. */
export type WorkerMessage =
  | FileStart
  | { kind: 'block'; slot: number; start: number; end: number; last: number; count: number; from: number; bytes?: SharedArrayBuffer; events?: SharedArrayBuffer; read?: boolean } // the `count` events of the runs in [start, from), those of [from, end) not found; read: the bytes are where they were read (readArea), not in the slot
  | { kind: 'notice'; message: string }
  | { kind: 'done' }
  | { kind: 'error'; file?: string; problem: string };

/** Blocks the worker may have found ahead of the one being redacted: the slots of shared memory. */
export const AHEAD = 3;
/** A slot's room: a block of the reader's buffer, and events (four ints each). */
export const SLOT_BYTES = AREA;
export const SLOT_EVENTS = 1 << 18;

/** Where the slots are: AHEAD of SLOT_BYTES, then AHEAD of SLOT_EVENTS events, then the worker's reading area, in `buffer` (the memory of the scan that redacts: WasmScan.regions). */
export interface Slots {
  memory: Memory;
  buffer: SharedArrayBuffer;
  at: number[];
}

/** What the worker is given: `waiting`, an Int32 that the thread that redacts sets while it waits for a block. */
export interface WorkerData {
  files: readonly string[];
  slots?: Slots;
  waiting: SharedArrayBuffer;
}

/** The worker finds a block in pieces of whole lines from this many bytes: the rest is handed over when the thread that redacts waits. */
export const PIECE_BYTES = 256 << 10;

/** The views of slot `k` of `slots`. */
export function slotViews(slots: Slots, k: number): { bytes: Uint8Array; events: Int32Array } {
  return { bytes: new Uint8Array(slots.buffer, slots.at[k], SLOT_BYTES), events: new Int32Array(slots.buffer, slots.at[AHEAD + k], 4 * SLOT_EVENTS) };
}

/** The parts of the worker's reading area, each as large as the halves of AREA (a part is read into again once its blocks are handed back). */
export const PARTS = AHEAD + 2;
export const PART_BYTES = AREA >> 1;
const PARTS_BYTES = PARTS * PART_BYTES;

/** Where the worker reads, in `slots`: the blocks read there are found and redacted there, not copied into the slots. */
export function readArea(slots: Slots): Uint8Array {
  return new Uint8Array(slots.buffer, slots.at[2 * AHEAD], PARTS_BYTES);
}

/** The sizes of the regions `Slots` are in: the slots' bytes, their events, the worker's reading area. */
export const SLOT_SIZES = [...Array<number>(AHEAD).fill(SLOT_BYTES), ...Array<number>(AHEAD).fill(16 * SLOT_EVENTS), PARTS_BYTES];

/**
 * The blocks with their runs found by the worker thread, read from the slots; a slot is handed
 * back once its block is redacted. The slots are in `slots` when given, else the worker makes them.
 */
async function* inWorker(script: string, files: readonly string[], notice: (m: string) => void, findRuns: FindRuns, slots?: Slots): AsyncGenerator<FileStart | FoundBlock> {
  const waiting = new Int32Array(new SharedArrayBuffer(4));
  const w = new Worker(script, { workerData: { files, slots, waiting: waiting.buffer as SharedArrayBuffer } satisfies WorkerData });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  w.on('message', (m: WorkerMessage) => {
    queue.push(m);
    wake?.();
  });
  w.on('error', (e) => {
    failure = e;
    wake?.();
  });
  const bytes: Uint8Array[] = [];
  const lists: Int32Array[] = [];
  for (let k = 0; slots && k < AHEAD; k++) ({ bytes: bytes[k], events: lists[k] } = slotViews(slots, k));
  const read = slots && readArea(slots);
  const events = new Events();
  try {
    for (;;) {
      // Waiting for the worker: it hands over the block it is on, the rest of its runs to find here.
      if (!queue.length && !failure) {
        Atomics.store(waiting, 0, 1);
        while (!queue.length && !failure) await new Promise<void>((r) => (wake = r));
        Atomics.store(waiting, 0, 0);
      }
      const m = queue.shift();
      if (!m) throw failure;
      if (m.kind === 'done') return;
      if (m.kind === 'error') throw m.file !== undefined ? new LogReadError(m.file, m.problem) : new Error(m.problem);
      if (m.kind === 'notice') notice(m.message);
      else if (m.kind === 'file') yield m;
      else {
        // Unless given, the worker makes a slot's buffers once and sends them along with its first block (and new ones when it outgrew them).
        if (m.bytes) bytes[m.slot] = new Uint8Array(m.bytes);
        if (m.events) lists[m.slot] = new Int32Array(m.events);
        events.list = lists[m.slot] as Int32Array<ArrayBuffer>;
        events.count = m.count;
        const b = m.read ? read! : bytes[m.slot];
        // The runs the worker left to this thread: found here, where the block is, after its events.
        if (m.from < m.end) findRest(b, m.from, m.end, events, findRuns);
        yield { kind: 'block', b, start: m.start, end: m.end, last: m.last, events };
        w.postMessage(m.slot);
      }
    }
  } finally {
    void w.terminate();
  }
}

/**
 * findRuns over bytes [start, end) of block `x` (whose byte `start` is at `at + start` in `scan`'s
 * memory), a piece of whole lines from `piece` bytes at a time, the events written at `events`
 * while there is room for `cap` of them, until `stop()` says so before a piece (the runs of whole
 * lines depend on those lines only: the rest can be found apart, by `findRest`). How many events
 * (more than `cap`: not all written), and where finding stopped (`end` once done).
 */
export function findInPieces(
  scan: WasmScan,
  at: number,
  x: { b: Uint8Array; start: number; end: number },
  events: number,
  cap: number,
  stop: () => boolean,
  piece = PIECE_BYTES,
): { count: number; from: number } {
  let n = 0;
  let s = x.start;
  while (s < x.end && n <= cap && !stop()) {
    const e = s + piece < x.end ? nextLine(x.b, s + piece, x.end) : x.end;
    n += scan.findAt(at, s, e, true, events + 16 * n, cap - n);
    s = e;
  }
  return { count: n, from: s };
}

/** Appends to `events` what `findRuns` lists in bytes [from, end) of `b` (whole lines): written after them, or all copied into a new list when findRuns needed a longer one. */
export function findRest(b: Uint8Array, from: number, end: number, events: Events, findRuns: FindRuns): void {
  const at = 4 * events.count;
  const room = events.list.subarray(at);
  const rest = new Events(room);
  findRuns(b, from, end, true, rest);
  if (rest.list !== room) {
    const all = new Int32Array(at + 4 * rest.count);
    all.set(events.list.subarray(0, at));
    all.set(rest.list.subarray(0, 4 * rest.count), at);
    events.list = all;
  }
  events.count += rest.count;
}

/**
 * Whether a worker thread should find the runs of `files`: large plain files, and a core free for it
 * (on a machine whose cores are all busy, measured: the hand-over between the threads cost more
 * than it saved, in time and in CPU).
 */
export function wantsWorker(files: readonly string[]): boolean {
  return worthASecondThread(files, MIN_WORKER_BYTES);
}

/** What lists the runs of a block in this thread (Redactor.findRuns: the Redactor that will redact it can then use what it copied). */
export type FindRuns = (b: Uint8Array, start: number, end: number, lines: boolean, events: Events) => void;

/**
 * The blocks of `files` with their runs found: in a worker thread when `worker` says so and it is
 * built (in the `slots` made when it starts, if given), else by `findRuns` (reading into the `slots`' first).
 */
export function foundBlocks(
  files: readonly string[],
  notice: (m: string) => void,
  findRuns: FindRuns,
  worker = wantsWorker(files),
  slots?: () => Slots,
): AsyncGenerator<FileStart | FoundBlock> {
  const script = worker ? workerScript('redactWorker.js') : undefined;
  return script ? inWorker(script, files, notice, findRuns, slots?.()) : here(files, notice, findRuns, slots?.());
}
