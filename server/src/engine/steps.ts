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

/**
 * `list` sorted by `compare` (stably, as Array.prototype.sort), pausing after about every `step`
 * items: runs of `step` items are sorted at once, then merged two by two.
 */
export function* sortSteps<T>(list: readonly T[], compare: (a: T, b: T) => number, step = STEP_LINES): Steps<T[]> {
  let a = list.slice();
  for (let i = 0; i < a.length; i += step) {
    const run = a.slice(i, i + step).sort(compare);
    for (let k = 0; k < run.length; k++) a[i + k] = run[k];
    if (i + step < a.length) yield;
  }
  let b: T[] = new Array<T>(a.length);
  for (let width = step; width < a.length; width *= 2) {
    let done = 0;
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length);
      const hi = Math.min(lo + 2 * width, a.length);
      let [i, j, k] = [lo, mid, lo];
      // Two runs already in order (nearly sorted input: entries found in time order) are copied without a comparison each.
      const inOrder = mid < hi && compare(a[mid - 1], a[mid]) <= 0;
      while (k < hi) {
        b[k++] = inOrder || j >= hi || (i < mid && compare(a[i], a[j]) <= 0) ? a[i++] : a[j++];
        if (++done % step === 0) yield;
      }
    }
    [a, b] = [b, a];
  }
  return a;
}
