// The timeline of files on disk (the CLI's `timeline` and the language server's timeline view):
// rotations grouped into timelines (files.ts), each read once, plain, gzip or an archive (the one
// reader, io/read.ts), as blocks of whole lines into the engine's TimelineScan; each timeline's
// syslog year from `year`, else the newest modification time of its files.
import * as fs from 'node:fs';
import { readError } from '../io/errors';
import { lineBlocks, readLog } from '../io/read';
import { TimelineOptions, TimelineScan } from '../engine/timeline/scan';
import type { TimelineReport } from '../engine/timeline/types';
import { timelines } from './files';

export interface TimelineReadOptions extends TimelineOptions {
  year?: number;
  /** Bytes read so far of all files, and their total size on disk. */
  progress?: (read: number, total: number) => void;
  signal?: AbortSignal;
  notice?: (message: string) => void;
  /** Decompressed bytes allowed per compressed file. */
  maxSize?: number;
}

/** The timeline of `files`; a file's number in the report is its index in `files`. Errors name the file. */
export async function timelineOfFiles(files: readonly string[], options: TimelineReadOptions = {}): Promise<TimelineReport> {
  const scan = new TimelineScan(options);
  const sizes = new Map<string, { size: number; mtimeMs: number }>();
  for (const f of files) {
    try {
      const st = await fs.promises.stat(f);
      sizes.set(f, { size: st.size, mtimeMs: st.mtimeMs });
    } catch (e) {
      throw readError(f, e);
    }
  }
  const total = [...sizes.values()].reduce((a, s) => a + s.size, 0);
  let done = 0;
  for (const group of timelines(files)) {
    const newest = Math.max(...group.map((f) => sizes.get(f)!.mtimeMs));
    scan.beginTimeline(options.year ?? new Date(newest));
    for (const f of group) {
      scan.beginFile(files.indexOf(f));
      const progress = options.progress && ((read: number) => options.progress!(done + read, total));
      for await (const block of lineBlocks(readLog(f, { signal: options.signal, notice: options.notice, maxSize: options.maxSize, progress }))) {
        scan.pushLines(block.buf, block.start, block.end);
      }
      done += sizes.get(f)!.size;
    }
  }
  return scan.report();
}
