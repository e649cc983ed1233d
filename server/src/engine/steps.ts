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
 * The order of items 0 .. n-1 by `compare` of their numbers (stably: equal items keep their
 * order), pausing after every `step` comparisons: the runs already in order are found first, then
 * merged two by two (a merge sort: log2 of the number of runs passes). Items found in time order,
 * file after file, come in a few long runs: a few passes, and a pair of runs already in order is
 * copied at once. The comparison of two numbers can read typed arrays of keys rather than objects.
 */
export function* orderSteps(n: number, compare: (a: number, b: number) => number, step = STEP_LINES): Steps<Int32Array> {
  let a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  // Comparisons made: a pause after every `step`.
  let done = 0;
  // Where each run starts, and n.
  let runs = [0];
  for (let i = 1; i < n; i++) {
    if (compare(i - 1, i) > 0) runs.push(i);
    if (++done % step === 0) yield;
  }
  runs.push(n);
  let b = new Int32Array(n);
  while (runs.length > 2) {
    const merged = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r];
      const mid = runs[r + 1];
      const hi = r + 2 < runs.length ? runs[r + 2] : mid;
      merged.push(hi);
      if (mid === hi || compare(a[mid - 1], a[mid]) <= 0) {
        b.set(a.subarray(lo, hi), lo);
        if (++done % step === 0) yield;
        continue;
      }
      let [i, j, k] = [lo, mid, lo];
      while (k < hi) {
        b[k++] = j >= hi || (i < mid && compare(a[i], a[j]) <= 0) ? a[i++] : a[j++];
        if (++done % step === 0) yield;
      }
    }
    [a, b] = [b, a];
    runs = merged;
  }
  return a;
}
