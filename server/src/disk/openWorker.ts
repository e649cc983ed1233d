// Worker thread entry (dist/openWorker.js) for a document opened from disk (lsp/diskOpen.ts): reads
// the file, runs the problem scan over its text (decoded as the editor's: a UTF-8 BOM dropped) and
// posts the quick diagnostics at once; then posts the file's stream index (its typed arrays
// transferred). The server's thread meanwhile reads the text for the document itself and answers
// requests; a core of its own makes the diagnostics sooner than the document's first pass could.
import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { ProblemScan } from '../engine/index/problemScan';
import { dataBuffers } from '../engine/index/streamIndex';
import { quickDiagnostics } from '../features/diagnostics';
import { setLanguage } from '../l10n/locale';
import { indexRange } from '../logs/indexRange';
import type { Settings } from '../lsp/settings';

export interface OpenJob {
  path: string;
  settings: Settings;
  language: string;
}

const BLOCK = 4 << 20;

/** The problem scan of the file's text, a block of whole lines at a time. */
function scanFile(path: string): ProblemScan {
  const scan = new ProblemScan();
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
        const part = buf.subarray(start, last + 1);
        scan.appendText(part.toString(isAscii(part) ? 'latin1' : 'utf8'));
        first = false;
        buf.copy(buf, 0, last + 1, end);
        carry = end - last - 1;
      } else carry = end;
      if (n === 0) return scan;
    }
  } finally {
    fs.closeSync(fd);
  }
}

parentPort?.once('message', (job: OpenJob) => {
  try {
    setLanguage(job.language);
    parentPort!.postMessage({ diagnostics: quickDiagnostics({ scan: scanFile(job.path) }, job.settings) });
    const data = indexRange(job.path, 0, Infinity).toData();
    parentPort!.postMessage({ index: data }, dataBuffers(data));
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) });
  }
});
