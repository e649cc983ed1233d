// Growable arrays of numbers in fixed pages: appending never copies what is there (a log's
// millions of line offsets would otherwise be copied at every doubling, and briefly held twice).

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

export class U32Pages {
  private readonly pages: Uint32Array[] = [];
  private page: Uint32Array = new Uint32Array(0);
  length = 0;

  push(v: number): void {
    const at = this.length & MASK;
    if (at === 0) this.pages.push((this.page = new Uint32Array(PAGE)));
    this.page[at] = v;
    this.length++;
  }

  get(i: number): number {
    return this.pages[i >>> PAGE_BITS][i & MASK];
  }

  /** The pages, to hand to another thread (their buffers can be transferred). */
  get data(): { pages: Uint32Array[]; length: number } {
    return { pages: this.pages, length: this.length };
  }

  static from(d: { pages: Uint32Array[]; length: number }): U32Pages {
    const p = new U32Pages();
    p.pages.push(...d.pages);
    p.page = d.pages[d.pages.length - 1] ?? new Uint32Array(0);
    p.length = d.length;
    return p;
  }

  /** Appends every value of `other`, plus `add` (line numbers moved by an offset), a run of a page at a time. */
  append(other: U32Pages, add = 0): void {
    for (let from = 0; from < other.length; ) {
      const at = this.length & MASK;
      if (at === 0) this.pages.push((this.page = new Uint32Array(PAGE)));
      const src = other.pages[from >>> PAGE_BITS];
      const off = from & MASK;
      const n = Math.min(PAGE - at, PAGE - off, other.length - from);
      if (add === 0) this.page.set(src.subarray(off, off + n), at);
      else for (let k = 0, page = this.page; k < n; k++) page[at + k] = src[off + k] + add;
      this.length += n;
      from += n;
    }
  }


  /** Bytes held. */
  get bytes(): number {
    return this.pages.length * PAGE * 4;
  }
}

export class F64Pages {
  private readonly pages: Float64Array[] = [];
  private page: Float64Array = new Float64Array(0);
  length = 0;

  push(v: number): void {
    const at = this.length & MASK;
    if (at === 0) this.pages.push((this.page = new Float64Array(PAGE)));
    this.page[at] = v;
    this.length++;
  }

  get(i: number): number {
    return this.pages[i >>> PAGE_BITS][i & MASK];
  }

  get data(): { pages: Float64Array[]; length: number } {
    return { pages: this.pages, length: this.length };
  }

  static from(d: { pages: Float64Array[]; length: number }): F64Pages {
    const p = new F64Pages();
    p.pages.push(...d.pages);
    p.page = d.pages[d.pages.length - 1] ?? new Float64Array(0);
    p.length = d.length;
    return p;
  }

  append(other: F64Pages): void {
    for (let from = 0; from < other.length; ) {
      const at = this.length & MASK;
      if (at === 0) this.pages.push((this.page = new Float64Array(PAGE)));
      const off = from & MASK;
      const n = Math.min(PAGE - at, PAGE - off, other.length - from);
      this.page.set(other.pages[from >>> PAGE_BITS].subarray(off, off + n), at);
      this.length += n;
      from += n;
    }
  }

  get bytes(): number {
    return this.pages.length * PAGE * 8;
  }
}

/** Pairs (line, hash), appended in line order: where a key is named, and which key. */
export class Postings {
  constructor(
    readonly lines = new U32Pages(),
    readonly hashes = new U32Pages(),
  ) {}

  add(line: number, hash: number): void {
    this.lines.push(line);
    this.hashes.push(hash);
  }

  get length(): number {
    return this.lines.length;
  }

  /** Appends `other`'s postings, their lines moved by `lineOffset`. */
  append(other: Postings, lineOffset: number): void {
    this.lines.append(other.lines, lineOffset);
    this.hashes.append(other.hashes);
  }


  get bytes(): number {
    return this.lines.bytes + this.hashes.bytes;
  }
}

/** A set of 32-bit hashes (not 0), for the hot loops that test millions of values against a few. */
export class HashSet {
  private slots = new Uint32Array(16);
  size = 0;

  add(h: number): boolean {
    h >>>= 0;
    if (h === 0) return false;
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = (h ^ (h >>> 15)) & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === h) return false;
      if (s === 0) {
        this.slots[i] = h;
        this.size++;
        return true;
      }
    }
  }

  has(h: number): boolean {
    h >>>= 0;
    const mask = this.slots.length - 1;
    for (let i = (h ^ (h >>> 15)) & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i];
      if (s === h) return h !== 0;
      if (s === 0) return false;
    }
  }

  values(): number[] {
    return [...this.slots].filter((s) => s !== 0);
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (const s of old) if (s !== 0) this.add(s);
  }
}
