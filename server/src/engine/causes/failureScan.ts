// Finds in blocks of whole lines the few that FailureLog reads: `status=` (then `d`, `b` or `e`)
// and `NOQUEUE` are searched for in the whole block (the search is given: the CLI passes Buffer's
// native indexOf, fastest with needles that start with a rarer byte than a space), and the line
// ends are walked once to number the lines; at each line end a
// `: removed` is recognised in place while a deferral is remembered, its queue ID read from the
// bytes. Only the failure lines become strings.
import { Bytes, ascii, latin1 } from '../bytes';
import { FailureLog } from './failureLog';
import { failureMarkers } from '../formats/markers';

/** Index of `needle` in b[from, end), or -1. */
export type Finder = (b: Bytes, needle: Bytes, from: number, end: number) => number;

const STATUS = 0;
const NEEDLES = [failureMarkers.status, failureMarkers.noqueue].map((m) => ascii(m.text));
const REMOVED = ascii(failureMarkers.removed.text);

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

/** Whether b[e - 9, e) is `: removed`. */
function endsRemoved(b: Bytes, s: number, e: number): boolean {
  if (e - s < REMOVED.length + 2) return false;
  for (let k = 0, i = e - REMOVED.length; k < REMOVED.length; k++, i++) if (b[i] !== REMOVED[k]) return false;
  return true;
}

export class FailureScan {
  /** Lines of the current file before the current block. */
  private lines = 0;
  private readonly next = new Array<number>(NEEDLES.length);

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
    const next = this.next;
    const search = (k: number, from: number) => {
      const i = this.find(b, NEEDLES[k], from, end);
      next[k] = i < 0 || i >= end ? Infinity : i;
    };
    for (let k = 0; k < NEEDLES.length; k++) search(k, start);
    let hit = Math.min(...next);
    let n = this.lines;
    for (let pos = start; pos < end; ) {
      let nl = b.indexOf(10, pos);
      if (nl < 0 || nl >= end) nl = end;
      let e = nl > pos && b[nl - 1] === 13 ? nl - 1 : nl;
      let wanted = false;
      while (hit < nl) {
        // `status=` counts when a failure follows (deferred, bounced, expired), not `sent`.
        const c = b[next[STATUS] + 7];
        wanted ||= hit !== next[STATUS] || c === 100 || c === 98 || c === 101;
        for (let k = 0; k < NEEDLES.length; k++) if (next[k] === hit) search(k, wanted ? nl : hit + 1);
        hit = Math.min(...next);
      }
      if (wanted) this.log.line(decoder.decode(b.subarray(pos, e)), n + 1);
      else if (this.log.waiting && endsRemoved(b, pos, e)) {
        // `... QUEUEID: removed`: the queue ID is the word before it.
        e -= REMOVED.length;
        let q = e;
        while (q > pos && b[q - 1] !== 32) q--;
        this.log.removed(latin1(b, q, e));
      }
      if (nl < end) n++;
      pos = nl + 1;
    }
    this.lines = n;
  }
}
