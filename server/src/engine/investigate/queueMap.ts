// A Map keyed by queue ID that also answers, from a queue ID's bytes and without making a string,
// whether it may hold it: a table of counts per hash of the keys in it (hashes of index/keyHash.ts,
// so that a string's and its bytes' agree). A byte prefilter asks it of every MTA line.
import { hashBytes, hashString as keyOf } from '../index/keyHash';

const BITS = 16;
const MASK = (1 << BITS) - 1;

export class QueueMap<V> {
  private readonly map = new Map<string, V>();
  private readonly counts = new Int32Array(1 << BITS);

  get size(): number {
    return this.map.size;
  }

  get(k: string): V | undefined {
    return this.map.get(k);
  }

  has(k: string): boolean {
    return this.map.has(k);
  }

  set(k: string, v: V): void {
    if (!this.map.has(k)) this.counts[keyOf(k) & MASK]++;
    this.map.set(k, v);
  }

  delete(k: string): void {
    if (this.map.delete(k)) this.counts[keyOf(k) & MASK]--;
  }

  /** Whether b[s, e) may be a key (false: it is not). */
  mayHave(b: Uint8Array, s: number, e: number): boolean {
    return this.map.size > 0 && this.counts[hashBytes(b, s, e) & MASK] > 0;
  }
}
