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
import { textFingerprint } from '../../../common/textFingerprint';
import type { Settings } from '../lsp/settings';

export interface OpenJob {
  path: string;
  settings: Settings;
  language: string;
}

const BLOCK = 4 << 20;

/** The problem scan of the file's text, a block of whole lines at a time; the text's length, whether it is ASCII, and its BOM's bytes. */
function scanFile(path: string): { scan: ProblemScan; chars: number; ascii: boolean; bom: number } {
  const scan = new ProblemScan();
  let chars = 0;
  let ascii = true;
  let bom = 0;
  const fd = fs.openSync(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(BLOCK);
    let carry = 0;
    let first = true;
    for (;;) {
      if (buf.length - carry < BLOCK) buf = Buffer.concat([buf.subarray(0, carry), Buffer.allocUnsafe(BLOCK)]);
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

/** Bytes [a, b) of the file, as Latin-1 (the text is ASCII). */
function bytesAt(path: string, a: number, b: number): string {
  const buf = Buffer.alloc(Math.max(0, b - a));
  const fd = fs.openSync(path, 'r');
  try {
    return buf.toString('latin1', 0, fs.readSync(fd, buf, 0, buf.length, a));
  } finally {
    fs.closeSync(fd);
  }
}

parentPort?.once('message', (job: OpenJob) => {
  try {
    setLanguage(job.language);
    const { scan, chars, ascii, bom } = scanFile(job.path);
    const fingerprint = ascii ? textFingerprint(chars, (a, b) => bytesAt(job.path, bom + a, bom + b)) : undefined;
    parentPort!.postMessage({ diagnostics: quickDiagnostics({ scan }, job.settings), fingerprint });
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
});
