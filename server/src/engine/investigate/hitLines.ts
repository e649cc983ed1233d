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
  for (let s = start; s < end; n++) {
    let nl = b.indexOf(10, s);
    if (nl < 0 || nl >= end) nl = end;
    const e = nl > s && b[nl - 1] === 13 ? nl - 1 : nl;
    clock?.nextBytes(b, s, e);
    visit?.(s, e, n);
    s = nl + 1;
  }
  clock?.flushBytes();
  return n;
}

/** The lines of blocks that hold any of `needles` (each block searched once per needle). */
export class HitLines {
  private readonly at: number[];

  constructor(
    private readonly needles: readonly Uint8Array[],
    private readonly find: FindBytes,
  ) {
    this.at = needles.map(() => -1);
  }

  /** Like `eachLine`, but only the lines that hold a needle are visited. */
  block(b: Uint8Array, start: number, end: number, n: number, clock: EventClock | undefined, visit: LineVisit): number {
    const at = this.at;
    let first = Infinity;
    for (let k = 0; k < at.length; k++) {
      const p = this.find(b, this.needles[k], start);
      at[k] = p < 0 || p >= end ? Infinity : p;
      if (at[k] < first) first = at[k];
    }
    // Without a clock, the lines before the first hit are only counted.
    if (!clock) {
      if (first === Infinity) return n + countLines(b, start, end);
      if (first > start) {
        const s = b.lastIndexOf(10, first - 1) + 1;
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
      let hit = false;
      for (let k = 0; k < at.length; k++) {
        let p = at[k];
        if (p < s) {
          p = this.find(b, this.needles[k], s);
          at[k] = p = p < 0 || p >= end ? Infinity : p;
        }
        if (p < nl) hit = true;
      }
      if (hit) visit(s, e, n);
      s = nl + 1;
    }
    clock?.flushBytes();
    return n;
  }
}

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

/** Lower-case, upper-case and capitalised spellings of an ASCII needle (the prefilter of a case-insensitive search). */
export function caseVariants(s: string): string[] {
  return [...new Set([s.toLowerCase(), s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()])];
}
