// Where a key is, without scanning: the positions of a key array grouped by the top bits of their
// keys (one counting pass, no sort), so that finding every position of one key reads only its
// bucket. An array is covered in parts: the parts of a file indexed in worker threads bring their
// own buckets (built there, joined here by moving their base), and lines appended later get a
// part of their own, so a growing index never buckets its whole array again.
import { U32Pages } from './paged';

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

/** The buckets of keys[from, from + length). */
export function bucketKeys(keys: U32Pages, from = 0, to = keys.length): KeyBucketsData {
  const length = to - from;
  const bits = Math.max(1, Math.min(MAX_BITS, Math.floor(Math.log2(Math.max(2, length / PER_BUCKET)))));
  const shift = 32 - bits;
  const counts = new Uint32Array((1 << bits) + 1);
  for (let i = from; i < to; i++) {
    const k = keys.get(i);
    if (k !== 0) counts[(k >>> shift) + 1]++;
  }
  for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
  const positions = new Uint32Array(counts[counts.length - 1]);
  const fill = counts.slice(0, -1);
  for (let i = from; i < to; i++) {
    const k = keys.get(i);
    if (k !== 0) positions[fill[k >>> shift]++] = i - from;
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
    this.cover();
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
   * end. A tail part no larger than twice what follows it is built again with it, so that lines
   * appended a few at a time make a few parts, not one each (amortized: each key is bucketed again
   * a logarithmic number of times at most).
   */
  private cover(): void {
    const parts = this.parts;
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].from > at) parts.splice(i++, 0, this.part(at, parts[i].from));
      at = parts[i].from + parts[i].length;
    }
    if (at >= this.keys.length) return;
    let from = at;
    while (parts.length && parts[parts.length - 1].tail && parts[parts.length - 1].length <= 2 * (this.keys.length - from)) from = parts.pop()!.from;
    parts.push(this.part(from, this.keys.length));
  }

  private part(from: number, to: number): Part {
    this.bucketed += to - from;
    return { ...bucketKeys(this.keys, from, to), from, tail: true };
  }

  get partCount(): number {
    return this.parts.length;
  }

  get bytes(): number {
    return this.parts.reduce((a, p) => a + p.positions.byteLength + p.starts.byteLength, 0);
  }
}
