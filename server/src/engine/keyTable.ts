// Interns collate.pl's transaction keys (`instance/QUEUEID`) straight from the line's bytes into
// small integer ids, so that the per-line work allocates nothing and the transaction state lives
// in arrays indexed by id. Key bytes are kept in an arena; a key becomes a string only when asked.
// Keys are never forgotten: collate.pl's %seqno keeps every key too, so memory grows with
// distinct queue IDs exactly as the reference script's does.
import { Bytes, latin1 } from './bytes';

const SLASH = 47;

export class KeyTable {
  /** Open addressing, two ints a slot: the key's hash and its id (0: empty; ids start at 1), read in one cache line. */
  private slots = new Int32Array(2 << 12);
  /** Key k is arena[offsets[k], offsets[k + 1]), without the instance when it is `postfix`. */
  private offsets: Int32Array<ArrayBuffer> = new Int32Array(1 << 11);
  private arena = new Uint8Array(1 << 15);
  private count = 0;

  /** The number of keys, which is also the last id. */
  get size(): number {
    return this.count;
  }

  /** The id of key `instance/qid`, from bytes [is, ie) and [qs, qe) of `b`; new keys get the next id. */
  intern(b: Bytes, is: number, ie: number, qs: number, qe: number): number {
    // The default instance "postfix" is left out of the stored bytes (keys hold no "/" otherwise).
    const withInstance = ie - is !== 7;
    let h = 0x811c9dc5;
    if (withInstance) {
      for (let i = is; i < ie; i++) h = Math.imul(h ^ b[i], 0x01000193);
      h = Math.imul(h ^ SLASH, 0x01000193);
    }
    for (let i = qs; i < qe; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const id = slots[2 * at + 1];
      if (id === 0) return this.insert(at, h, b, withInstance ? is : ie, ie, qs, qe);
      if (slots[2 * at] === h && this.equals(id, b, withInstance ? is : ie, ie, qs, qe)) return id;
    }
  }

  /** collate.pl's `instance/QUEUEID` for id. */
  key(id: number): string {
    const s = latin1(this.arena, this.offsets[id], this.offsets[id + 1]);
    return s.includes('/') ? s : 'postfix/' + s;
  }

  private equals(id: number, b: Bytes, is: number, ie: number, qs: number, qe: number): boolean {
    const a = this.arena;
    let k = this.offsets[id];
    const il = ie - is;
    if (this.offsets[id + 1] - k !== (il ? il + 1 : 0) + (qe - qs)) return false;
    for (let i = is; i < ie; i++) if (a[k++] !== b[i]) return false;
    if (il && a[k++] !== SLASH) return false;
    for (let i = qs; i < qe; i++) if (a[k++] !== b[i]) return false;
    return true;
  }

  private insert(at: number, h: number, b: Bytes, is: number, ie: number, qs: number, qe: number): number {
    const id = ++this.count;
    if (id + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.offsets.length * 2);
    let k = this.offsets[id];
    const need = k + (ie - is) + 1 + (qe - qs);
    if (need > this.arena.length) {
      const a = new Uint8Array(Math.max(need, this.arena.length * 2));
      a.set(this.arena);
      this.arena = a;
    }
    const a = this.arena;
    for (let i = is; i < ie; i++) a[k++] = b[i];
    if (ie > is) a[k++] = SLASH;
    for (let i = qs; i < qe; i++) a[k++] = b[i];
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
      let at = old[o] & mask;
      while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
      slots[2 * at] = old[o];
      slots[2 * at + 1] = id;
    }
    this.slots = slots;
  }
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const g = new Int32Array(size);
  g.set(a);
  return g;
}

/**
 * Interns PIDs (the digits of `command[pid]`) to small ids, so that per-PID state lives in arrays.
 * collate.pl keys its hashes by the PID string: "0123" and "123" are different PIDs. A PID in
 * canonical form that fits in 9 digits (every real one) is hashed as a number; any other is kept
 * as a string, so the two kinds never meet.
 */
export class PidTable {
  /** Open addressing: id + 1 of the numeric PID hashed there, 0 when empty. */
  private slots = new Int32Array(1 << 10);
  private values: Int32Array<ArrayBuffer> = new Int32Array(1 << 9);
  private readonly odd = new Map<string, number>();
  private count = 0;

  intern(b: Bytes, s: number, e: number): number {
    if (e - s > 9 || (b[s] === 48 && e - s > 1)) return this.internOdd(latin1(b, s, e));
    let v = 0;
    for (let i = s; i < e; i++) v = v * 10 + b[i] - 48;
    const mask = this.slots.length - 1;
    for (let at = Math.imul(v, 0x9e3779b1) >>> 7 & mask; ; at = (at + 1) & mask) {
      const id = this.slots[at] - 1;
      if (id < 0) return this.newId(v, at);
      if (this.values[id] === v) return id;
    }
  }

  private internOdd(pid: string): number {
    let id = this.odd.get(pid);
    if (id === undefined) this.odd.set(pid, (id = this.newId(-1, -1)));
    return id;
  }

  /** A new id for `value` (-1 for a string PID), put in slot `at` of the numeric table (-1: none). */
  private newId(value: number, at: number): number {
    const id = this.count++;
    if (id === this.values.length) this.values = grown(this.values, id * 2);
    this.values[id] = value;
    if (at >= 0) this.slots[at] = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      const v = this.values[id];
      if (v < 0) continue; // a string PID, not in the numeric table
      let at = Math.imul(v, 0x9e3779b1) >>> 7 & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = id + 1;
    }
    this.slots = slots;
  }
}
