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
/**
 * Bytes checked for ASCII a step, as they are read: the first touch of bytes another thread wrote
 * costs this thread a page fault each 4 KB (22 ms for 16 MB on a sandboxed machine, at once).
 */
const CHECK_STEP = 2 << 20;

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
  let open = true;
  try {
    const before = await fh.stat();
    const size = before.size;
    // UTF-8 takes 1 to 3 bytes a UTF-16 code unit (4 for two), and the BOM 3.
    if (!before.isFile() || size < chars || size > 3 * chars + 3) return 'size';
    const buf = Buffer.allocUnsafe(size);
    let pos = 0;
    /** What the bytes checked so far are (a BOM aside): checked a step at a time, as they are read. */
    let kind: 'ascii' | 'utf8' = 'ascii';
    let checked = 0;
    while (pos < size) {
      // A first small read, so that `started` (the workers that read the file too) comes at once.
      const length = Math.min(pos === 0 ? FIRST_STEP : READ_STEP, size - pos);
      await step(length);
      if (signal.aborted) throw new ReadCancelled();
      const { bytesRead } = await fh.read(buf, pos, length, pos);
      if (bytesRead === 0) return 'changed';
      // (The rest is read once what `started` began is done, if it says so.)
      if (pos === 0) {
        await started?.(hasBom(buf, bytesRead), size);
        if (hasBom(buf, bytesRead)) checked = 3;
      }
      pos += bytesRead;
      while (checked < pos) {
        if (signal.aborted) throw new ReadCancelled();
        const to = Math.min(pos, checked + CHECK_STEP);
        const end = to === size ? size : wholeCharacters(buf, checked, to);
        if (end === checked) break;
        const piece = buf.subarray(checked, end);
        if (kind === 'ascii' && !isAscii(piece)) kind = 'utf8';
        // (Not UTF-8: no text, and no more to read.)
        if (kind === 'utf8' && !isUtf8(piece)) return 'not UTF-8';
        checked = end;
        if (checked < pos) await step(0);
      }
    }
    const after = await fh.stat();
    if (after.size !== size || after.mtimeMs !== before.mtimeMs) return 'changed';
    // Closed before the text is made (a closing takes a while too, in the same turn as what follows it).
    open = false;
    await fh.close();
    const bom = hasBom(buf, size);
    const body = buf.subarray(bom ? 3 : 0);
    // One decoding of the whole (a text made of parts would be copied whole at its first use anyway).
    if (kind === 'ascii') return { text: body.toString('latin1'), bytes: size, bom, ascii: true };
    if (checked < size) return 'not UTF-8';
    return { text: body.toString('utf8'), bytes: size, bom, ascii: false };
  } finally {
    if (open) await fh.close();
  }
}

/**
 * The end of the whole UTF-8 characters of `b[start, end)`: before a last character that goes on past
 * `end` (its lead byte says how long it is; continuation bytes are 10xxxxxx). Bytes that are not
 * UTF-8 are left to the check.
 */
function wholeCharacters(b: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start && i >= end - 4; i--) {
    const c = b[i];
    if ((c & 0xc0) === 0x80) continue;
    const length = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    return i + length > end ? i : end;
  }
  return end;
}

function hasBom(b: Buffer, n: number): boolean {
  return n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}
