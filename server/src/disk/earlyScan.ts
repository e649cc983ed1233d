// The problem scan of a log file read from disk, for the diagnostics the language server publishes
// before the editor's text of the file has arrived (lsp/earlyDiagnostics.ts). Plain files only
// (gzip and tar logs are not documents of the `file:` scheme). Each block of whole lines that the
// reader gives is decoded into one string and given to the scan exactly as the document's text
// would be (the same lines, the same numbers, the same lengths), in steps that the caller runs in
// slices. (One string per 4 MB block took half the time of 64 KB pieces here: the lines the scan
// keeps hold their piece, and many small pieces kept the collector busy.) What was read is
// fingerprinted, so that the document's text can be checked against it when it comes.
import * as fs from 'node:fs';
import { ProblemScan } from '../engine/index/problemScan';
import type { Steps } from '../engine/steps';
import { ReadCancelled } from '../io/errors';
import { lineBlocks, readLog } from '../io/read';
import { isPlain } from '../logs/indexFile';

/** Characters of each sample of the fingerprint, and between two. */
const SAMPLE = 48;
const EVERY = 32 << 10;

/** The length of a text and samples of it: every EVERY characters, and the end of every part read. */
export class TextFingerprint {
  /** UTF-16 code units, as a JavaScript string counts them. */
  chars = 0;
  private readonly at: number[] = [];
  private readonly samples: string[] = [];

  add(part: string): void {
    for (let a = 0; a < part.length; a += EVERY) this.sample(part, a);
    this.sample(part, Math.max(0, part.length - SAMPLE));
    this.chars += part.length;
  }

  private sample(part: string, a: number): void {
    this.at.push(this.chars + a);
    // A copy: a slice would keep the whole part.
    this.samples.push(Buffer.from(part.slice(a, a + SAMPLE), 'utf16le').toString('utf16le'));
  }

  /** Whether `text` has the length and the samples of what was read. */
  matches(text: string): boolean {
    if (text.length !== this.chars) return false;
    for (let i = 0; i < this.at.length; i++) if (!text.startsWith(this.samples[i], this.at[i])) return false;
    return true;
  }
}

export interface FileScan {
  scan: ProblemScan;
  fingerprint: TextFingerprint;
}

/**
 * Reads `path` into a ProblemScan; `run` runs each block's steps (in slices, for the server).
 * Undefined when the file is not a plain regular file, or changed while it was read, or had a
 * line too long for the reader (io/read.ts cuts it: the scan would not be the text's). Throws the
 * reader's errors (a missing or unreadable file) and ReadCancelled when `signal` fires.
 */
export async function scanFile(path: string, signal: AbortSignal, run: (steps: Steps<void>) => Promise<unknown>): Promise<FileScan | undefined> {
  const before = await fs.promises.stat(path);
  if (!before.isFile() || !(await isPlain(path))) return undefined;
  const scan = new ProblemScan();
  const fingerprint = new TextFingerprint();
  let bytes = 0;
  for await (const b of lineBlocks(readLog(path, { signal }))) {
    bytes += b.end - b.start;
    await run(block(scan, fingerprint, Buffer.from(b.buf.buffer, b.buf.byteOffset, b.buf.length), b.start, b.end, signal));
  }
  const after = await fs.promises.stat(path);
  if (bytes !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) return undefined;
  return { scan, fingerprint };
}

/** Bytes [start, end) of `buf` (whole lines) to the scan. */
function* block(scan: ProblemScan, fingerprint: TextFingerprint, buf: Buffer, start: number, end: number, signal: AbortSignal): Steps<void> {
  if (signal.aborted) throw new ReadCancelled();
  const text = buf.toString('utf8', start, end);
  fingerprint.add(text);
  for (const _ of scan.appendSteps(text, 256)) {
    if (signal.aborted) throw new ReadCancelled();
    yield;
  }
}
