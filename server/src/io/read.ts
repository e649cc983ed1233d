// The one reader of logs: a file, a FIFO or standard input ("-"); gzip recognised by its magic
// bytes (whatever the name says), tar archives by their header (each regular member a log of its
// own); a limit on decompressed bytes; cancellation. Every failure is a LogReadError naming the
// file. Bytes come through unchanged, in chunks that the caller may keep.
import * as fs from 'node:fs';
import { isTarHeader, TarError, TarStream } from '../../../common/tar';
import { LogReadError, ReadCancelled, readError } from './errors';
import { l10n } from '../engine/l10n';

const CHUNK = 4 << 20;

export interface ReadOptions {
  /** Decompressed bytes allowed: a decompression bomb is refused past it. */
  maxSize?: number;
  /** Only this member of a tar archive. */
  member?: string;
  /** Stops the read (with ReadCancelled) when it fires. */
  signal?: AbortSignal;
  /** Bytes of the file on disk read so far, and its size (0 for a stream). */
  progress?: (read: number, total: number) => void;
  /** Something the reader noticed but read through (a `.gz` name on plain text). */
  notice?: (message: string) => void;
}

/** A chunk of a log's bytes; `member` is the tar member it belongs to ('' outside archives). */
export interface LogChunk {
  member: string;
  bytes: Uint8Array;
}

/** Whether bytes start a gzip stream (its magic bytes). */
export const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Whether a file's first bytes (512 or all it has) are plain text: neither gzip nor a tar archive. */
export const isPlainStart = (head: Uint8Array) => !isGzip(head) && !isTarHeader(head);

/** Raw bytes of a path or "-": a regular file by positional reads (one read ahead), anything else as a stream. */
async function* rawChunks(path: string, options: ReadOptions): AsyncGenerator<Uint8Array> {
  if (path === '-') {
    if (fs.fstatSync(0).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    for await (const c of process.stdin as AsyncIterable<Buffer>) yield c;
    return;
  }
  const fd = await fs.promises.open(path, 'r');
  try {
    const st = await fd.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) {
      // A FIFO, a device, process substitution: read as it comes, never seek.
      for await (const c of fd.createReadStream({ highWaterMark: CHUNK, autoClose: false })) yield c as Buffer;
      return;
    }
    let pos = 0;
    const read = () => fd.read(Buffer.allocUnsafe(CHUNK), 0, CHUNK, pos);
    let next = read();
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      pos += bytesRead;
      next = read();
      options.progress?.(pos, st.size);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await fd.close();
  }
}

/** The first chunk, then the rest (so that a stream can be sniffed without losing bytes). */
async function* withFirst(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const zlib = await import('node:zlib');
  const { Readable } = await import('node:stream');
  const z = zlib.createGunzip({ chunkSize: 1 << 20 });
  const input = Readable.from(source, { objectMode: false });
  input.on('error', (e) => z.destroy(e));
  input.pipe(z);
  for await (const c of z) yield c as Buffer;
}

