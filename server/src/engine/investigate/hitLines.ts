// The byte prefilter of the streaming investigations (activity, mailbox changes, failed logins,
// restarts): a log is read as blocks of bytes; every line is counted and shown to the year model
// (eventClock.ts, which decodes a line only when its month bytes change), and only the lines that
// hold one of a few fixed byte strings are decoded and handed on. A block is searched for each
// string by `find` (the caller's: Node's Buffer.indexOf), so that the lines without one cost a
// newline search and a few comparisons. Pure: bytes in, calls out.
import type { EventClock } from './eventClock';

/** Where `needle` first occurs in `b` at or after `from`, or -1 (Buffer.prototype.indexOf). */
export type FindBytes = (b: Uint8Array, needle: Uint8Array, from: number) => number;

/** A line of a block: bytes [s, e) without its line end, numbered `n` in its file. */
export type LineVisit = (s: number, e: number, n: number) => void;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Whether the line at `p` starts a log4j entry (`2026-10-13 10:16:40,564 ...`). */
export function isLog4jHeadAt(b: Uint8Array, p: number, end: number): boolean {
  return p + 20 <= end && isDigit(b[p]) && b[p + 4] === 45 && b[p + 10] === 32 && b[p + 19] === 44;
}

/** Whether the line at `p` starts an entry of any log (log4j, BSD or RFC 3339 syslog), not a continuation line. */
export function startsEntryAt(b: Uint8Array, p: number, end: number): boolean {
  if (p + 16 > end) return false;
  if (isLog4jHeadAt(b, p, end)) return true;
  const c = b[p];
  if (c >= 65 && c <= 90) {
    // `Oct 13 10:16:40` / `Oct  3 ...`
    return b[p + 1] >= 97 && b[p + 1] <= 122 && b[p + 2] >= 97 && b[p + 2] <= 122 && b[p + 3] === 32 && (b[p + 4] === 32 || isDigit(b[p + 4])) && isDigit(b[p + 5]) && b[p + 6] === 32 && isDigit(b[p + 7]) && isDigit(b[p + 8]) && b[p + 9] === 58;
  }
  // `2026-10-13T...`
  return isDigit(c) && isDigit(b[p + 3]) && b[p + 4] === 45 && isDigit(b[p + 5]) && b[p + 7] === 45 && isDigit(b[p + 8]) && b[p + 10] === 84;
}

/** Where the line after the one at `p` starts (or `end`). */
export function nextLine(b: Uint8Array, p: number, end: number): number {
  const nl = b.indexOf(10, p);
  return nl < 0 || nl >= end ? end : nl + 1;
}

/**
 * Every line of bytes [start, end) of `b` (whole lines; an input's last may lack its newline),
 * the first numbered `n`: shown to `clock` when given, then to `visit`. Returns the next line's number.
 */
export function eachLine(b: Uint8Array, start: number, end: number, n: number, clock: EventClock | undefined, visit?: LineVisit): number {
  n = walkLines(b, start, end, n, clock, visit);
  clock?.flushBytes();
  return n;
}

/**
 * eachLine without the clock's flushBytes after the lines: what the byte prefilter walks between
 * two hits (LineScan.walk does the same in WebAssembly, without `visit`).
 */
export function walkLines(b: Uint8Array, start: number, end: number, n: number, clock: EventClock | undefined, visit?: LineVisit): number {
  for (let s = start; s < end; n++) {
    let nl = b.indexOf(10, s);
    if (nl < 0 || nl >= end) nl = end;
    const e = nl > s && b[nl - 1] === 13 ? nl - 1 : nl;
    clock?.nextBytes(b, s, e);
    visit?.(s, e, n);
    s = nl + 1;
  }
  return n;
}

/** walkLines, or a faster loop of the same effect (LineScan.walk). */
export type LineWalk = (b: Uint8Array, start: number, end: number, n: number, clock: EventClock) => number;

/** Bytes of a block sampled to choose each needle's anchor byte. */
const SAMPLE = 256 << 10;
/** An anchor byte more frequent than one in this many bytes is not worth a search of its own. */
const MAX_ANCHOR_FREQUENCY = 1 / 512;
/** Needles at least this long, several of them, are found together (Wu-Manber). */
const MIN_SHARED = 8;

/**
 * Several needles found in one forward pass (Wu-Manber with blocks of two bytes): a window of the
 * shortest needle's length moves by what its last two bytes allow, and only a window that ends
 * like some needle's start is compared. For long needles a byte is read about once per window.
 */
class SharedSearch {
  private readonly m: number;
  private readonly shift = new Uint8Array(65536);

  constructor(private readonly needles: readonly Uint8Array[]) {
    const m = (this.m = Math.min(255, ...needles.map((n) => n.length)));
    this.shift.fill(m - 1);
    for (const nd of needles) for (let j = 1; j < m; j++) this.shift[(nd[j - 1] << 8) | nd[j]] = Math.min(this.shift[(nd[j - 1] << 8) | nd[j]], m - 1 - j);
  }

