// What the redaction made of each distinct run of address bytes (redactScan.ts) lately, found from
// the run's bytes (hashed, compared in place: no string is made), so that a run seen before costs a
// lookup and a copy of its redacted bytes. Only the last LIMIT distinct runs are remembered (the
// cache is emptied when full): memory stays bounded whatever the text. The pseudonyms themselves
// are the Redactor's tables (redact.ts), which never forget.
import { ByteKeys } from '../byteKeys';
import { ByteOut } from '../byteOut';
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

export class Answers {
  private readonly keys = new ByteKeys(1 << 10, 1 << 14);
  /** The answer of id is arena[from[id], to[id]), with its `tally`; tally 0: the run is kept as it is. */
  private from: Int32Array<ArrayBuffer> = new Int32Array(1 << 10);
  private to: Int32Array<ArrayBuffer> = new Int32Array(1 << 10);
  private tallies: Int32Array<ArrayBuffer> = new Int32Array(1 << 10);
  private arena = new Uint8Array(1 << 14);
  private used = 0;
  /** Ids 1..known have an answer. */
  private known = 0;

  /** The id of run [s, e) of `b`, whose `runHash` is `h`: `has(id)` says whether it has an answer. */
  id(h: number, b: Bytes, s: number, e: number): number {
    if (this.known >= LIMIT) {
      this.keys.clear();
      this.known = 0;
      this.used = 0;
    }
    return this.keys.intern(h, b, s, s, s, e);
  }

  has(id: number): boolean {
    return id <= this.known;
  }

  /** The answer for a new id (the next one): bytes [s, e) of `b` and a non-zero `tally`, or tally 0 (kept). */
  learn(id: number, b: Bytes, s: number, e: number, tally: number): void {
    if (id >= this.from.length) {
      this.from = grown(this.from, 2 * id);
      this.to = grown(this.to, 2 * id);
      this.tallies = grown(this.tallies, 2 * id);
    }
    this.known = id;
    this.tallies[id] = tally;
    if (!tally) return;
    if (this.used + e - s > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.used + e - s));
      a.set(this.arena);
      this.arena = a;
    }
    this.from[id] = this.used;
    for (let i = s; i < e; i++) this.arena[this.used++] = b[i];
    this.to[id] = this.used;
  }

  /** Appends id's answer to `out` and returns its tally; 0 (nothing written) when the run is kept. */
  write(id: number, out: ByteOut): number {
    const t = this.tallies[id];
    if (t) out.copy(this.arena, this.from[id], this.to[id]);
    return t;
  }
}
