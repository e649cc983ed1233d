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
  private start: number;
  private limit: number;
  /** Write-behind: the region's two halves, one written out while the other fills (see `handOff`). */
  private readonly halves: [number, number];
  private readonly half: number;
  private inFlight: Promise<void> | undefined;
  /** Bytes that filled a half while the other was still being written: they go out first. */
  private spilled: Buffer[] = [];

  constructor(
    private readonly fd = 1,
    readonly buf: Buffer = Buffer.allocUnsafe(SIZE),
    start = 0,
    size = buf.length - start,
    behind = false,
  ) {
    this.half = behind ? size >> 1 : size;
    this.halves = [start, start + this.half];
    this.start = start;
    this.pos = start;
    this.limit = start + this.half;
  }

  /** Bytes [start, end) of `b`. */
  write(b: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.pos + n > this.limit) {
      this.spill();
      if (n > this.half) {
        this.spilled.push(Buffer.from(b.subarray(start, end)));
        if (!this.inFlight) this.writeSpilled();
        return;
      }
    }
    if (b === this.buf) this.buf.copyWithin(this.pos, start, end);
    else this.buf.set(b.subarray(start, end), this.pos);
    this.pos += n;
  }

  writeNewline(): void {
    if (this.pos >= this.limit) this.spill();
    this.buf[this.pos++] = 10;
  }

  /** Text output (reports, help): written as UTF-8. */
  writeText(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.write(b, 0, b.length);
  }

  /**
   * Write-behind (a writer made with `behind`), at a moment the caller may wait: what was written
   * so far goes out on libuv's thread pool while the next bytes fill the other half.
   */
  async handOff(): Promise<void> {
    await this.inFlight;
    this.inFlight = undefined;
    this.writeSpilled();
    if (this.pos === this.start) return;
    const out = this.buf.subarray(this.start, this.pos);
    this.start = this.start === this.halves[0] ? this.halves[1] : this.halves[0];
    this.pos = this.start;
    this.limit = this.start + this.half;
    this.inFlight = this.writeAsync(out);
  }

  /** Everything written, out. */
  async close(): Promise<void> {
    await this.inFlight;
    this.inFlight = undefined;
    this.flush();
  }

  /** Synchronously; only when no write is in flight (see `close`). */
  flush(): void {
    this.writeSpilled();
    if (this.pos === this.start) return;
    this.writeAll(this.buf.subarray(this.start, this.pos));
    this.pos = this.start;
  }

  /** The current half is full: out now if nothing is in flight, else kept aside in order. */
  private spill(): void {
    if (this.pos === this.start) return;
    const b = this.buf.subarray(this.start, this.pos);
    if (this.inFlight) this.spilled.push(Buffer.from(b));
    else this.writeAll(b);
    this.pos = this.start;
  }

  private writeSpilled(): void {
    for (const b of this.spilled) this.writeAll(b);
    this.spilled = [];
  }

  private async writeAsync(b: Uint8Array): Promise<void> {
    let off = 0;
    while (off < b.length) {
      try {
        off += await new Promise<number>((resolve, reject) => fs.write(this.fd, b, off, b.length - off, null, (e, n) => (e ? reject(e) : resolve(n))));
      } catch (e) {
        this.failed(e);
      }
    }
  }

  private writeAll(b: Uint8Array): void {
    let off = 0;
    while (off < b.length) {
      try {
        off += fs.writeSync(this.fd, b, off);
      } catch (e) {
        this.failed(e);
      }
    }
  }

  /** EAGAIN: try again; a closed pipe (`| head`): the reader has what it wanted. */
  private failed(e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') return;
    if (code === 'EPIPE') process.exit(0);
    throw e;
  }
}