  /** Where the first needle occurs in b[from, end), or Infinity. */
  find(b: Uint8Array, from: number, end: number): number {
    const { m, shift, needles } = this;
    for (let i = from + m - 1; i < end; ) {
      const sh = shift[(b[i - 1] << 8) | b[i]];
      if (sh > 0) {
        i += sh;
        continue;
      }
      const s = i - m + 1;
      for (const nd of needles) {
        if (s + nd.length > end) continue;
        let j = 0;
        while (j < nd.length && b[s + j] === nd[j]) j++;
        if (j === nd.length) return s;
      }
      i++;
    }
    return Infinity;
  }
}

/** Each byte with ASCII letters in lower case. */
const LOWER = new Uint8Array(256).map((_, c) => (c >= 65 && c <= 90 ? c + 32 : c));
const isLower = (c: number) => c >= 97 && c <= 122;

/** Where byte `c` first occurs in b[from, end), or Infinity. */
function byteAt(b: Uint8Array, c: number, from: number, end: number): number {
  const p = b.indexOf(c, from);
  return p < 0 || p >= end ? Infinity : p;
}

/**
 * The lines of blocks that hold any of `needles`. Several long needles are found together
 * (SharedSearch); otherwise each needle from its rarest byte in the file's first block (a
 * single-byte search, memchr, is several times faster than a search for the whole needle),
 * verified where it occurs, and a needle of common bytes only by `find`.
 *
 * With `foldCase`, ASCII letters match in either case (`BoB@Example.com` for bob@example.com):
 * the needles are lowered, a letter chosen as anchor is searched in both cases (two forward
 * searches, merged), and a candidate is compared with the block's letters lowered.
 */
export class HitLines {
  private readonly needles: readonly Uint8Array[];
  private readonly at: number[];
  /** Per needle: the offset of its anchor byte, -1 before a block was sampled, -2 for `find`. */
  private readonly anchor: number[];
  /** Per needle, with `foldCase`: the next place of its anchor letter in lower case and in upper case (-1: not searched yet in this block). */
  private readonly lowerAt: number[];
  private readonly upperAt: number[];
  private readonly shared?: SharedSearch;

  constructor(
    needles: readonly Uint8Array[],
    private readonly find: FindBytes,
    private readonly foldCase = false,
  ) {
    this.needles = foldCase ? needles.map((n) => n.map((c) => LOWER[c])) : needles;
    this.at = needles.map(() => -1);
    this.anchor = needles.map(() => -1);
    this.lowerAt = needles.map(() => -1);
    this.upperAt = needles.map(() => -1);
    if (!foldCase && needles.length > 1 && needles.every((n) => n.length >= MIN_SHARED)) this.shared = new SharedSearch(needles);
  }

  /** The next file may be of another kind: its first block chooses the anchors again. */
  beginFile(): void {
    this.anchor.fill(-1);
  }

  /** Chooses each needle's anchor byte from the counts of bytes (a letter's in both cases, with foldCase) in the start of a block. */
  private sample(b: Uint8Array, start: number, end: number): void {
    const counts = new Uint32Array(256);
    const e = Math.min(end, start + SAMPLE);
    for (let i = start; i < e; i++) counts[b[i]]++;
    if (this.foldCase) for (let c = 97; c <= 122; c++) counts[c] += counts[c - 32];
    this.needles.forEach((nd, k) => {
      let best = 0;
      for (let j = 1; j < nd.length; j++) if (counts[nd[j]] < counts[nd[best]]) best = j;
      // `find` knows no case: a needle with letters is searched by its anchor when folding.
      const common = counts[nd[best]] > (e - start) * MAX_ANCHOR_FREQUENCY && !(this.foldCase && nd.some(isLower));
      this.anchor[k] = common ? -2 : best;
    });
  }

  /** Where needle `k` first occurs in b[from, end), or Infinity. */
  private next(b: Uint8Array, k: number, from: number, end: number): number {
    const nd = this.needles[k];
    const off = this.anchor[k];
    if (off === -2) {
      const p = this.find(b, nd, from);
      return p < 0 || p >= end ? Infinity : p;
    }
    const c = nd[off];
    const fold = this.foldCase && isLower(c);
    for (let x = from + off; ; ) {
      // The anchor's next place at or after x (each case's search resumes where it stopped: linear).
      if (this.lowerAt[k] < x) this.lowerAt[k] = byteAt(b, c, x, end);
      if (fold && this.upperAt[k] < x) this.upperAt[k] = byteAt(b, c - 32, x, end);
      const p = fold ? Math.min(this.lowerAt[k], this.upperAt[k]) : this.lowerAt[k];
      const s = p - off;
      if (s + nd.length > end) return Infinity;
      let j = 0;
      if (this.foldCase) while (j < nd.length && LOWER[b[s + j]] === nd[j]) j++;
      else while (j < nd.length && b[s + j] === nd[j]) j++;
      if (j === nd.length) return s;
      x = p + 1;
    }
  }

