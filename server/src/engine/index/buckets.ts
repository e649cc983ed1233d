// Where a key is, without scanning: the positions of a key array grouped by the top bits of their
// keys (one counting pass, no sort), so that finding every position of one key reads only its
// bucket. An array is covered in parts: the parts of a file indexed in worker threads bring their
// own buckets (built there, joined here by moving their base), and lines appended later get a
// part of their own, so a growing index never buckets its whole array again. The language server
// makes them in steps (a pause after each 64K keys counted or placed) before the query that needs them.
import { U32Pages } from './paged';
import { runSteps, Steps } from '../steps';

/** Bucketed positions of a part as plain typed arrays (to hand from a worker thread). */
export interface KeyBucketsData {
  bits: number;
  /** Positions relative to the part's first, bucket by bucket. */
  positions: Uint32Array;
  /** Bucket b is positions[starts[b], starts[b + 1]). */
  starts: Uint32Array;
  /** How many keys the part has. */
  length: number;
}

/** About this many positions per bucket: fewer bits for a small part. */
const PER_BUCKET = 4;
const MAX_BITS = 16;

/** Keys counted or placed between two pauses. */
const STEP_KEYS = 1 << 16;

/** The buckets of keys[from, to). */
export function bucketKeys(keys: U32Pages, from = 0, to = keys.length): KeyBucketsData {
  return runSteps(bucketKeySteps(keys, from, to));
}

/** The same in steps: a pause after each STEP_KEYS keys counted, and placed. */
export function* bucketKeySteps(keys: U32Pages, from = 0, to = keys.length): Steps<KeyBucketsData> {
  const length = to - from;
  const bits = Math.max(1, Math.min(MAX_BITS, Math.floor(Math.log2(Math.max(2, length / PER_BUCKET)))));
  const shift = 32 - bits;
  const counts = new Uint32Array((1 << bits) + 1);
  for (let i = from; i < to; ) {
    for (const end = Math.min(to, i + STEP_KEYS); i < end; i++) {
      const k = keys.get(i);
      if (k !== 0) counts[(k >>> shift) + 1]++;
    }
    yield;
  }
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
  const positions = new Uint32Array(counts[counts.length - 1]);
  const fill = counts.slice(0, -1);
  for (let i = from; i < to; ) {
    for (const end = Math.min(to, i + STEP_KEYS); i < end; i++) {
      const k = keys.get(i);
      if (k !== 0) positions[fill[k >>> shift]++] = i - from;
    }
    yield;
  }
  return { bits, positions, starts: counts, length };
}

interface Part extends KeyBucketsData {
  from: number;
  /** Built here for lines appended later (merged with the next such part): not a worker's. */
  tail: boolean;
}

/** The positions of every key of a growing array, through its parts' buckets. */
export class KeyBuckets {
  /** In order of `from`, not overlapping. */
  private readonly parts: Part[] = [];
  /** Keys bucketed here so far (a test counts them: appending a few at a time stays n log n). */
  bucketed = 0;

  constructor(private readonly keys: U32Pages) {}

  /** Takes the buckets of keys[from, from + d.length), built elsewhere (a worker's part). */
  adopt(from: number, d: KeyBucketsData): void {
    this.parts.push({ ...d, from, tail: false });
    this.parts.sort((a, b) => a.from - b.from);
  }

  /** The positions whose key is `key`, in increasing order. */
  find(key: number): number[] {
    runSteps(this.cover());
    const out: number[] = [];
    key >>>= 0;
    if (key === 0) return out;
    for (const p of this.parts) {
      const b = key >>> (32 - p.bits);
      for (let i = p.starts[b]; i < p.starts[b + 1]; i++) {
        const at = p.from + p.positions[i];
        if (this.keys.get(at) === key) out.push(at);
      }
    }
    return out;
  }

  /**
   * Buckets every position no part covers yet: the gaps between adopted parts, and the array's new
   * end. In steps (`find` runs them at once); a part made meanwhile by a `find` is not made twice.
   */
  *cover(): Steps<void> {
    for (let gap = this.nextGap(); gap; gap = this.nextGap()) {
      const d = yield* bucketKeySteps(this.keys, gap.from, gap.to);
      this.place(gap.from, gap.to, d);
    }
  }

  /**
   * The first range no part covers. At the array's end, a tail part no larger than twice what
   * follows it is made again with it, so that keys appended a few at a time make a few parts, not
   * one each (amortized: each key is bucketed again a logarithmic number of times at most).
   */
  private nextGap(): { from: number; to: number } | undefined {
    let at = 0;
    for (const p of this.parts) {
      if (p.from > at) return { from: at, to: p.from };
      at = p.from + p.length;
    }
    if (at >= this.keys.length) return undefined;
    let from = at;
    for (let i = this.parts.length - 1; i >= 0 && this.parts[i].tail && this.parts[i].length <= 2 * (this.keys.length - from); i--) from = this.parts[i].from;
    return { from, to: this.keys.length };
  }

  /** Puts the part of [from, to) in place of the tail parts within it; none when another part now crosses its bounds. */
  private place(from: number, to: number, d: KeyBucketsData): void {
    if (this.parts.some((p) => p.from < to && p.from + p.length > from && (p.from < from || p.from + p.length > to))) return;
    const kept = this.parts.filter((p) => p.from + p.length <= from || p.from >= to);
    kept.push({ ...d, from, tail: true });
    kept.sort((a, b) => a.from - b.from);
    this.parts.splice(0, this.parts.length, ...kept);
    this.bucketed += to - from;
  }

  get partCount(): number {
    return this.parts.length;
  }

  get bytes(): number {
    return this.parts.reduce((a, p) => a + p.positions.byteLength + p.starts.byteLength, 0);
  }
}
