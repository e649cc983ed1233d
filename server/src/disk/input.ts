// Reading a log from disk for the server's disk index: plain, gzip, or one member of a tar or
// tar.gz archive, as decompressed chunks, with the compressed bytes read so far for progress.
// A thin layer over io/read.ts (the one reader, with its one wording of errors): corrupt or
// truncated input and decompression past `maxSize` are errors (nothing half-read is kept by the callers).
import { LogReadError } from '../io/errors';
import { readLog } from '../io/read';
import { l10n } from '../engine/l10n';

export { LogReadError as InputError };

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

/** The decompressed bytes of `path` (or of its archive member), in chunks. */
export async function* logChunks(path: string, progress: Progress, options: InputOptions = {}): AsyncGenerator<Buffer> {
  const chunks = readLog(path, {
    maxSize: options.maxSize,
    member: options.member,
    progress: (read, total) => Object.assign(progress, { read, total }),
  });
  for await (const c of chunks) {
    if (c.member && options.member === undefined) throw new LogReadError(path, l10n.t('an archive: say which member to open'));
    yield Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.length);
  }
}