/** Waits for at least `n` bytes (or the end) at the start of a stream. */
async function head(it: AsyncIterator<Uint8Array>, n: number): Promise<Uint8Array | undefined> {
  const parts: Uint8Array[] = [];
  let size = 0;
  while (size < n) {
    const r = await it.next();
    if (r.done) break;
    parts.push(r.value);
    size += r.value.length;
  }
  if (!parts.length) return undefined;
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Tar members as chunks tagged with their names (all regular members, or the one asked for). */
async function* untar(source: AsyncIterable<Uint8Array>, member: string | undefined): AsyncGenerator<LogChunk> {
  const out: LogChunk[] = [];
  let found = false;
  const tar = new TarStream(
    (e) => (member === undefined || e.name === member) && (found = true),
    (c, e) => out.push({ member: e.name, bytes: c.slice() }),
  );
  for await (const c of source) {
    tar.push(c);
    yield* out;
    out.length = 0;
  }
  tar.end();
  if (member !== undefined && !found) throw new LogReadError('', l10n.t('no member {0} in the archive', member));
}

/**
 * The decompressed bytes of one log: `path` ("-" for standard input), plain, gzip or tar (or
 * tar.gz) by content.
 */
export async function* readLog(path: string, options: ReadOptions = {}): AsyncGenerator<LogChunk> {
  const label = path === '-' ? l10n.t('standard input') : path;
  const max = options.maxSize ?? Infinity;
  let size = 0;
  try {
    const raw = rawChunks(path, options)[Symbol.asyncIterator]();
    const first = await head(raw, 2);
    if (!first) return;
    let bytes: AsyncIterable<Uint8Array> = withFirst(first, raw);
    const gz = isGzip(first);
    if (gz) bytes = gunzip(bytes);
    else if (/\.gz$/i.test(path)) options.notice?.(l10n.t('{0}: named .gz but not gzip-compressed: read as plain text', label));
    const it = bytes[Symbol.asyncIterator]();
    const start = await head(it, 512);
    if (!start) return;
    const tar = isTarHeader(start);
    let chunks: AsyncIterable<LogChunk>;
    if (tar) chunks = untar(withFirst(start, it), options.member);
    else if (options.member !== undefined) throw new LogReadError(label, l10n.t('not an archive: it has no member {0}', options.member));
    else chunks = (async function* () {
      for await (const b of withFirst(start, it)) yield { member: '', bytes: b };
    })();
    for await (const c of chunks) {
      if (options.signal?.aborted) throw new ReadCancelled();
      size += c.bytes.length;
      if (size > max && (gz || tar)) throw new LogReadError(label, max >= 1 << 20 ? l10n.t('decompressed size over the limit of {0} MB: refused', Math.round(max / 1048576)) : l10n.t('decompressed size over the limit of {0} bytes: refused', max));
      yield c;
    }
  } catch (e) {
    if (e instanceof ReadCancelled) throw e;
    if (e instanceof LogReadError && e.file === '') throw new LogReadError(label, e.problem);
    if (e instanceof TarError) throw new LogReadError(label, e.message);
    throw readError(label, e);
  }
}

/** Whole lines of a log, for the indexers: bytes [start, end) of `buf`, at `offset` of its member. */
export interface LineBlock {
  member: string;
  buf: Uint8Array;
  start: number;
  end: number;
  offset: number;
}

/** A line longer than this is cut for the indexers: its first bytes are kept, the rest skipped. */
export const LONG_LINE = 1 << 20;

/**
 * The chunks as blocks of whole lines (only a member's last block may end without "\n"). A line
 * longer than LONG_LINE that spans chunks is handed over alone, cut: its first LONG_LINE - 1 bytes
 * and a "\n", its offsets kept right (the block after it starts where the next line does).
 */
export async function* lineBlocks(chunks: AsyncIterable<LogChunk>): AsyncGenerator<LineBlock> {
  let member: string | undefined;
  let carry: Uint8Array = new Uint8Array(0);
  let carryLength = 0; // bytes of the partial line, including those skipped
  let offset = 0;
  const flush = function* (): Generator<LineBlock> {
    if (carryLength) yield { member: member!, buf: carry, start: 0, end: carry.length, offset };
    offset = 0;
    carry = new Uint8Array(0);
    carryLength = 0;
  };
  for await (const c of chunks) {
    if (c.member !== member) {
      yield* flush();
      member = c.member;
    }
    const b = c.bytes;
    const nl = b.lastIndexOf(10);
    if (nl < 0) {
      if (carry.length < LONG_LINE) carry = Buffer.concat([carry, b.subarray(0, LONG_LINE - carry.length)]);
      carryLength += b.length;
      continue;
    }
    const firstNl = b.indexOf(10);
    if (carryLength) {
      // The partial line ends in this chunk: hand it over alone (its skipped bytes counted).
      const line = carry.length < LONG_LINE ? Buffer.concat([carry, b.subarray(0, Math.min(firstNl + 1, LONG_LINE - carry.length))]) : carry;
      if (line.length === LONG_LINE && line[LONG_LINE - 1] !== 10) line[LONG_LINE - 1] = 10; // cut: still one line
      yield { member: member!, buf: line, start: 0, end: line.length, offset };
      offset += carryLength + firstNl + 1;
    }
    const from = carryLength ? firstNl + 1 : 0;
    if (nl + 1 > from) {
      yield { member: member!, buf: b, start: from, end: nl + 1, offset };
      offset += nl + 1 - from;
    }
    carry = b.subarray(nl + 1, Math.min(b.length, nl + 1 + LONG_LINE)).slice();
    carryLength = b.length - nl - 1;
  }
  yield* flush();
}
