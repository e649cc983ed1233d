// Worker thread entry (dist/redactWorker.js): reads the files `redact` was given and finds the runs
// to redact in each block (cli/redactInput.ts), copying each block's bytes into a slot of memory
// shared with the thread that redacts them, at most AHEAD blocks ahead of it (nothing is allocated
// or transferred per block). The slots are in the redacting scan's WebAssembly memory when given:
// the runs are then found there, in place, and written there, and the files are read there too
// (readArea): a block read there is not copied. There a block is found a piece at a time, and
// handed over with the rest of its runs not found as soon as the thread that redacts waits for it
// (that thread finds them): neither thread waits for the other while there are blocks to read.
// Plain files are read in this thread, each block as it is needed: it is then in this core's cache.
import { parentPort, workerData } from 'node:worker_threads';
import { Events, findRuns } from '../engine/investigate/redactFind';
import { WasmScan, wasmRuns } from '../engine/investigate/redactWasm';
import { LogReadError } from '../io/errors';
import { AHEAD, findInPieces, PART_BYTES, PARTS, readArea, redactBlocks, SLOT_BYTES, SLOT_EVENTS, slotViews, WorkerData, WorkerMessage } from './redactInput';

const port = parentPort!;
/** The slots the thread that redacts has handed back (it redacts a block from a slot, then frees it). */
const free = Array.from({ length: AHEAD }, (_, i) => i);
const data = workerData as WorkerData;
/** The slots: in the memory given (the redacting thread's scan's), or made here and sent along with their first block. */
const slots = Array.from({ length: AHEAD }, (_, k) => {
  const given = data.slots && slotViews(data.slots, k);
  const v = given ?? { bytes: new Uint8Array(new SharedArrayBuffer(SLOT_BYTES)), events: new Int32Array(new SharedArrayBuffer(SLOT_EVENTS * 16)) };
  return { ...v, sent: given !== undefined };
});
/** The part of the reading area that holds the block in each slot, for blocks redacted where they were read. */
const partOf = new Map<number, number>();
let wake: (() => void) | undefined;
port.on('message', (slot: number) => {
  free.push(slot);
  partOf.delete(slot);
  wake?.();
});

/** Settles once no block of `part` of the reading area is in a slot (BlockArea.reuse). */
async function reuse(part: number): Promise<void> {
  while ([...partOf.values()].includes(part)) await new Promise<void>((r) => (wake = r));
}

const post = (m: WorkerMessage) => port.postMessage(m);

/** Finds in this thread's own memory (findRuns where the runtime cannot run the WebAssembly); and in the memory given (made before any block is posted, as that memory's data must be). */
const own = wasmRuns() ? new WasmScan(null) : { find: findRuns };
const inPlace = data.slots && new WasmScan(null, data.slots.memory);
/** Non-zero while the thread that redacts waits for a block (set and cleared by that thread). */
const waiting = new Int32Array(data.waiting);

/**
 * What findRuns lists in block `x` (in the slot's bytes, or `read` where it was read), written
 * into `slot`: how many events (the slot's events replaced when too small, the new buffer in
 * `bigger`), and where finding stopped. In the memory given, the block is found a piece (whole
 * lines) at a time, and the rest left to the thread that redacts once that thread waits (the runs
 * of whole lines depend on those lines only).
 */
function find(x: { b: Uint8Array; start: number; end: number }, read: boolean, slot: (typeof slots)[number], events: Events, bigger: { events?: SharedArrayBuffer }): { count: number; from: number } {
  const given = data.slots?.buffer;
  if (inPlace && (read || slot.bytes.buffer === given) && slot.events.buffer === given) {
    const found = findInPieces(inPlace, read ? x.b.byteOffset : slot.bytes.byteOffset, x, slot.events.byteOffset, slot.events.length / 4, () => Atomics.load(waiting, 0) !== 0);
    if (found.count <= slot.events.length / 4) return found;
  }
  own.find(x.b, x.start, x.end, true, events);
  if (slot.events.length < events.count * 4) slot.events = new Int32Array((bigger.events = new SharedArrayBuffer(events.count * 16)));
  slot.events.set(events.list.subarray(0, events.count * 4));
  return { count: events.count, from: x.end };
}

async function run(files: readonly string[]): Promise<void> {
  const events = new Events();
  try {
    // Read into the memory given, when given, in PARTS: a block read there stays where it is, its part read into again once it is handed back.
    const area = data.slots && inPlace && readArea(data.slots);
    for await (const x of redactBlocks(files, (message) => post({ kind: 'notice', message }), { ...(area && { into: area, parts: PARTS, reuse }), inThread: true })) {
      if (x.kind === 'file') {
        post(x);
        continue;
      }
      while (!free.length) await new Promise<void>((r) => (wake = r));
      const k = free.shift()!;
      const slot = slots[k];
      // A slot too small for the block (a very long line, many events) is replaced, the new buffer sent along.
      const bigger: { bytes?: SharedArrayBuffer; events?: SharedArrayBuffer } = slot.sent ? {} : { bytes: slot.bytes.buffer as SharedArrayBuffer, events: slot.events.buffer as SharedArrayBuffer };
      slot.sent = true;
      const read = area !== undefined && x.b.buffer === area.buffer;
      if (read) partOf.set(k, Math.floor(x.start / PART_BYTES));
      if (!read && slot.bytes.length < x.end) slot.bytes = new Uint8Array((bigger.bytes = new SharedArrayBuffer(x.end)));
      // The block where it is in the reader's buffer: the events' offsets hold as they are.
      if (!read) slot.bytes.set(x.b.subarray(x.start, x.end), x.start);
      const { count, from } = find(x, read, slot, events, bigger);
      post({ kind: 'block', slot: k, start: x.start, end: x.end, last: x.last, count, from, read, ...bigger });
    }
    post({ kind: 'done' });
  } catch (e) {
    post(e instanceof LogReadError ? { kind: 'error', file: e.file, problem: e.problem } : { kind: 'error', problem: String((e as Error)?.message ?? e) });
  }
}

void run(data.files);
