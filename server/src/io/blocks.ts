// Reading a log as blocks of whole lines into a caller's buffer, for the one-pass readers (the
// CLI's subcommands, the investigations of disk/investigateScan.ts): a plain file straight from
// the file, double-buffered; standard input ("-"), gzip and tar archives (by content, read.ts) as
// a stream. Bytes go through unchanged (valid UTF-8 or not). Every failure is a LogReadError
// naming the file.
import * as fs from 'node:fs';
import { LogReadError, readError } from './errors';
import { isPlainStart, readLog } from './read';
import { l10n } from '../engine/l10n';

const FIRST_BLOCK = 64 << 10;
/** A "line" longer than this is not a log line: refuse it instead of exhausting memory. */
export const MAX_LINE = 64 * 1024 * 1024;

/**
 * The raw (decompressed) bytes of one input: a path, or "-" for standard input; gzip and tar by
 * content (read.ts). An archive's members come one after the other, as files given in turn.
 */
async function* inputChunks(name: string, options: BlockOptions): AsyncGenerator<Buffer> {
  let member: string | undefined;
  let lastByte = 10;
  try {
    for await (const c of readLog(name, { notice: options.notice })) {
      // A member that does not end with a newline does not run into the next one.
      if (member !== undefined && c.member !== member && lastByte !== 10) yield Buffer.from('\n');
      member = c.member;
      if (c.bytes.length) lastByte = c.bytes[c.bytes.length - 1];
      yield Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.length);
    }
  } catch (e) {
    throw readError(name === '-' ? l10n.t('standard input') : name, e);
  }
}

export interface BlockOptions {
  /** Something the reader noticed but read through (a `.gz` name on plain text). */
  notice?: (message: string) => void;
  /**
   * Read a plain file in this thread, each block as it is asked for (not ahead, on libuv's thread
   * pool): for a worker thread that scans each block it reads, and then finds its bytes in its
   * core's cache (measured: faster for redact).
   */
  inThread?: boolean;
}

/** Where `areaBlocks` reads: bytes [start, start + size) of `buf` (the rest of `buf` is someone else's). */
export interface BlockArea {
  readonly buf: Buffer;
  readonly start: number;
  readonly size: number;
  /** Parts the area is read into in turn (2 unless said). */
  readonly parts?: number;
  /** Called before a part is read into again (and before the first read): settles once the blocks handed out from it are no longer used. */
  readonly reuse?: (part: number) => Promise<void>;
}

/** Whole lines: bytes [start, end) of `buf`; only an input's last block may end without "\n". */
export interface Block {
  buf: Buffer;
  start: number;
  end: number;
}

/** Reads at most `max` bytes to `into` at `at`; 0 at the end of the input. */
type Reader = (into: Buffer, at: number, max: number) => PromiseLike<number>;

function chunkReader(chunks: AsyncIterator<Buffer>): Reader {
  let chunk: Buffer | undefined;
  let off = 0;
  return async (into, at, max) => {
    while (!chunk || off === chunk.length) {
      const next = await chunks.next();
      if (next.done) return 0;
      chunk = next.value;
      off = 0;
    }
    const n = Math.min(max, chunk.length - off);
    chunk.copy(into, at, off, off + n);
    off += n;
    return n;
  };
}

/**
 * A plain file read in this thread when the read is awaited (`inThread`): the bytes arrive in
 * this core's cache just before they are used.
 */
function inThreadReader(fd: number): Reader {
  let pos = 0;
  return (into, at, max) => ({
    then: (ok, fail) =>
      new Promise<number>((resolve) => {
        const n = fs.readSync(fd, into, at, max, pos);
        pos += n;
        resolve(n);
      }).then(ok, fail),
  });
}

/** A plain file read on libuv's thread pool: the next block is read while this thread works on the last. */
function fileReader(fd: number): Reader {
  let pos = 0;
  return (into, at, max) =>
    new Promise((resolve, reject) =>
      fs.read(fd, into, at, max, pos, (err, n) => {
        if (err) return reject(err);
        pos += n;
        resolve(n);
      }),
    );
}

/**
 * The blocks of one input (see `Block`), read into `area` (a plain file straight from the file,
 * without an intermediate buffer). A block is valid until the next one is asked for. A line
 * longer than half the area comes in a buffer of its own.
 */
