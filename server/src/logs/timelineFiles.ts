// The timeline of files on disk (the CLI's `timeline` and the language server's timeline view):
// rotations grouped into timelines (files.ts), each read once, plain, gzip or an archive (the one
// reader, io/read.ts), as blocks of whole lines into the engine's TimelineScan; each timeline's
// syslog year from `year`, else the newest modification time of its files. The lines of a time
// range are read the same way, again, into RangeLines.
import * as fs from 'node:fs';
import type { Bytes } from '../engine/bytes';
import { readError } from '../io/errors';
import { lineBlocks, readLog } from '../io/read';
import { RangeLines, RangeSink } from '../engine/timeline/range';
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
  /**
   * Reads a file as blocks of whole lines, each valid until the next is asked for (the CLI gives
   * its reader, which reads plain files into one reused area); by default io/read.ts's.
   */
  blocks?: (file: string) => AsyncIterable<{ buf: Uint8Array; start: number; end: number }>;
}

interface LineFeed {
  beginTimeline(reference: number | Date): void;
  beginFile(file: number): void;
  pushLines(b: Bytes, start: number, end: number): void;
}

/** Feeds `files` to `feed`, timeline by timeline; a file's number is its index in `files`. Errors name the file. */
async function feedFiles(files: readonly string[], feed: LineFeed, options: TimelineReadOptions): Promise<void> {
  const stats = new Map<string, fs.Stats>();
  for (const f of files) {
    try {
      stats.set(f, await fs.promises.stat(f));
    } catch (e) {
      throw readError(f, e);
    }
  }
  const total = [...stats.values()].reduce((a, s) => a + s.size, 0);
  let done = 0;
  for (const group of timelines(files)) {
    const newest = Math.max(...group.map((f) => stats.get(f)!.mtimeMs));
    feed.beginTimeline(options.year ?? new Date(newest));
    for (const f of group) {
      feed.beginFile(files.indexOf(f));
      const progress = options.progress && ((read: number) => options.progress!(done + read, total));
      const blocks = options.blocks?.(f) ?? lineBlocks(readLog(f, { signal: options.signal, notice: options.notice, maxSize: options.maxSize, progress }));
      for await (const block of blocks) feed.pushLines(block.buf, block.start, block.end);
      done += stats.get(f)!.size;
    }
  }
}

/** The timeline of `files`, and the scan (its settled years read the lines of a range again). */
export async function scanFiles(files: readonly string[], options: TimelineReadOptions = {}): Promise<{ report: TimelineReport; scan: TimelineScan }> {
  const scan = new TimelineScan(options);
  await feedFiles(files, scan, options);
  return { report: scan.report(), scan };
}

export async function timelineOfFiles(files: readonly string[], options: TimelineReadOptions = {}): Promise<TimelineReport> {
  return (await scanFiles(files, options)).report;
}

/** The lines of `files` in [from, to) (wall-clock milliseconds), read with the years `scan` settled. */
export async function rangeOfFiles(files: readonly string[], scan: TimelineScan, from: number, to: number, sink: RangeSink, options: TimelineReadOptions = {}): Promise<void> {
  const range = new RangeLines(scan.settled, from, to, sink);
  await feedFiles(files, { beginTimeline: () => range.beginTimeline(), beginFile: (f) => range.beginFile(f), pushLines: (b, s, e) => range.pushLines(b, s, e) }, options);
}
