// Buffered byte output to a file descriptor: the bytes read are the bytes written.
// A closed pipe (`| head`) ends the program quietly.
import * as fs from 'node:fs';

const SIZE = 1 << 20;

export class ByteWriter {
  private buf = Buffer.allocUnsafe(SIZE);
  private used = 0;

  constructor(private readonly fd = 1) {}

  /** Bytes [start, end) of `b`. */
  write(b: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.used + n > SIZE) {
      this.flush();
      if (n > SIZE) {
        this.writeAll(b.subarray(start, end));
        return;
      }
    }
    b.copy(this.buf, this.used, start, end);
    this.used += n;
  }

  writeNewline(): void {
    if (this.used >= SIZE) this.flush();
    this.buf[this.used++] = 10;
  }

  /** Text output (reports, help): written as UTF-8. */
  writeText(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.write(b, 0, b.length);
  }

  flush(): void {
    if (!this.used) return;
    this.writeAll(this.buf.subarray(0, this.used));
    this.used = 0;
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