export async function* areaBlocks(name: string, area: BlockArea, options: BlockOptions = {}): AsyncGenerator<Block> {
  const label = name === '-' ? l10n.t('standard input') : name;
  let fd = -1;
  try {
    if (name !== '-') {
      fd = fs.openSync(name, 'r');
      const st = fs.fstatSync(fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      // A plain regular file is read straight into the area; anything else (gzip, an archive, a
      // FIFO) through the one reader, as a stream.
      if (st.isFile()) {
        const head = Buffer.alloc(512);
        const n = fs.readSync(fd, head, 0, 512, 0);
        if (isPlainStart(head.subarray(0, n))) {
          if (/\.gz$/i.test(name)) options.notice?.(l10n.t('{0}: named .gz but not gzip-compressed: read as plain text', name));
          yield* readBlocks(options.inThread ? inThreadReader(fd) : fileReader(fd), area, label);
          return;
        }
      }
    }
  } catch (e) {
    throw readError(label, e);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  // Standard input, gzip, archives, FIFOs: as a stream (inputChunks reports its own errors).
  yield* readBlocks(chunkReader(inputChunks(name, options)[Symbol.asyncIterator]()), area, label);
}

/** Bytes [start, end) of `buf`. */
interface Span {
  buf: Buffer;
  start: number;
  end: number;
}

/**
 * Double-buffered: the area is two halves (or `parts`), each with room for a partial line before
 * its data. While the lines of one half are handed out, the next read fills the other; the partial
 * line that ends a block is copied in front of the next one's data. A partial line longer than that
 * room (a very long line) is joined in a buffer of its own, grown by doubling.
 */
async function* readBlocks(read: Reader, area: BlockArea, label: string): AsyncGenerator<Block> {
  const { buf } = area;
  const parts = area.parts ?? 2;
  const half = Math.floor(area.size / parts);
  const room = half >> 4;
  const bases = Array.from({ length: parts }, (_, k) => area.start + k * half);
  let cur = 0;
  // A small first block: its lines go through every step (collation, a block's end, output) before
  // the JIT compiles them, so that the compiled code is not thrown away at the end of the first block.
  await area.reuse?.(cur);
  let pending: PromiseLike<number> | undefined = read(buf, bases[cur] + room, Math.min(FIRST_BLOCK, half - room));
  let carry: Span = { buf, start: 0, end: 0 }; // the partial line after the last block
  let long: Buffer | undefined; // where a long line is joined
  const block: Block = { buf, start: 0, end: 0 };
  try {
    for (;;) {
      const n = await pending;
      pending = undefined;
      const at = bases[cur] + room; // the new bytes are buf[at, at + n)
      const c = carry.end - carry.start;
      let joined: Span;
      if (c <= room) {
        carry.buf.copy(buf, at - c, carry.start, carry.end);
        joined = { buf, start: at - c, end: at + n };
      } else {
        if (c + n > MAX_LINE) throw new LogReadError(label, l10n.t('a line longer than {0} MB: this does not look like a log file', MAX_LINE >> 20));
        if (carry.buf !== long || carry.start !== 0 || long.length < c + n) {
          const g = Buffer.allocUnsafe(Math.max(2 * c, c + n));
          carry.buf.copy(g, 0, carry.start, carry.end);
          long = g;
        }
        buf.copy(long, c, at, at + n);
        joined = { buf: long, start: 0, end: c + n };
      }
      if (n === 0) {
        if (c) yield Object.assign(block, joined);
        return;
      }
      // The other half is free (its lines were handed out, its partial line copied): read on into it.
      cur = (cur + 1) % parts;
      await area.reuse?.(cur);
      pending = read(buf, bases[cur] + room, half - room);
      const nl = joined.buf.lastIndexOf(10, joined.end - 1);
      if (nl < joined.start) {
        carry = joined;
        continue;
      }
      carry = { buf: joined.buf, start: nl + 1, end: joined.end };
      block.buf = joined.buf;
      block.start = joined.start;
      block.end = nl + 1;
      yield block;
    }
  } finally {
    // Abandoned (an error downstream): a read still in flight ends unheard.
    if (pending instanceof Promise) pending.catch(() => undefined);
  }
}
