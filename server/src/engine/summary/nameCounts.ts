// Tallies of names (senders, recipients, hosts, accounts, loggers) interned straight from a
// line's bytes: a hash table of small ids over an arena of the names' bytes, and a count per id.
// Nothing is allocated per line; a name becomes a string only for the final top lists.
import { Bytes, latin1 } from '../bytes';

export interface Count {
  name: string;
  count: number;
}

/** The order of the top lists: most first, then by name (as strings of one character per byte). */
export function byCountThenName(a: Count, b: Count): number {
  return b.count - a.count || (a.name < b.name ? -1 : 1);
}

export class NameCounts {
  /** Open addressing, two ints a slot: the name's hash and its id (0: empty; ids start at 1). */
  private slots = new Int32Array(2 << 10);
  /** Name id is arena[offsets[id], offsets[id + 1]). */
  private offsets: Int32Array<ArrayBuffer> = new Int32Array(1 << 9);
  private counts: Float64Array<ArrayBuffer> = new Float64Array(1 << 9);
  private arena = new Uint8Array(1 << 14);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Adds `by` to the count of the name b[s, e). */
  add(b: Bytes, s: number, e: number, by = 1): void {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let at = (h ^ (h >>> 16)) & mask; ; at = (at + 1) & mask) {
      const id = slots[2 * at + 1];
      if (id === 0) {
        this.counts[this.insert(at, h, b, s, e)] += by;
        return;
      }
      if (slots[2 * at] === h && this.equals(id, b, s, e)) {
        this.counts[id] += by;
        return;
      }
    }
  }

  name(id: number): string {
    return latin1(this.arena, this.offsets[id], this.offsets[id + 1]);
  }

  count(id: number): number {
    return this.counts[id];
  }

  /** All names with their counts (in no particular order). */
  all(): Count[] {
    const out: Count[] = [];
    for (let id = 1; id <= this.n; id++) out.push({ name: this.name(id), count: this.counts[id] });
    return out;
  }

  /** The `limit` names counted most, ties by name: strings are made only for the candidates. */
  top(limit: number): Count[] {
    if (limit <= 0 || this.n === 0) return [];
    let threshold = -Infinity;
    if (this.n > limit) {
      const c = this.counts.slice(1, this.n + 1).sort();
      threshold = c[c.length - limit]; // the limit-th largest count
    }
    const out: Count[] = [];
    for (let id = 1; id <= this.n; id++) if (this.counts[id] >= threshold) out.push({ name: this.name(id), count: this.counts[id] });
    return out.sort(byCountThenName).slice(0, limit);
  }

  private equals(id: number, b: Bytes, s: number, e: number): boolean {
    const a = this.arena;
    let k = this.offsets[id];
    if (this.offsets[id + 1] - k !== e - s) return false;
    for (let i = s; i < e; i++) if (a[k++] !== b[i]) return false;
    return true;
  }

  private insert(at: number, h: number, b: Bytes, s: number, e: number): number {
    const id = ++this.n;
    if (id + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
      const c = new Float64Array(this.counts.length * 2);
      c.set(this.counts);
      this.counts = c;
    }
    let k = this.offsets[id];
    const need = k + (e - s);
    if (need > this.arena.length) {
      const a = new Uint8Array(Math.max(need, this.arena.length * 2));
      a.set(this.arena);
      this.arena = a;
    }
    const a = this.arena;
    for (let i = s; i < e; i++) a[k++] = b[i];
    this.offsets[id + 1] = k;
    this.slots[2 * at] = h;
    this.slots[2 * at + 1] = id;
    if (this.n * 4 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      const id = old[o + 1];
      if (id === 0) continue;
      const h = old[o];
      let at = (h ^ (h >>> 16)) & mask;
      while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
      slots[2 * at] = h;
      slots[2 * at + 1] = id;
    }
    this.slots = slots;
  }
}
