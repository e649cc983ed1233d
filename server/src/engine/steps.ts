// Work done in steps: a generator that pauses (yields) now and then, so that a caller can run it
// in slices and do other work in between (the language server answers requests), or at once.
// Every long loop of the server works in steps of a bounded size (issue 19: one request never
// blocks the others for more than about 50 ms): at most STEP_LINES lines, or items, or STEP_BYTES
// bytes of log, between two pauses.

/** Work that pauses now and then and ends with a T. */
export type Steps<T> = Generator<void, T>;

/** Lines (or items of a list) a step handles at most before it pauses. */
export const STEP_LINES = 1024;

/** Bytes of log a step reads at most before it pauses (a single longer line is one step). */
export const STEP_BYTES = 1 << 16;

/** Runs the steps to their end at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
