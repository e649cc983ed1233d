// Finds in blocks of whole lines the few that FailureLog reads (`status=deferred|bounced|expired`,
// `NOQUEUE: `, and `: removed` while a deferral is remembered) by searching the block for those
// needles, not line by line, and counts line ends only to number them. Only those lines become
// strings. The search is given (the CLI passes Buffer's native indexOf); the default is plain TS.
import { Bytes, ascii } from '../bytes';
import { FailureLog } from './failureLog';

/** Index of `needle` in b[from, end), or -1. */
export type Finder = (b: Bytes, needle: Bytes, from: number, end: number) => number;

const STATUS = ascii(' status=');
const NOQUEUE = ascii(': NOQUEUE: ');
const REMOVED = ascii(': removed');

/** The default finder: the first byte by the typed array's own search, then the rest. */
export const findBytes: Finder = (b, needle, from, end) => {
  const n = needle.length;
  const c0 = needle[0];
  for (let i = b.indexOf(c0, from); i >= 0 && i + n <= end; i = b.indexOf(c0, i + 1)) {
    let k = 1;
    while (k < n && b[i + k] === needle[k]) k++;
    if (k === n) return i;
  }
  return -1;
};

const decoder = new TextDecoder('utf-8');

export class FailureScan {
  /** Lines of the current file before the current block. */
  private lines = 0;

  constructor(
    private readonly log: FailureLog,
    private readonly find: Finder = findBytes,
  ) {}

  beginFile(file: number): void {
    this.log.beginFile(file);
    this.lines = 0;
  }

  /** Lines b[start, end): whole lines (only a file's last block may end without a line end). */
  push(b: Bytes, start: number, end: number): void {
    const find = (p: Bytes, from: number) => {
      const i = this.find(b, p, from, end);
      return i < 0 || i >= end ? Infinity : i;
    };
    let st = find(STATUS, start);
    let nq = find(NOQUEUE, start);
    // -1: not looked for yet (only while a deferral is remembered).
    let rm = this.log.waiting ? find(REMOVED, start) : -1;
    let counted = start;
    let after = start;
    let n = this.lines;
    for (;;) {
      if (rm < 0 && this.log.waiting) rm = find(REMOVED, after);
      const hit = Math.min(st, nq, rm < 0 ? Infinity : rm);
      if (hit === Infinity) break;
      const ls = b.lastIndexOf(10, hit) + 1;
      const lineStart = ls > start ? ls : start;
      let le = b.indexOf(10, hit);
      if (le < 0 || le > end) le = end;
      for (let nl = b.indexOf(10, counted); nl >= 0 && nl < lineStart; nl = b.indexOf(10, nl + 1)) n++;
      counted = lineStart;
      if (this.wanted(b, hit, le, hit === st)) {
        let e = le;
        if (e > lineStart && b[e - 1] === 13) e--;
        this.log.line(decoder.decode(b.subarray(lineStart, e)), n + 1);
      }
      const next = (after = le + 1);
      if (st < next) st = find(STATUS, next);
      if (nq < next) nq = find(NOQUEUE, next);
      if (rm >= 0 && rm < next) rm = this.log.waiting ? find(REMOVED, next) : -1;
    }
    for (let nl = b.indexOf(10, counted); nl >= 0 && nl < end; nl = b.indexOf(10, nl + 1)) n++;
    this.lines = n;
  }

  /** A status other than sent (`d`eferred, `b`ounced, `e`xpired), or any other needle. */
  private wanted(b: Bytes, hit: number, le: number, isStatus: boolean): boolean {
    if (!isStatus) return true;
    const c = hit + 8 < le ? b[hit + 8] : 0;
    return c === 100 || c === 98 || c === 101;
  }
}
