// Buffered byte output to a file descriptor: the bytes read are the bytes written.
// A closed pipe (`| head`) ends the program quietly.
//
// The buffer may be a region of a larger one that also holds the input (see collate.ts): bytes
// from that same buffer are then moved with `copyWithin`, which costs a fraction of what
// `Buffer.copy` or `set(subarray)` cost per call, as those allocate a view each time.
import * as fs from 'node:fs';

const SIZE = 1 << 20;

export class ByteWriter {
  /** Output goes to buf[start, limit); `pos` is where the next byte goes. */
  private pos: number;
  private readonly limit: number;

  constructor(
    private readonly fd = 1,
    readonly buf: Buffer = Buffer.allocUnsafe(SIZE),
    private readonly start = 0,
    size = buf.length - start,
  ) {
    this.pos = start;
    this.limit = start + size;
  }

  /** Bytes [start, end) of `b`. */
  write(b: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.pos + n > this.limit) {
      this.flush();
      if (n > this.limit - this.start) {
        this.writeAll(b.subarray(start, end));
        return;
      }
    }
    if (b === this.buf) this.buf.copyWithin(this.pos, start, end);
    else this.buf.set(b.subarray(start, end), this.pos);
    this.pos += n;
  }

  writeNewline(): void {
    if (this.pos >= this.limit) this.flush();
    this.buf[this.pos++] = 10;
  }

  /** Text output (reports, help): written as UTF-8. */
  writeText(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.write(b, 0, b.length);
  }

  flush(): void {
    if (this.pos === this.start) return;
    this.writeAll(this.buf.subarray(this.start, this.pos));
    this.pos = this.start;
  }

  private writeAll(b: Uint8Array): void {
    let off = 0;
    while (off < b.length) {
      try {
        off += fs.writeSync(this.fd, b, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EPIPE') process.exit(0);
        throw e;
      }
    }
  }
}
