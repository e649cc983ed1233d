// Logs on disk, indexed: one stream pass per file (plain, gzip, each tar member) into a
// StreamIndex, and its lines read back by number afterwards: from a plain file by offset, from a
// compressed one by streaming it again up to the last line wanted.
import * as fs from 'node:fs';
import { StreamIndex } from '../engine/index/streamIndex';
import { readError } from '../io/errors';
import { isPlainStart, lineBlocks, LONG_LINE, readLog, ReadOptions } from '../io/read';
import { indexPlainFile } from './indexParts';
import { indexRangeInTurns } from './indexRange';
import { l10n } from '../engine/l10n';

/** One indexed log: a file, or one member of an archive. */
export interface IndexedLog {
  /** The file on disk. */
  path: string;
  /** The archive member ('' for a file). */
  member: string;
  /** How the log is named to users: the path, or `path:member`. */
  label: string;
  index: StreamIndex;
  /** Whether its lines can be read back by offset (a plain file) or only by reading it again. */
  seekable: boolean;
  mtimeMs: number;
  size: number;
}

/** The first `n` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, n = 512): Promise<Buffer> {
  const fd = await fs.promises.open(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const { bytesRead } = await fd.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

/** Whether a regular file is plain text (neither gzip nor tar): it can then be read in parts and by offset. */
export async function isPlain(path: string): Promise<boolean> {
  return isPlainStart(await readHead(path));
}

/** Indexes every log in `path` (one for a file, one per member of an archive). */
export async function indexFile(path: string, options: ReadOptions = {}): Promise<IndexedLog[]> {
  const out: IndexedLog[] = [];
  const st = await statOf(path);
  if (st.isFile && (await isPlain(path).catch((e) => Promise.reject(readError(path, e))))) {
    if (/\.gz$/i.test(path)) options.notice?.(l10n.t('{0}: named .gz but not gzip-compressed: read as plain text', path));
    try {
      const index = await indexPlainFile(path, st.size);
      return [{ path, member: '', label: path, index, seekable: true, mtimeMs: st.mtimeMs, size: st.size }];
    } catch (e) {
      throw readError(path, e);
    }
  }
  // Compressed, an archive, a FIFO or standard input: streamed; its lines are read back by reading it again.
  let current: IndexedLog | undefined;
  for await (const block of lineBlocks(readLog(path, options))) {
    if (!current || current.member !== block.member) {
      current = { path, member: block.member, label: block.member ? `${path}:${block.member}` : path, index: new StreamIndex(), seekable: false, mtimeMs: st.mtimeMs, size: st.size };
      out.push(current);
    }
    current.index.push(block.buf, block.start, block.end, block.offset);
  }
  return out;
}

async function statOf(path: string): Promise<{ mtimeMs: number; size: number; isFile: boolean }> {
  if (path === '-') return { mtimeMs: Date.now(), size: 0, isFile: false };
  try {
    const st = await fs.promises.stat(path);
    return { mtimeMs: st.mtimeMs, size: st.size, isFile: st.isFile() };
  } catch (e) {
    throw readError(path, e);
  }
}

/** A line read back is cut here (the index saw only as much of it). */
const MAX_READ_BACK = LONG_LINE;

const decode = (b: Uint8Array, s: number, e: number) => {
  const end = e > s && b[e - 1] === 13 ? e - 1 : e;
  return Buffer.from(b.buffer, b.byteOffset + s, Math.min(end - s, MAX_READ_BACK)).toString('utf8');
};

/**
 * Lines `lines` (sorted) of a plain file, read from the index's marks: from the last mark before a
 * line (at most MARK_BYTES before it, or one long line), counting line ends up to it; lines near
 * each other share the reads.
 */
export function readLinesSync(log: IndexedLog, lines: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  if (!lines.length) return out;
  const ix = log.index;
  let fd = -1;
  try {
    fd = fs.openSync(log.path, 'r');
    const block = new FileBlocks(fd);
    let cur = -1; // the line that starts at `pos`
    let pos = 0;
    for (const n of lines) {
      if (n >= ix.lineCount) break;
      const mark = ix.markBefore(n);
      if (cur < 0 || mark.line > cur || cur > n) [cur, pos] = [mark.line, mark.offset];
      while (cur < n) {
        const nl = block.indexOfNewline(pos);
        if (nl < 0) break;
        pos = nl + 1;
        cur++;
      }
      if (cur !== n) break;
      const nl = block.indexOfNewline(pos, MAX_READ_BACK);
      const end = nl < 0 ? Math.min(ix.size, pos + MAX_READ_BACK) : nl;
      out.set(n, decode(block.bytes(pos, end), 0, end - pos));
    }
  } catch (e) {
    throw readError(log.label, e);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  return out;
}

/** A file read through one block buffer: where the next newline is, and byte ranges. */
class FileBlocks {
  private buf = Buffer.allocUnsafe(1 << 17);
  private start = 0;
  private end = 0;

  constructor(private readonly fd: number) {}

  private load(pos: number): boolean {
    this.start = pos;
    this.end = pos + fs.readSync(this.fd, this.buf, 0, this.buf.length, pos);
    return this.end > pos;
  }

  /** The offset of the first "\n" at or after `pos` (looking at most `limit` bytes on), or -1. */
  indexOfNewline(pos: number, limit = Infinity): number {
    for (let p = pos; p - pos < limit; ) {
      if (p < this.start || p >= this.end) {
        if (!this.load(p)) return -1;
      }
      const i = this.buf.indexOf(10, p - this.start);
      if (i >= 0 && i < this.end - this.start) return this.start + i;
      p = this.end;
    }
    return -1;
  }

  bytes(from: number, to: number): Buffer {
    if (from >= this.start && to <= this.end) return this.buf.subarray(from - this.start, to - this.start);
    const b = Buffer.allocUnsafe(to - from);
    const n = fs.readSync(this.fd, b, 0, b.length, from);
    return b.subarray(0, n);
  }
}

/** Lines `lines` (sorted line numbers) of an indexed log, as text without their terminators. */
export async function readLines(log: IndexedLog, lines: readonly number[], options: ReadOptions = {}): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (!lines.length) return out;
  if (log.seekable) return readLinesSync(log, lines);
  // Compressed or an archive member: read it again, up to the last line wanted.
  let k = 0;
  let n = 0;
  const last = lines[lines.length - 1];
  for await (const block of lineBlocks(readLog(log.path, { ...options, member: log.member || undefined }))) {
    let pos = block.start;
    const b = block.buf;
    while (pos < block.end && n <= last) {
      let nl = b.indexOf(10, pos);
      if (nl < 0 || nl >= block.end) nl = block.end;
      if (n === lines[k]) {
        out.set(n, decode(b, pos, nl));
        k++;
      }
      n++;
      pos = nl + 1;
    }
    if (n > last) break;
  }
  return out;
}

/**
 * A plain log that grew: its new lines are indexed and appended, when what was indexed is still
 * there (the byte before the old end is the newline the index ended on). False when the file was
 * replaced instead (rotated, rewritten): it must be indexed again.
 */
export async function extend(log: IndexedLog, size: number, mtimeMs: number): Promise<boolean> {
  const ix = log.index;
  if (ix.size > 0) {
    const fd = await fs.promises.open(log.path, 'r');
    try {
      const b = Buffer.alloc(1);
      await fd.read(b, 0, 1, ix.size - 1);
      if (b[0] !== 10) return false;
    } finally {
      await fd.close();
    }
  }
  ix.append(await indexRangeInTurns(log.path, ix.size, Infinity));
  log.size = size;
  log.mtimeMs = mtimeMs;
  return true;
}
