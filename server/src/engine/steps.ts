// Work done in steps: a generator that pauses (yields) now and then, so that a caller can run it
// in slices and do other work in between (the language server answers requests), or at once.

/** Work that pauses now and then and ends with a T. */
export type Steps<T> = Generator<void, T>;

/** Runs the steps to their end at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
