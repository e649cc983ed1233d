// Interns collate.pl's transaction keys (`instance/QUEUEID`) straight from the line's bytes into
// small integer ids, so that the per-line work allocates nothing and the transaction state lives
// in arrays indexed by id. Key bytes are kept in an arena; a key becomes a string only when asked.
// Keys are never forgotten: collate.pl's %seqno keeps every key too, so memory grows with
// distinct queue IDs exactly as the reference script's does.
import { Bytes, latin1 } from './bytes';
import { ByteKeys, keyHash } from './byteKeys';

export class KeyTable {
  /** Keys without the instance when it is the default `postfix` (keys hold no "/" otherwise). */
  private readonly keys = new ByteKeys(16, 256);

  /** The number of keys, which is also the last id. */
  get size(): number {
    return this.keys.size;
  }

  /**
   * The id of key `instance/qid`, from bytes [is, ie) and [qs, qe) of `b`; new keys get the next
   * id. `qidHash` is `keyHash` of the queue ID alone, which the caller computes as it reads it.
   */
  intern(b: Bytes, is: number, ie: number, qs: number, qe: number, qidHash: number): number {
    // "postfix" is the only instance of 7 bytes (the others are postfix-NAME): left out.
    if (ie - is === 7) return this.keys.intern(qidHash, b, ie, ie, qs, qe);
    return this.keys.intern(keyHash(b, is, ie, qs, qe), b, is, ie, qs, qe);
  }

  /** collate.pl's `instance/QUEUEID` for id. */
  key(id: number): string {
    const s = this.keys.text(id);
    return s.includes('/') ? s : 'postfix/' + s;
  }
}

/** `a` copied into a new array of `size` elements. */
export function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
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
  private slots = new Int32Array(32);
  private values: Int32Array<ArrayBuffer> = new Int32Array(16);
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
