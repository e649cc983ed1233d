// Reading in steps (issue 19): logs are read and indexed at most STEP_BYTES of whole lines at a
// time, and the event loop turns between two steps, so that the language server reads requests
// and answers them while a long read runs. The CLI pays one turn per step (a few microseconds).
import { STEP_BYTES, Steps } from '../engine/steps';

/**
 * How a step waits for the event loop's next turn, and the bytes handed over in steps so far:
 * a test puts a meter here (it counts the work done between two turns).
 */
export const pace = {
  turn: (): Promise<void> => new Promise((r) => setImmediate(r)),
  bytes: 0,
};

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

/** One read's steps: before each but the first, the event loop turns; the bytes of each are counted in `pace`. */
export class Pacer {
  private started = false;

  async step(bytes: number): Promise<void> {
    if (this.started) await pace.turn();
    this.started = true;
    pace.bytes += bytes;
  }
}

/** Runs `steps` to their end, a turn of the event loop after each step. */
export async function inTurns<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pace.turn();
  }
}
