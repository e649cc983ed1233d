// A Map keyed by queue ID that also answers, from a queue ID's bytes and without making a string,
// whether it may hold it: a table of counts per hash of the keys in it (hashes of index/keyHash.ts,
// so that a string's and its bytes' agree). A byte prefilter asks it of every MTA line.
import { FNV_BASIS, FNV_PRIME } from '../byteKeys';
import { hashBytes, hashString } from '../index/keyHash';

/** hashString of a queue ID (ASCII: its characters are its bytes, hashed as hashBytes does), without encoding it. */
function keyOf(k: string): number {
  let h = FNV_BASIS;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (c > 127) return hashString(k);
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return h >>> 0 === 0 ? 1 : h >>> 0;
}

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
