// Output built from bytes: spans of the input copied as they are and short pieces written in
// between, into one buffer that grows by doubling and is reused from one block to the next.
import { Bytes } from './bytes';

/** Below this length a span is copied byte by byte (a `subarray` would cost more than the copy). */
export const SHORT = 48;

export class ByteOut {
  buf: Uint8Array<ArrayBuffer>;
  /** How many bytes are written: the output is buf[0, length). */
  length = 0;

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    const g = new Uint8Array(Math.max(need, this.buf.length * 2));
    g.set(this.buf.subarray(0, this.length));
    this.buf = g;
  }

  /** Appends bytes [s, e) of `b`. */
  copy(b: Bytes, s: number, e: number): void {
    const n = e - s;
    if (n <= 0) return;
    this.reserve(n);
    if (n < SHORT) {
      const o = this.buf;
      let k = this.length;
      for (let i = s; i < e; i++) o[k++] = b[i];
    } else this.buf.set(b.subarray(s, e), this.length);
    this.length += n;
  }

  /** Appends an ASCII string. */
  ascii(s: string): void {
    this.reserve(s.length);
    for (let k = 0; k < s.length; k++) this.buf[this.length++] = s.charCodeAt(k);
  }

  /** Appends the decimal digits of `n` (an integer, 0 or more). */
  decimal(n: number): void {
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    this.reserve(digits);
    for (let k = this.length + digits - 1; k >= this.length; k--, n = Math.floor(n / 10)) this.buf[k] = 48 + (n % 10);
    this.length += digits;
  }

  /** What was written (valid until the next write or `clear`). */
  view(): Uint8Array<ArrayBuffer> {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}
