// A log file read from disk as the text an editor shows of it (a document opened from disk,
// lsp/diskOpen.ts): read in steps of READ_STEP bytes, the event loop turning between two
// (io/pace.ts), then decoded at once as VS Code decodes a UTF-8 file (a UTF-8 BOM dropped). A file
// that is not valid UTF-8, or that changed while it was read, gives no text: the editor's may differ.
import * as fs from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { ReadCancelled } from '../io/errors';
import { step } from '../io/pace';

/**
 * Bytes read a step. The reads run on libuv's threads (this thread only waits): large steps, as each
 * costs two thread switches, which take long on a busy machine.
 */
const READ_STEP = 16 << 20;
const FIRST_STEP = 64 << 10;

export interface DiskText {
  text: string;
  /** The file's bytes, and whether they begin with a UTF-8 BOM (not part of the text). */
  bytes: number;
  bom: boolean;
  /** Whether the text is ASCII (its character offsets are then its byte offsets). */
  ascii: boolean;
}

/** Why a file gives no text. */
export type NoText = 'changed' | 'not UTF-8' | 'size';

/**
 * Reads `path` as a text of `chars` UTF-16 code units (the editor's length: a file whose size cannot
 * give that many is not read); `started(bom, size)` is called once the first bytes are read, and the
 * rest is read once the promise it may return is settled. Throws the
 * reader's errors, and ReadCancelled when `signal` fires.
 */
export async function readDiskText(path: string, chars: number, signal: AbortSignal, started?: (bom: boolean, size: number) => Promise<unknown> | void): Promise<DiskText | NoText> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const before = await fh.stat();
    const size = before.size;
    // UTF-8 takes 1 to 3 bytes a UTF-16 code unit (4 for two), and the BOM 3.
    if (!before.isFile() || size < chars || size > 3 * chars + 3) return 'size';
    const buf = Buffer.allocUnsafe(size);
    let pos = 0;
    while (pos < size) {
      // A first small read, so that `started` (the workers that read the file too) comes at once.
      const length = Math.min(pos === 0 ? FIRST_STEP : READ_STEP, size - pos);
      await step(length);
      if (signal.aborted) throw new ReadCancelled();
      const { bytesRead } = await fh.read(buf, pos, length, pos);
      if (bytesRead === 0) return 'changed';
      // (The rest is read once what `started` began is done, if it says so.)
      if (pos === 0) await started?.(hasBom(buf, bytesRead), size);
      pos += bytesRead;
    }
    const after = await fh.stat();
    if (after.size !== size || after.mtimeMs !== before.mtimeMs) return 'changed';
    const bom = hasBom(buf, size);
    const body = buf.subarray(bom ? 3 : 0);
    // One decoding of the whole (a text made of parts would be copied whole at its first use anyway).
    if (isAscii(body)) return { text: body.toString('latin1'), bytes: size, bom, ascii: true };
    if (!isUtf8(body)) return 'not UTF-8';
    return { text: body.toString('utf8'), bytes: size, bom, ascii: false };
  } finally {
    await fh.close();
  }
}

function hasBom(b: Buffer, n: number): boolean {
  return n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}
