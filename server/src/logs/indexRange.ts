// Indexing one byte range of a plain file: the lines that start in [from, to). Run in a worker
// thread for each part of a large file (logs/indexParts.ts), or in this thread in steps of
// STEP_BYTES, the event loop turning between two (the language server answers meanwhile).
import * as fs from 'node:fs';
import { StreamIndex } from '../engine/index/streamIndex';
import { runSteps, STEP_BYTES, Steps } from '../engine/steps';
import { LONG_LINE } from '../io/read';
import { inTurns, pace } from '../io/pace';

const CHUNK = 4 << 20;

/** The index of lines [from, to) at once (in a worker thread). */
export function indexRange(path: string, from: number, to: number): StreamIndex {
  return runSteps(indexRangeSteps(path, from, to, CHUNK));
}

/** The same in this thread, a step of STEP_BYTES at a time. */
export function indexRangeInTurns(path: string, from: number, to: number): Promise<StreamIndex> {
  return inTurns(indexRangeSteps(path, from, to, STEP_BYTES, true));
}

/** The index of lines [from, to), reading `chunk` bytes a step (and counting them in `pace` when `paced`). */
function* indexRangeSteps(path: string, from: number, to: number, chunk: number, paced = false): Steps<StreamIndex> {
  const ix = new StreamIndex();
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunk + LONG_LINE);
    let pos = from;
    // A part starts at the first line that starts in it.
    if (from > 0) {
      const one = Buffer.alloc(1);
      fs.readSync(fd, one, 0, 1, from - 1);
      if (one[0] !== 10) {
        for (;;) {
          const n = fs.readSync(fd, buf, 0, 1 << 16, pos);
          if (n === 0) return ix;
          const nl = buf.subarray(0, n).indexOf(10);
          if (nl >= 0) {
            pos += nl + 1;
            break;
          }
          pos += n;
        }
      }
    }
    let carry = 0; // a partial line at buf[0, carry), which starts at pos - carry
    while (pos - carry < to) {
      if (pos > from) yield;
      const n = fs.readSync(fd, buf, carry, chunk, pos);
      if (paced) pace.bytes += n;
      const end = carry + n;
      const start = pos - carry;
      if (n === 0) {
        if (carry) ix.push(buf, 0, carry, start);
        break;
      }
      pos += n;
      const last = buf.lastIndexOf(10, end - 1);
      if (last < 0) {
        carry = end;
        if (end >= LONG_LINE) {
          // A line longer than LONG_LINE: its first bytes stand for it; the rest is skipped.
          ix.push(buf, 0, LONG_LINE, start);
          pos = skipLine(fd, buf, pos);
          carry = 0;
        }
        continue;
      }
      const stop = to - start; // lines that start at buf[stop] or later belong to the next part
      if (stop <= last + 1) {
        const nl = buf.indexOf(10, stop - 1);
        ix.push(buf, 0, nl + 1, start);
        break;
      }
      ix.push(buf, 0, last + 1, start);
      buf.copy(buf, 0, last + 1, end);
      carry = end - last - 1;
    }
  } finally {
    fs.closeSync(fd);
  }
  return ix;
}

/** The position after the end of the line that goes on at `pos`. */
function skipLine(fd: number, buf: Buffer, pos: number): number {
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) return pos;
    const nl = buf.subarray(0, n).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += n;
  }
}
