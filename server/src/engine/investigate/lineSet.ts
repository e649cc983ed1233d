// A set of line numbers that mostly grows in order: the lines an investigation has taken from a
// file (pass 1 takes them in ascending order, pass 2 again from the top). Kept as a few ascending
// runs of 32-bit integers, searched by bisection: a JavaScript Set of 200,000 numbers cost more
// than the rest of the work per line taken.
import { Offsets } from '../index/documentPass';

/** Whether ascending run `r` holds `v`. */
function holds(r: Offsets, v: number): boolean {
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = r.get(mid);
    if (x === v) return true;
    if (x < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Runs kept apart before they are merged into one. */
const MAX_RUNS = 8;

/** Line numbers (0 to 2^32 - 1). */
export class LineSet {
  private runs: Offsets[] = [new Offsets()];

  add(n: number): void {
    const run = this.runs[this.runs.length - 1];
    const last = run.length ? run.get(run.length - 1) : -1;
    // One run (pass 1): a number above its last is new.
    if (n > last && this.runs.length === 1) return run.push(n);
    if (this.has(n)) return;
    if (n > last) return run.push(n);
    if (this.runs.length === MAX_RUNS) this.merge();
    const r = new Offsets();
    r.push(n);
    this.runs.push(r);
  }

  has(n: number): boolean {
    for (const r of this.runs) if (holds(r, n)) return true;
    return false;
  }

  get size(): number {
    return this.runs.reduce((t, r) => t + r.length, 0);
  }

  /** All runs as one (they hold no number twice). */
  private merge(): void {
    const all: number[] = [];
    for (const r of this.runs) for (let i = 0; i < r.length; i++) all.push(r.get(i));
    const one = new Offsets();
    for (const v of all.sort((a, b) => a - b)) one.push(v);
    this.runs = [one];
  }
}
