// Growable number columns for the disk index, in fixed-size typed-array chunks: appending never
// copies what is already there (a doubling array copies everything and briefly needs three times
// the room), and the slack is at most one chunk.
const SHIFT = 16;
const SIZE = 1 << SHIFT;
const MASK = SIZE - 1;

abstract class Chunks<A extends Int32Array | Float64Array> {
  private readonly chunks: A[] = [];
  length = 0;

  protected abstract make(n: number): A;

  push(v: number): void {
    const c = Math.floor(this.length / SIZE);
    if (c === this.chunks.length) this.chunks.push(this.make(SIZE));
    this.chunks[c][this.length % SIZE] = v;
    this.length++;
  }

  get(i: number): number {
    return this.chunks[Math.floor(i / SIZE)][i & MASK];
  }

  set(i: number, v: number): void {
    this.chunks[Math.floor(i / SIZE)][i & MASK] = v;
  }
}

export class Int32Chunks extends Chunks<Int32Array> {
  protected make(n: number): Int32Array {
    return new Int32Array(n);
  }
}

export class Float64Chunks extends Chunks<Float64Array> {
  protected make(n: number): Float64Array {
    return new Float64Array(n);
  }
}

/** Latin-1 strings (bytes 0-255 a character) packed in chunks; a string never straddles two. */
export class Latin1Arena {
  private readonly chunks: Buffer[] = [];
  private used = SIZE;

  /** Stores `s`; returns its address (see `get`). */
  add(s: string): number {
    if (this.used + s.length > SIZE) {
      this.chunks.push(Buffer.alloc(Math.max(SIZE, s.length)));
      this.used = 0;
    }
    const c = this.chunks.length - 1;
    const at = this.used;
    this.chunks[c].write(s, at, 'latin1');
    this.used += s.length;
    return c * SIZE + at;
  }

  get(address: number, length: number): string {
    const c = Math.floor(address / SIZE);
    const at = address - c * SIZE;
    return this.chunks[c].toString('latin1', at, at + length);
  }
}
