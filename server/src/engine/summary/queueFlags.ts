// Flags per queue ID still in the queue, keyed on the ID's bytes: open addressing with linear
// probing over fixed-width key slots, and backward-shift deletion on `removed`, so that the table
// holds only the messages in flight and no string is made per line. IDs longer than a slot (not
// seen in practice) go to a Map of their own.
import { Bytes, latin1 } from '../bytes';

/** Bytes of a key slot. Postfix queue IDs are 10 to 12 (short) or about 15 (long) characters. */
const W = 32;

export class QueueFlags {
  private hashes = new Int32Array(1 << 10);
  /** Key length of each slot; 0: empty. */
  private lens = new Uint8Array(1 << 10);
  private flags = new Uint8Array(1 << 10);
  private keys = new Uint8Array((1 << 10) * W);
  private count = 0;
  private readonly long = new Map<string, number>();

  /** Slot of key b[s, e) (e - s in 1..W), or the empty slot where it would go, as -(slot + 1). */
  private slot(b: Bytes, s: number, e: number, h: number): number {
    const mask = this.lens.length - 1;
    const len = e - s;
    const keys = this.keys;
    outer: for (let at = (h ^ (h >>> 15)) & mask; ; at = (at + 1) & mask) {
      const l = this.lens[at];
      if (l === 0) return -(at + 1);
      if (l !== len || this.hashes[at] !== h) continue;
      for (let i = s, k = at * W; i < e; i++, k++) if (keys[k] !== b[i]) continue outer;
      return at;
    }
  }

  /** Sets `bits` on key b[s, e) (adding the key when absent); returns its flags before (0: absent). */
  update(b: Bytes, s: number, e: number, bits: number): number {
    if (e - s > W) {
      const k = latin1(b, s, e);
      const old = this.long.get(k) ?? 0;
      this.long.set(k, old | bits);
      return old;
    }
    const h = hash(b, s, e);
    const at = this.slot(b, s, e, h);
    if (at >= 0) {
      const old = this.flags[at];
      this.flags[at] = old | bits;
      return old;
    }
    this.insert(-at - 1, b, s, e, h, bits);
    return 0;
  }

  /** Sets the flags of key b[s, e) to `v` (not 0). */
  put(b: Bytes, s: number, e: number, v: number): void {
    if (e - s > W) {
      this.long.set(latin1(b, s, e), v);
      return;
    }
    const h = hash(b, s, e);
    const at = this.slot(b, s, e, h);
    if (at >= 0) this.flags[at] = v;
    else this.insert(-at - 1, b, s, e, h, v);
  }

  /** Forgets key b[s, e). */
  delete(b: Bytes, s: number, e: number): void {
    if (e - s > W) {
      this.long.delete(latin1(b, s, e));
      return;
    }
    let i = this.slot(b, s, e, hash(b, s, e));
    if (i < 0) return;
    // Backward shift: move up every following entry of the run that may take the freed slot.
    const mask = this.lens.length - 1;
    const { lens, hashes, flags, keys } = this;
    for (let j = (i + 1) & mask; lens[j] !== 0; j = (j + 1) & mask) {
      const hj = hashes[j];
      const home = (hj ^ (hj >>> 15)) & mask;
      // Entry j may move to i when its home is not cyclically within (i, j].
      const movable = i <= j ? home <= i || home > j : home <= i && home > j;
      if (!movable) continue;
      lens[i] = lens[j];
      hashes[i] = hj;
      flags[i] = flags[j];
      keys.copyWithin(i * W, j * W, j * W + lens[j]);
      i = j;
    }
    lens[i] = 0;
    this.count--;
  }

  private insert(at: number, b: Bytes, s: number, e: number, h: number, v: number): void {
    this.lens[at] = e - s;
    this.hashes[at] = h;
    this.flags[at] = v;
    const keys = this.keys;
    for (let i = s, k = at * W; i < e; i++, k++) keys[k] = b[i];
    if (++this.count * 2 > this.lens.length) this.grow();
  }

  private grow(): void {
    const { lens, hashes, flags, keys } = this;
    const size = lens.length * 2;
    const mask = size - 1;
    this.lens = new Uint8Array(size);
    this.hashes = new Int32Array(size);
    this.flags = new Uint8Array(size);
    this.keys = new Uint8Array(size * W);
    for (let o = 0; o < lens.length; o++) {
      if (lens[o] === 0) continue;
      const h = hashes[o];
      let at = (h ^ (h >>> 15)) & mask;
      while (this.lens[at] !== 0) at = (at + 1) & mask;
      this.lens[at] = lens[o];
      this.hashes[at] = h;
      this.flags[at] = flags[o];
      this.keys.set(keys.subarray(o * W, o * W + lens[o]), at * W);
    }
  }
}

function hash(b: Bytes, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h;
}
