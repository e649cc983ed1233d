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
