// Reading a log from disk for the server's disk index: plain, gzip, or one member of a tar or
// tar.gz archive, as decompressed chunks, with the compressed bytes read so far for progress.
// Corrupt or truncated input and decompression past `maxSize` are errors (nothing half-read is
// kept by the callers).
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { isTarName, TarStream } from '../engine/tar';

const CHUNK = 4 << 20;

export class InputError extends Error {}

export interface InputOptions {
  /** A member of a tar archive (required for archives). */
  member?: string;
  /** Decompressed bytes allowed (a decompression bomb is refused past it). */
  maxSize?: number;
}

export interface Progress {
  /** Bytes of the file on disk read so far, and its size. */
  read: number;
  total: number;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/.test(err?.message ?? '')) return 'truncated gzip data (unexpected end of file)';
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) return `corrupt gzip data (${err.message})`;
  return err?.message ?? String(e);
}

/** The decompressed bytes of `path` (or of its archive member), in chunks. */
export async function* logChunks(path: string, progress: Progress, options: InputOptions = {}): AsyncGenerator<Buffer> {
  const max = options.maxSize ?? Infinity;
  let file: fs.ReadStream | undefined;
  try {
    const st = await fs.promises.stat(path);
    if (st.isDirectory()) throw new InputError('is a directory');
    progress.total = st.size;
    const head = Buffer.alloc(2);
    const fd = await fs.promises.open(path, 'r');
    try {
      await fd.read(head, 0, 2, 0);
    } finally {
      await fd.close();
    }
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    file = fs.createReadStream(path, { highWaterMark: CHUNK });
    file.on('data', (c) => (progress.read += c.length));
    let chunks: AsyncIterable<Buffer> = file;
    if (gz) {
      const z = zlib.createGunzip({ chunkSize: 1 << 20 });
      file.on('error', (e) => z.destroy(e));
      chunks = file.pipe(z);
    }
    const tar = options.member !== undefined || isTarName(path);
    let size = 0;
    if (!tar) {
      for await (const c of chunks) {
        size += c.length;
        if (size > max) throw new InputError(`decompressed size over the limit of ${Math.round(max / 1048576)} MB (zimbraLogs.compressed.maxSize): refused`);
        yield c;
      }
      return;
    }
    if (options.member === undefined) throw new InputError('an archive: say which member to open');
    let found = false;
    const out: Uint8Array[] = [];
    const t = new TarStream(
      (e) => e.name === options.member && !found && (found = true),
      (c) => out.push(c.slice()),
    );
    for await (const c of chunks) {
      t.push(c);
      for (const o of out) {
        size += o.length;
        if (size > max) throw new InputError(`decompressed size over the limit of ${Math.round(max / 1048576)} MB (zimbraLogs.compressed.maxSize): refused`);
        yield Buffer.from(o.buffer, o.byteOffset, o.length);
      }
      out.length = 0;
    }
    t.end();
    if (!found) throw new InputError(`no member ${options.member} in the archive`);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${path}: ${e.message}`);
    throw new InputError(`${path}: ${describe(e)}`);
  } finally {
    file?.destroy();
  }
}