  /** A new block, b[start, end): where the first needle occurs in it, or Infinity. */
  begin(b: Uint8Array, start: number, end: number): number {
    return this.reset(b.subarray(0, end), start, end);
  }

  /** begin() on `b` already cut at the block's end: the searches stop there (not at the buffer's end: a block may be a step of a larger one). */
  private reset(b: Uint8Array, start: number, end: number): number {
    if (this.anchor[0] === -1) this.sample(b, start, end);
    this.at.fill(-1);
    this.lowerAt.fill(-1);
    this.upperAt.fill(-1);
    return this.first(b, start, end);
  }

  /** Where the first needle occurs in b[from, end) of the block begun (`from` only moving forward), or Infinity. */
  first(b: Uint8Array, from: number, end: number): number {
    if (this.shared) return this.shared.find(b, from, end);
    let first = Infinity;
    for (let k = 0; k < this.at.length; k++) {
      if (this.at[k] < from) this.at[k] = this.next(b, k, from, end);
      if (this.at[k] < first) first = this.at[k];
    }
    return first;
  }

  /**
   * Like `eachLine`, but only the lines that hold a needle are visited. With `walk`, the lines
   * between two hits go to it (a loop in WebAssembly), not through the loop here.
   */
  block(b: Uint8Array, start: number, end: number, n: number, clock: EventClock | undefined, visit: LineVisit, walk?: LineWalk): number {
    b = b.subarray(0, end); // the searches stop at the block's end (see reset)
    let hit = this.reset(b, start, end);
    if (clock && walk) return this.walked(b, start, end, n, clock, visit, walk, hit);
    // Without a clock, the lines before the first hit are only counted.
    if (!clock) {
      if (hit === Infinity) return n + countLines(b, start, end);
      if (hit > start) {
        const s = b.lastIndexOf(10, hit - 1) + 1;
        if (s > start) {
          n += countLines(b, start, s);
          start = s;
        }
      }
    }
    for (let s = start; s < end; n++) {
      let nl = b.indexOf(10, s);
      if (nl < 0 || nl >= end) nl = end;
      const e = nl > s && b[nl - 1] === 13 ? nl - 1 : nl;
      clock?.nextBytes(b, s, e);
      if (hit < s) hit = this.first(b, s, end);
      if (hit < nl) visit(s, e, n);
      s = nl + 1;
    }
    clock?.flushBytes();
    return n;
  }

  /** block() with `walk`: from hit to hit, the lines between walked; `hit`: the block's first. */
  private walked(b: Uint8Array, start: number, end: number, n: number, clock: EventClock, visit: LineVisit, walk: LineWalk, hit: number): number {
    let s = start;
    while (hit < end) {
      const line = hit > s ? Math.max(s, b.lastIndexOf(10, hit - 1) + 1) : s;
      n = walk(b, s, line, n, clock);
      let nl = b.indexOf(10, line);
      if (nl < 0 || nl >= end) nl = end;
      const e = nl > line && b[nl - 1] === 13 ? nl - 1 : nl;
      clock.nextBytes(b, line, e);
      visit(line, e, n++);
      s = nl + 1;
      if (s >= end) break;
      hit = this.first(b, s, end);
    }
    if (s < end) n = walk(b, s, end, n, clock);
    clock.flushBytes();
    return n;
  }
}

/** A FindBytes in plain script (where Node's Buffer is not at hand: tests, small inputs). */
export const findBytes: FindBytes = (b, needle, from) => {
  const n = needle.length;
  for (let p = b.indexOf(needle[0], from); p >= 0 && p + n <= b.length; p = b.indexOf(needle[0], p + 1)) {
    let j = 1;
    while (j < n && b[p + j] === needle[j]) j++;
    if (j === n) return p;
  }
  return -1;
};

/** Lines in bytes [start, end): newlines, plus a last line without one. */
function countLines(b: Uint8Array, start: number, end: number): number {
  let c = 0;
  let p = start;
  for (let nl = b.indexOf(10, p); nl >= 0 && nl < end; nl = b.indexOf(10, p)) {
    c++;
    p = nl + 1;
  }
  return c + (p < end ? 1 : 0);
}

/**
 * The needles of a case-insensitive search for `s` with HitLines' `foldCase` (which folds ASCII
 * letters only): `s` in lower case, and its upper-case and capitalised spellings where they differ
 * beyond ASCII (`josÉ` for josé).
 */
export function caselessNeedles(s: string): string[] {
  const asciiLower = (v: string) => v.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  return [...new Set([s.toLowerCase(), s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()].map(asciiLower))];
}
