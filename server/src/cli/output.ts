// Buffered output of latin1 strings (one character per byte) to a file descriptor: the bytes
// read are the bytes written. A closed pipe (`| head`) ends the program quietly.
import * as fs from 'node:fs';

const FLUSH_AT = 1 << 20;

export class ByteWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly fd = 1) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (!this.size) return;
    const buf = Buffer.from(this.parts.join(''), 'latin1');
    this.parts = [];
    this.size = 0;
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(this.fd, buf, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EPIPE') process.exit(0);
        throw e;
      }
    }
  }
}
