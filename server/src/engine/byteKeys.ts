// Byte strings interned to small ids (1, 2, ...) straight from a line's bytes: open addressing
// over an arena of the keys' bytes, so that interning allocates nothing per line and a key
// becomes a string only when asked. A key has one or two parts, [s1, e1) and [s2, e2) of the
// line, stored joined by "/" (a first part left empty stores the second alone). Shared by the
// collator's transaction keys (keyTable.ts) and the summary's name tallies (summary/nameCounts.ts).
import { Bytes, latin1 } from './bytes';

const SLASH = 47;

/** FNV-1a, 32 bits: h = Math.imul(h ^ byte, FNV_PRIME) for each byte, from FNV_BASIS. */
export const FNV_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of the key [s1, e1) "/" [s2, e2) (the second part alone when the first is empty). */
export function keyHash(b: Bytes, s1: number, e1: number, s2: number, e2: number): number {
  let h = FNV_BASIS;
  if (e1 > s1) {
    for (let i = s1; i < e1; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
    h = Math.imul(h ^ SLASH, FNV_PRIME);
  }
  for (let i = s2; i < e2; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
  return h;
}

/** Where a hash starts its probe in a table of `mask + 1` slots. */
const home = (h: number, mask: number) => (h ^ (h >>> 16)) & mask;

export class ByteKeys {
  /** Open addressing, two ints a slot: the key's hash and its id (0: empty), read in one cache line. */
  private slots: Int32Array<ArrayBuffer>;
  /** Key id is arena[offsets[id], offsets[id + 1]). */
  private offsets: Int32Array<ArrayBuffer>;
  private arena: Uint8Array<ArrayBuffer>;
  private count = 0;

  /** Room for `keys` keys (rounded up to a power of two: a probe wraps by a mask) of about `bytes` bytes in all before anything grows. */
  constructor(keys: number, bytes: number) {
    const n = 2 ** Math.ceil(Math.log2(Math.max(keys, 2)));
    this.slots = new Int32Array(4 * n);
    this.offsets = new Int32Array(n);
    this.arena = new Uint8Array(bytes);
  }

  /** The number of keys, which is also the last id. */
  get size(): number {
    return this.count;
  }

  /** The id of the key [s1, e1) "/" [s2, e2) of `b`, whose `keyHash` is `h`; a new key gets the next id. */
  intern(h: number, b: Bytes, s1: number, e1: number, s2: number, e2: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let at = home(h, mask); ; at = (at + 1) & mask) {
      const id = slots[2 * at + 1];
      if (id === 0) return this.insert(at, h, b, s1, e1, s2, e2);
      if (slots[2 * at] === h && this.equals(id, b, s1, e1, s2, e2)) return id;
    }
  }

  /** The key's bytes as a string of one character per byte. */
  text(id: number): string {
    return latin1(this.arena, this.offsets[id], this.offsets[id + 1]);
  }

  private equals(id: number, b: Bytes, s1: number, e1: number, s2: number, e2: number): boolean {
    const a = this.arena;
    let k = this.offsets[id];
    const l1 = e1 - s1;
    if (this.offsets[id + 1] - k !== (l1 ? l1 + 1 : 0) + (e2 - s2)) return false;
    for (let i = s1; i < e1; i++) if (a[k++] !== b[i]) return false;
    if (l1 && a[k++] !== SLASH) return false;
    for (let i = s2; i < e2; i++) if (a[k++] !== b[i]) return false;
    return true;
  }

  private insert(at: number, h: number, b: Bytes, s1: number, e1: number, s2: number, e2: number): number {
    const id = ++this.count;
    if (id + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    let k = this.offsets[id];
    const need = k + (e1 - s1) + 1 + (e2 - s2);
    if (need > this.arena.length) {
      const a = new Uint8Array(Math.max(need, this.arena.length * 2));
      a.set(this.arena);
      this.arena = a;
    }
    const a = this.arena;
    for (let i = s1; i < e1; i++) a[k++] = b[i];
    if (e1 > s1) a[k++] = SLASH;
    for (let i = s2; i < e2; i++) a[k++] = b[i];
    this.offsets[id + 1] = k;
    this.slots[2 * at] = h;
    this.slots[2 * at + 1] = id;
    if (this.count * 4 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      const id = old[o + 1];
      if (id === 0) continue;
      let at = home(old[o], mask);
      while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
      slots[2 * at] = old[o];
      slots[2 * at + 1] = id;
    }
    this.slots = slots;
  }
}
