// The reading half of `zimbra-logs redact` (redact.ts), in a worker thread: reads the inputs in
// blocks of whole lines, drops each input's byte order mark, turns invalid UTF-8 into U+FFFD (as
// decoding it to a string did), and lists what each block holds to redact (findRuns); the main
// thread then replaces, in order, and writes. Blocks go to the main thread in buffers it gives
// back once done: with BUFFERS of them in flight, memory stays bounded however long the input.
import { isUtf8 } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { Events, findRuns } from '../engine/investigate/redactFind';
import { CliError } from './errors';
import { areaBlocks } from './input';

/** main <- worker: a block (bytes [0, length) of `bytes`, `count` events in `events`), the end, or an error. */
export type FromWorker =
  | { bytes: ArrayBuffer; length: number; events: ArrayBuffer; count: number; done?: undefined; error?: undefined }
  | { done: true; error?: undefined }
  | { error: string; usage: boolean; done?: undefined };
/** main -> worker: a block's buffers, given back. */
export type ToWorker = { bytes: ArrayBuffer; events: ArrayBuffer };

const AREA = 8 << 20;
const BUFFERS = 3;
const BOM = [0xef, 0xbb, 0xbf];

const port = parentPort!;
const free: ToWorker[] = Array.from({ length: BUFFERS }, () => ({ bytes: new ArrayBuffer(AREA >> 1), events: new ArrayBuffer(1 << 18) }));
let wake: (() => void) | undefined;
port.on('message', (m: ToWorker) => {
  free.push(m);
  wake?.();
});

async function buffers(): Promise<ToWorker> {
  while (!free.length) await new Promise<void>((resolve) => (wake = resolve));
  return free.pop()!;
}

const events = new Events();

/** Sends bytes [start, end) of `b` (after a "\n" with `newline`), with what they hold to redact. */
async function send(b: Uint8Array, start: number, end: number, newline: boolean): Promise<void> {
  const free = await buffers();
  const length = end - start + (newline ? 1 : 0);
  const bytes = free.bytes.byteLength >= length ? new Uint8Array(free.bytes) : new Uint8Array(length + (length >> 2));
  if (newline) bytes[0] = 10;
  bytes.set(b.subarray(start, end), newline ? 1 : 0);
  events.list = new Int32Array(free.events);
  findRuns(bytes, 0, length, true, events);
  const message: FromWorker = { bytes: bytes.buffer, length, events: events.list.buffer, count: events.count };
  port.postMessage(message, [bytes.buffer, events.list.buffer]);
}

async function run(files: string[]): Promise<void> {
  const area = Buffer.allocUnsafe(AREA);
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  let last = 10;
  for (const f of files) {
    // A file that does not end with a newline does not run into the next one.
    let newline = last !== 10;
    if (newline) last = 10;
    let first = true;
    for await (const blk of areaBlocks(f, { buf: area, start: 0, size: area.length })) {
      if (blk.end === blk.start) continue;
      let b: Uint8Array = blk.buf;
      let start = blk.start;
      let end = blk.end;
      last = b[end - 1];
      // An input's byte order mark is dropped, as decoding it did.
      if (first && end - start >= 3 && BOM.every((x, k) => b[start + k] === x)) start += 3;
      first = false;
      // Invalid UTF-8 is redacted (and printed) as decoding it made it: U+FFFD for each bad sequence.
      if (!isUtf8(b.subarray(start, end))) {
        b = Buffer.from(utf8.decode(b.subarray(start, end)));
        start = 0;
        end = b.length;
      }
      await send(b, start, end, newline);
      newline = false;
    }
    if (newline) await send(area, 0, 0, true);
  }
}

run(workerData.files as string[]).then(
  () => port.postMessage({ done: true } satisfies FromWorker),
  (e: unknown) => port.postMessage({ error: e instanceof Error ? e.message : String(e), usage: e instanceof CliError } satisfies FromWorker),
);
