// Reading logs for the CLI: files in order, or standard input for "-"; gzip detected by its magic
// bytes and decompressed as a stream. Bytes go through unchanged (valid UTF-8 or not) and are
// written back byte for byte.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { CliError } from './errors';

const CHUNK = 4 << 20;
/** A "line" longer than this is not a log line: refuse it instead of exhausting memory. */
export const MAX_LINE = 256 * 1024 * 1024;

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file';
  if (err && err.code === 'EACCES') return 'permission denied';
  if (err && err.code === 'EISDIR') return 'is a directory';
  if (err && err.code === 'Z_BUF_ERROR') return 'truncated gzip data (unexpected end of file)';
  if (err && typeof err.code === 'string' && err.code.startsWith('Z_')) return `corrupt gzip data (${err.message})`;
  return err && err.message ? err.message : String(e);
}

/** One buffer, refilled: a chunk is valid until the next one is asked for. */
async function* fileChunks(fd: number): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const n = fs.readSync(fd, buf, 0, CHUNK, null);
    if (n === 0) return;
    yield buf.subarray(0, n);
  }
}

async function* gunzipChunks(source: AsyncIterable<Buffer>, first?: Buffer): AsyncGenerator<Buffer> {
  const gunzip = zlib.createGunzip({ chunkSize: CHUNK });
  const input = Readable.from(
    (async function* () {
      if (first) yield Buffer.from(first);
      for await (const c of source) yield Buffer.from(c);
    })(),
  );
  input.pipe(gunzip);
  input.on('error', (e) => gunzip.destroy(e));
  for await (const c of gunzip) yield c as Buffer;
}

function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** The raw (decompressed) bytes of one input: a path, or "-" for standard input. */
export async function* inputChunks(name: string): AsyncGenerator<Buffer> {
  const label = name === '-' ? 'standard input' : name;
  try {
    if (name === '-') {
      const it = (process.stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) return;
      const rest = { [Symbol.asyncIterator]: () => it };
      if (isGzip(first.value)) {
        yield* gunzipChunks(rest, first.value);
      } else {
        yield first.value;
        yield* rest;
      }
      return;
    }
    const fd = fs.openSync(name, 'r');
    try {
      if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const head = Buffer.alloc(2);
      const n = fs.readSync(fd, head, 0, 2, 0);
      if (isGzip(head.subarray(0, n))) yield* gunzipChunks(fileChunks(fd));
      else yield* fileChunks(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${label}: ${describe(e)}`);
  }
}

/** Where `areaBlocks` reads: bytes [start, start + size) of `buf` (the rest of `buf` is someone else's). */
export interface BlockArea {
  readonly buf: Buffer;
  readonly start: number;
  readonly size: number;
}

/** Whole lines: bytes [start, end) of `buf`; only an input's last block may end without "\n". */
export interface Block {
  buf: Buffer;
  start: number;
  end: number;
}

/** Reads at most `max` bytes to `into` at `at`; 0 at the end of the input. */
type Reader = (into: Buffer, at: number, max: number) => number | Promise<number>;

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
 * The blocks of one input (see `Block`), read into `area` (a plain file straight from the file,
 * without an intermediate buffer). A block is valid until the next one is asked for. A line
 * longer than the area comes in a buffer of its own.
 */
export async function* areaBlocks(name: string, area: BlockArea): AsyncGenerator<Block> {
  const label = name === '-' ? 'standard input' : name;
  let fd = -1;
  try {
    if (name !== '-') {
      fd = fs.openSync(name, 'r');
      if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const head = Buffer.alloc(2);
      const n = fs.readSync(fd, head, 0, 2, 0);
      if (!isGzip(head.subarray(0, n))) {
        const file = fd;
        yield* readBlocks((into, at, max) => fs.readSync(file, into, at, max, null), area, label);
        return;
      }
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${label}: ${describe(e)}`);
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  // Standard input, or gzip: decompressed as a stream (inputChunks reports its own errors).
  yield* readBlocks(chunkReader(inputChunks(name)[Symbol.asyncIterator]()), area, label);
}

async function* readBlocks(read: Reader, area: BlockArea, label: string): AsyncGenerator<Block> {
  const { buf, start, size } = area;
  const block: Block = { buf, start, end: start };
  let filled = 0; // area bytes [start, start + filled) not handed out yet: a partial line
  for (;;) {
    if (filled === size) {
      // Not one line end in the whole area: a long line, finished in a buffer of its own.
      const rest = yield* longLine(read, area, label);
      filled = rest;
      if (rest < 0) return;
      continue;
    }
    const n = await read(buf, start + filled, size - filled);
    if (n === 0) break;
    const from = start + filled; // the partial line before it has no "\n"
    filled += n;
    const nl = buf.lastIndexOf(10, start + filled - 1);
    if (nl < from) continue;
    block.buf = buf;
    block.start = start;
    block.end = nl + 1;
    yield block;
    buf.copyWithin(start, nl + 1, start + filled);
    filled = start + filled - (nl + 1);
  }
  if (filled) {
    block.buf = buf;
    block.start = start;
    block.end = start + filled;
    yield block;
  }
}

/**
 * The area is full and holds no line end: reads on into a growing buffer until a line end (or
 * the end of input) and hands that out as one block. The bytes read after that line end go back
 * to the area; returns their count, or -1 at the end of input.
 */
async function* longLine(read: Reader, area: BlockArea, label: string): AsyncGenerator<Block, number> {
  const { buf, start, size } = area;
  let long = Buffer.allocUnsafe(size * 2);
  buf.copy(long, 0, start, start + size);
  let len = size;
  for (;;) {
    if (len === long.length) {
      if (len > MAX_LINE) throw new CliError(`${label}: a line longer than ${MAX_LINE >> 20} MB: this does not look like a log file`);
      const g = Buffer.allocUnsafe(len * 2);
      long.copy(g, 0, 0, len);
      long = g;
    }
    // At most `size` bytes at a time, so that what follows the line end fits in the area.
    const n = await read(long, len, Math.min(size, long.length - len));
    if (n === 0) {
      yield { buf: long, start: 0, end: len };
      return -1;
    }
    const nl = long.indexOf(10, len);
    len += n;
    if (nl < 0 || nl >= len) continue;
    yield { buf: long, start: 0, end: nl + 1 };
    long.copy(buf, start, nl + 1, len);
    return len - (nl + 1);
  }
}
