// Reading in steps (issue 19): logs are read and indexed at most STEP_BYTES of whole lines at a
// time, and the event loop turns between two steps, so that the language server reads requests
// and answers them while a long read runs (the server asks for that: turnBetweenSteps). The CLI,
// which answers no requests, goes on at once (a resolved promise, no turn).
import { STEP_BYTES, Steps } from '../engine/steps';

/**
 * How a step waits for the event loop's next turn, and the bytes handed over in steps so far:
 * a test puts a meter here (it counts the work done between two turns).
 */
export const pace = {
  turn: (): Promise<void> => Promise.resolve(),
  bytes: 0,
};

/** From now on the event loop turns between two steps (the language server answers requests there). */
export function turnBetweenSteps(): void {
  pace.turn = () => new Promise((r) => setImmediate(r));
}

/** The steps of bytes [start, end) of `b` (whole lines): each ends a line, at most STEP_BYTES long, or one longer line alone. */
export function* byteSteps(b: Uint8Array, start: number, end: number): Generator<[number, number]> {
  for (let s = start; s < end; ) {
    let e = end;
    if (end - s > STEP_BYTES) {
      const last = b.lastIndexOf(10, s + STEP_BYTES - 1);
      const nl = last >= s ? last : b.indexOf(10, s + STEP_BYTES);
      e = nl < 0 || nl >= end ? end : nl + 1;
    }
    yield [s, e];
    s = e;
  }
}

/** Before a step of `bytes` bytes: the event loop turns (the step after another read's last one too); the bytes are counted in `pace`. */
export async function step(bytes: number): Promise<void> {
  await pace.turn();
  pace.bytes += bytes;
}

/** Runs `steps` to their end, a turn of the event loop after each step. */
export async function inTurns<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pace.turn();
  }
}
