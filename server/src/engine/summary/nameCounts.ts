// Tallies of names (senders, recipients, hosts, accounts, loggers) interned straight from a
// line's bytes (byteKeys.ts), with a count per id. Nothing is allocated per line; a name
// becomes a string only for the final top lists.
import { Bytes } from '../bytes';
import { ByteKeys, keyHash } from '../byteKeys';

export interface Count {
  name: string;
  count: number;
}

/** The order of the top lists: most first, then by name (as strings of one character per byte). */
export function byCountThenName(a: Count, b: Count): number {
  return b.count - a.count || (a.name < b.name ? -1 : 1);
}

export class NameCounts {
  private readonly names = new ByteKeys(1 << 9, 1 << 14);
  /** The count of name id. */
  private counts: Float64Array<ArrayBuffer> = new Float64Array(1 << 9);

  get size(): number {
    return this.names.size;
  }

  /** Adds `by` to the count of the name b[s, e). */
  add(b: Bytes, s: number, e: number, by = 1): void {
    const id = this.names.intern(keyHash(b, 0, 0, s, e), b, 0, 0, s, e);
    if (id >= this.counts.length) {
      const c = new Float64Array(this.counts.length * 2);
      c.set(this.counts);
      this.counts = c;
    }
    this.counts[id] += by;
  }

  name(id: number): string {
    return this.names.text(id);
  }

  count(id: number): number {
    return this.counts[id];
  }

  /** All names with their counts (in no particular order). */
  all(): Count[] {
    const out: Count[] = [];
    for (let id = 1; id <= this.size; id++) out.push({ name: this.name(id), count: this.counts[id] });
    return out;
  }

  /** The `limit` names counted most, ties by name: strings are made only for the candidates. */
  top(limit: number): Count[] {
    if (limit <= 0 || this.size === 0) return [];
    let threshold = -Infinity;
    if (this.size > limit) {
      const c = this.counts.slice(1, this.size + 1).sort();
      threshold = c[c.length - limit]; // the limit-th largest count
    }
    const out: Count[] = [];
    for (let id = 1; id <= this.size; id++) if (this.counts[id] >= threshold) out.push({ name: this.name(id), count: this.counts[id] });
    return out.sort(byCountThenName).slice(0, limit);
  }
}
