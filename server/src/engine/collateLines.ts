// The lines the collator holds, as records in typed arrays rather than objects: a record is a
// line's bytes [start, end) (terminator included), where they are (the caller's current input
// buffer, or the arena), its line number, and the next record of the list it is on. Lists
// (a transaction, an smtpd session log, an smtp pre-delivery buffer) are singly linked through
// `next`; a line on two lists has two records. Record 0 is never handed out: 0 ends a list (and
// stands for "no list"), so that arrays of list heads start out as zeros, with nothing to fill. Freed records are reused, so the steady state
// allocates nothing and the garbage collector has nothing to trace.
//
// Records point into the caller's buffer while it is valid; `retire()` copies the bytes of the
// lines still pending into the arena before the caller reuses the buffer. Memory therefore stays
// bounded by what collate.pl itself holds (plus the arena's slack, at most as much again).
import { Bytes } from './bytes';

/** Where a record's bytes are. */
export const FREE = 0;
export const INPUT = 1;
export const ARENA = 2;

const EMPTY = new Uint8Array(0);

/** Records held before the growth is compared with the lines read (about 140 MB of them). */
const MAX_RECORDS = 1 << 22;
const RECORDS_PER_LINE = 8;

/** The collation of this input would hold (and print) far more lines than it has: refused. */
export class CollateLimit extends Error {
  constructor(readonly lines: number) {
    super(`collate.pl's output for this log would repeat the lines of an smtpd session (one process, no \`disconnect from\`) in each of its transactions, growing with their square (more than ${RECORDS_PER_LINE} lines held for each of the first ${lines + 1} read); refused`);
  }
}

export class LineRecords {
  start: Int32Array<ArrayBuffer> = new Int32Array(16);
  end: Int32Array<ArrayBuffer> = new Int32Array(16);
  next: Int32Array<ArrayBuffer> = new Int32Array(16);
  /** Line numbers in feed order (doubles: a count of lines may exceed 2^31). */
  line = new Float64Array(16);
  space = new Uint8Array(16);
  /** The caller's current buffer: INPUT records point into it. */
  input: Bytes = EMPTY;
  /** The bytes of lines that outlived their input buffer: ARENA records point into it. */
  arena: Bytes = EMPTY;
  private arenaUsed = 0;
  /** Bytes of the arena still referenced; the rest is reclaimed when the arena is rebuilt. */
  private arenaLive = 0;
  private freeHead = 0;
  /** Records [1, used) have been handed out at least once. */
  private used = 1;
  /** The highest line number seen. */
  private lastLine = 0;

  /** A new record for the input line [start, end), on no list yet. */
  add(start: number, end: number, line: number): number {
    let r = this.freeHead;
    if (r !== 0) this.freeHead = this.next[r];
    else {
      if (this.used === this.start.length) this.grow();
      r = this.used++;
    }
    this.start[r] = start;
    this.end[r] = end;
    this.line[r] = line;
    if (line > this.lastLine) this.lastLine = line;
    this.space[r] = INPUT;
    this.next[r] = 0;
    return r;
  }

  /** A second record of the line of record `r`, for a second list. */
  duplicate(r: number): number {
    const start = this.start[r];
    const end = this.end[r];
    const d = this.add(start, end, this.line[r]);
    const space = this.space[r];
    this.space[d] = space;
    // Counted on every call (0 for an input line): a branch that only later lines take would
    // have no type feedback when the JIT compiles this, and would throw the compiled code away.
    this.arenaLive += space === ARENA ? end - start : 0;
    return d;
  }

  /** A copy of the list from `head`, records duplicated; returns the copy's head (its tail is `lastCopied`). */
  duplicateList(head: number): number {
    let first = 0;
    let prev = 0;
    for (let r = head; r !== 0; r = this.next[r]) {
      const d = this.duplicate(r);
      if (prev === 0) first = d;
      else this.next[prev] = d;
      prev = d;
    }
    this.lastCopied = prev;
    return first;
  }

  /** The tail of the list `duplicateList` last made. */
  lastCopied = 0;

  /** Frees every record of the list from `head`. */
  freeList(head: number): void {
    let r = head;
    while (r !== 0) {
      const next = this.next[r];
      if (this.space[r] === ARENA) this.arenaLive -= this.end[r] - this.start[r];
      this.space[r] = FREE;
      this.next[r] = this.freeHead;
      this.freeHead = r;
      r = next;
    }
  }

  /** The buffer record `r`'s bytes are in. */
  bytesOf(r: number): Bytes {
    return this.space[r] === ARENA ? this.arena : this.input;
  }

  /**
   * Copies the lines still pending in the input buffer to the arena, so that the caller may
   * reuse or drop it. When the arena has no room, it is rebuilt with only its live lines.
   */
  retire(): void {
    const { start, end, space } = this;
    let need = 0;
    for (let r = 0; r < this.used; r++) if (space[r] === INPUT) need += end[r] - start[r];
    if (need === 0) return;
    if (this.arenaUsed + need > this.arena.length) this.rebuildArena(need);
    const input = this.input;
    const arena = this.arena;
    let off = this.arenaUsed;
    for (let r = 0; r < this.used; r++) {
      if (space[r] !== INPUT) continue;
      const s = start[r];
      const e = end[r];
      arena.set(input.subarray(s, e), off);
      start[r] = off;
      off += e - s;
      end[r] = off;
      space[r] = ARENA;
    }
    this.arenaUsed = off;
    this.arenaLive += need;
  }

  /** A new arena holding the live lines, with room for `need` more bytes (and as many again). */
  private rebuildArena(need: number): void {
    const { start, end, space } = this;
    const old = this.arena;
    const arena = new Uint8Array(Math.max(1 << 16, 2 * (this.arenaLive + need)));
    let off = 0;
    for (let r = 0; r < this.used; r++) {
      if (space[r] !== ARENA) continue;
      const s = start[r];
      const e = end[r];
      arena.set(old.subarray(s, e), off);
      start[r] = off;
      off += e - s;
      end[r] = off;
    }
    this.arena = arena;
    this.arenaUsed = off;
    this.arenaLive = off;
  }

  private grow(): void {
    const n = this.start.length * 2;
    // collate.pl repeats an smtpd session's lines in each of its transactions: a session with
    // thousands of them and no `disconnect from` makes its output grow with their square. Past a
    // few million records and far more than the lines read, that is what is happening: refuse.
    if (n > MAX_RECORDS && n > RECORDS_PER_LINE * this.lastLine) throw new CollateLimit(this.lastLine);
    
    this.start = grownInt(this.start, n);
    this.end = grownInt(this.end, n);
    this.next = grownInt(this.next, n);
    const line = new Float64Array(n);
    line.set(this.line);
    this.line = line;
    const space = new Uint8Array(n);
    space.set(this.space);
    this.space = space;
  }
}

function grownInt(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const g = new Int32Array(n);
  g.set(a);
  return g;
}
