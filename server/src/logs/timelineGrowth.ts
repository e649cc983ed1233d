// A timeline that follows growing logs (the language server's timeline view): for each file, where
// it was read to (bytes and lines), its timeline, and its first bytes. When a file only grew, its
// new whole lines are read and fed to the same scan after the ones it had (TimelineScan.resume),
// so that the counts go on; a file that shrank, whose first bytes changed (replaced, rotated) or
// that is not plain text (gzip, an archive) is read again from the start, with all the others.
import * as fs from 'node:fs';
import { isPlainStart } from '../io/read';
import { readHead } from './indexFile';
import type { TimelineScan } from '../engine/timeline/scan';

/** Bytes compared to tell a file that grew from one that was replaced (and to tell plain text). */
const HEAD = 512;
/** The appended bytes are read in blocks of this size. */
const BLOCK = 4 << 20;

export interface ReadState {
  /** Its timeline's number (in the scan's order). */
  timeline: number;
  /** Bytes read, up to the end of its last whole line, and its lines. */
  bytes: number;
  /** Its size on disk when it was read (compressed: not `bytes`). */
  size: number;
  lines: number;
  /** Plain text, read to a line end: it can be extended. */
  extendable: boolean;
  head: Buffer;
}

/** The state of a file just read whole: `bytes` and `lines` fed, `endsLine` when its last byte was a line end. */
export async function readState(file: string, timeline: number, bytes: number, lines: number, endsLine: boolean): Promise<ReadState> {
  const head = await readHead(file, HEAD).catch(() => Buffer.alloc(0));
  const size = await fs.promises.stat(file).then((s) => s.size, () => -1);
  // Bytes read but the file's size: decompressed, or grown while it was read.
  return { timeline, bytes, size, lines, extendable: endsLine && size === bytes && isPlainStart(head), head };
}

/**
 * Feeds the lines appended to `files` since `read` to `scan` (and moves `read` on): the bytes read,
 * or -1 when some file must be read again from the start (then `scan` and `read` are as they were,
 * unless an error is thrown).
 */
export async function extendFiles(files: readonly string[], scan: TimelineScan, read: ReadState[]): Promise<number> {
  const sizes: number[] = [];
  for (const [i, f] of files.entries()) {
    const st = read[i];
    const size = (await fs.promises.stat(f)).size;
    const head = await readHead(f, HEAD);
    const same = head.subarray(0, st.head.length).equals(st.head);
    if (size < st.size || !same || (size !== st.size && !st.extendable)) return -1;
    sizes.push(size);
  }
  let total = 0;
  for (const [i, f] of files.entries()) {
    if (sizes[i] > read[i].bytes) total += await extendFile(f, i, sizes[i], scan, read[i]);
  }
  return total;
}

/** Feeds the whole lines of bytes [st.bytes, size) of file number `file` (a line still being written waits). */
async function extendFile(name: string, file: number, size: number, scan: TimelineScan, st: ReadState): Promise<number> {
  scan.resume(st.timeline, file, st.lines);
  const fd = await fs.promises.open(name, 'r');
  const buf = Buffer.allocUnsafe(BLOCK);
  let carry = 0;
  let pos = st.bytes;
  let fed = 0;
  try {
    while (pos < size) {
      if (carry === buf.length) break; // a line longer than a block: read again later
      const { bytesRead } = await fd.read(buf, carry, Math.min(buf.length - carry, size - pos), pos);
      if (!bytesRead) break;
      pos += bytesRead;
      const len = carry + bytesRead;
      const end = buf.lastIndexOf(10, len - 1) + 1;
      if (end) scan.pushLines(buf, 0, end);
      fed += end;
      buf.copy(buf, 0, end, len);
      carry = len - end;
    }
  } finally {
    await fd.close();
  }
  st.bytes += fed;
  st.size = st.bytes;
  st.lines = scan.fileLines;
  return fed;
}
