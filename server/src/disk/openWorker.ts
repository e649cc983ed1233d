// Worker thread entry (dist/openWorker.js) for a document opened from disk (lsp/diskOpen.ts): reads
// the file, runs the problem scan over its text (decoded as the editor's: a UTF-8 BOM dropped) and
// posts the quick diagnostics at once, with the fingerprint of the text when it is ASCII (its
// slices are then read back by byte offset), so that the server can publish them before its own
// read of the text is done. (The file's stream index is made meanwhile by another worker,
// logs/indexParts.ts.) The server's thread meanwhile reads the text for the document itself and answers
// requests; a core of its own makes the diagnostics sooner than the document's first pass could.
import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { ProblemScan } from '../engine/index/problemScan';
import { quickDiagnostics } from '../features/diagnostics';
import { setLanguage } from '../l10n/locale';
import { textFingerprint, TextFingerprint } from '../../../common/textFingerprint';
import type { Settings } from '../lsp/settings';

export interface OpenJob {
  path: string;
  settings: Settings;
  language: string;
}

/**
 * Read and decoded this much at a time, into one reused buffer: text of this size is made in V8's
 * young generation, where memory is reused, while 4 MB strings each took fresh pages (a 50 MB log
 * scanned in 180 ms instead of 300 here).
 */
const BLOCK = 64 << 10;

/** The problem scan of the file's text, a block of whole lines at a time; the text's length, whether it is ASCII, and its BOM's bytes. */
function scanFile(path: string): { scan: ProblemScan; chars: number; ascii: boolean; bom: number } {
  const scan = new ProblemScan();
  let chars = 0;
  let ascii = true;
  let bom = 0;
  const fd = fs.openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(2 * BLOCK);
    let carry = 0;
    let first = true;
    for (;;) {
      // A line longer than the buffer's free room: a larger buffer.
      if (buf.length - carry < BLOCK) buf = Buffer.concat([buf.subarray(0, carry), Buffer.allocUnsafe(buf.length)]);
      const n = fs.readSync(fd, buf, carry, BLOCK, null);
      const end = carry + n;
      const last = n === 0 ? end - 1 : buf.lastIndexOf(10, end - 1);
      if (last >= 0) {
        const start = first && end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
        if (first) bom = start;
        const part = buf.subarray(start, last + 1);
        const plain = isAscii(part);
        ascii &&= plain;
        const text = part.toString(plain ? 'latin1' : 'utf8');
        chars += text.length;
        scan.appendText(text);
        first = false;
        buf.copy(buf, 0, last + 1, end);
        carry = end - last - 1;
      } else carry = end;
      if (n === 0) return { scan, chars, ascii, bom };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads bytes [a, b) of an open file as Latin-1 (the text is ASCII). */
function bytesAt(fd: number, a: number, b: number): string {
  const buf = Buffer.alloc(Math.max(0, b - a));
  return buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, a));
}

/** The fingerprint of the file's text when it is ASCII, its slices read back (one open: each costs a system call or three). */
function asciiFingerprint(path: string, chars: number, bom: number): TextFingerprint {
  const fd = fs.openSync(path, 'r');
  try {
    return textFingerprint(chars, (a, b) => bytesAt(fd, bom + a, bom + b));
  } finally {
    fs.closeSync(fd);
  }
}

parentPort?.once('message', (job: OpenJob) => {
  try {
    setLanguage(job.language);
    const { scan, chars, ascii, bom } = scanFile(job.path);
    const fingerprint = ascii ? asciiFingerprint(job.path, chars, bom) : undefined;
    parentPort!.postMessage({ diagnostics: quickDiagnostics({ scan }, job.settings), fingerprint });
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
});
