// Where a key is, without scanning: the positions of a key array grouped by the top 16 bits of
// their keys (one counting pass, no sort), so that finding every position of one key reads only
// its bucket: about n / 65536 entries. Built on first use by a query (or before it, in steps),
// and again when the array has grown since.
import { U32Pages } from './paged';
import { runSteps, Steps } from '../steps';

const BITS = 16;

export class KeyBuckets {
  private constructor(
    private readonly keys: U32Pages,
    /** How many values of the array it covers. */
    readonly length: number,
    /** Positions, bucket by bucket; bucket b is positions[starts[b], starts[b + 1]). */
    private readonly positions: Uint32Array,
    private readonly starts: Uint32Array,
  ) {}

  /** The buckets of `keys`, made at once. */
  static of(keys: U32Pages): KeyBuckets {
    return runSteps(KeyBuckets.build(keys));
  }

  /** The same in steps: a pause after each page of keys (64K of them) counted or placed. */
  static *build(keys: U32Pages): Steps<KeyBuckets> {
    const length = keys.length;
    const counts = new Uint32Array((1 << BITS) + 1);
    const { pages } = keys.data;
    const shift = 32 - BITS;
    for (let p = 0, i = 0; p < pages.length; p++) {
      const page = pages[p];
      for (let k = 0; k < page.length && i < length; k++, i++) if (page[k] !== 0) counts[(page[k] >>> shift) + 1]++;
      yield;
    }
    for (let b = 1; b < counts.length; b++) counts[b] += counts[b - 1];
    const positions = new Uint32Array(counts[counts.length - 1]);
    const fill = counts.slice(0, -1);
    for (let p = 0, i = 0; p < pages.length; p++) {
      const page = pages[p];
      for (let k = 0; k < page.length && i < length; k++, i++) if (page[k] !== 0) positions[fill[page[k] >>> shift]++] = i;
      yield;
    }
    return new KeyBuckets(keys, length, positions, counts);
  }

  /** The positions whose key is `key`, in increasing order. */
  find(key: number): number[] {
    const out: number[] = [];
    key >>>= 0;
    if (key === 0) return out;
    const b = key >>> (32 - BITS);
    for (let i = this.starts[b]; i < this.starts[b + 1]; i++) {
      const p = this.positions[i];
      if (p < this.length && this.keys.get(p) === key) out.push(p);
    }
    return out;
  }

  get bytes(): number {
    return this.positions.byteLength + this.starts.byteLength;
  }
}
