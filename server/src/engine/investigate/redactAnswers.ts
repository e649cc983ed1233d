// What the redaction made of each distinct run of address bytes (or syslog header host) lately,
// found from its bytes (hashed, compared in place: no string is made), so that a run seen before
// costs a lookup and a copy of its redacted bytes. Only the last LIMIT distinct runs are remembered
// (the table is emptied when full): memory stays bounded whatever the text. The pseudonyms
// themselves are the Redactor's tables (redact.ts), which never forget.
import { Bytes } from '../bytes';
import { grown } from '../keyTable';

const LIMIT = 1 << 16;

/** A hash of bytes [s, e) of `b`, four bytes a step. */
export function runHash(b: Bytes, s: number, e: number): number {
  let h = e - s;
  let i = s;
  for (; i + 4 <= e; i += 4) h = Math.imul((h << 7) ^ (h >>> 25) ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)), 0x9e3779b1);
  for (; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h ^ (h >>> 15);
}

/** The fields of a record (RECORD ints each, in `records`). */
export const KEY = 0;
export const KEY_LENGTH = 1;
export const ANSWER = 2;
export const ANSWER_LENGTH = 3;
export const TALLY = 4;
const RECORD = 5;

export class Answers {
  /** Open addressing, two ints a slot: the hash and the record's index + 1 (0: empty). */
  private slots: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  /** Each run's key and answer: where they are in `arena`; the answer's tally (0: the run is kept as it is). */
  records: Int32Array<ArrayBuffer> = new Int32Array(RECORD << 10);
  arena = new Uint8Array(1 << 16);
  private used = 0;
  private count = 0;

  /** The record (an index into `records`) of run [s, e) of `b`, whose `runHash` is `h`; -1 when not there. */
  find(h: number, b: Bytes, s: number, e: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const n = e - s;
    for (let at = (h ^ (h >>> 16)) & mask; ; at = (at + 1) & mask) {
      const r = slots[2 * at + 1] - 1;
      if (r < 0) return -1;
      if (slots[2 * at] !== h || this.records[r + KEY_LENGTH] !== n) continue;
      const a = this.arena;
      let j = this.records[r + KEY];
      let i = s;
      while (i < e && a[j] === b[i]) i++, j++;
      if (i === e) return r;
    }
  }

  /** Remembers run [s, e) of `b` (hash `h`): its answer, bytes [as, ae) of `ans`, and tally (0: kept, no bytes). */
  add(h: number, b: Bytes, s: number, e: number, ans: Bytes, as: number, ae: number, tally: number): void {
    if (this.count >= LIMIT) {
      this.slots.fill(0);
      this.count = 0;
      this.used = 0;
    }
    const r = this.count++ * RECORD;
    if (r + RECORD > this.records.length) this.records = grown(this.records, 2 * this.records.length);
    if (this.used + (e - s) + (ae - as) > this.arena.length) {
      const a = new Uint8Array(2 * (this.arena.length + (e - s) + (ae - as)));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    const rec = this.records;
    const a = this.arena;
    rec[r + KEY] = this.used;
    rec[r + KEY_LENGTH] = e - s;
    for (let i = s; i < e; i++) a[this.used++] = b[i];
    rec[r + ANSWER] = this.used;
    rec[r + ANSWER_LENGTH] = ae - as;
    for (let i = as; i < ae; i++) a[this.used++] = ans[i];
    rec[r + TALLY] = tally;
    let slots = this.slots;
    if (this.count * 4 > slots.length) slots = this.rehash();
    const mask = (slots.length >> 1) - 1;
    let at = (h ^ (h >>> 16)) & mask;
    while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
    slots[2 * at] = h;
    slots[2 * at + 1] = r + 1;
  }

  private rehash(): Int32Array<ArrayBuffer> {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let o = 0; o < old.length; o += 2) {
      if (old[o + 1] === 0) continue;
      let at = (old[o] ^ (old[o] >>> 16)) & mask;
      while (slots[2 * at + 1] !== 0) at = (at + 1) & mask;
      slots[2 * at] = old[o];
      slots[2 * at + 1] = old[o + 1];
    }
    return (this.slots = slots);
  }
}
