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
import { l10n } from '../engine/l10n';
import { flaggedInWorker } from './flaggedInWorker';
import { accountOrder } from './files';
import { ReadState, readState } from './timelineGrowth';
import { find } from '../disk/investigateScan';

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
  /**
   * The flagged accounts are made in a worker thread that reads the files too (flaggedInWorker.ts),
   * when its bundle is there: for a one-off timeline of large files (not one that grows).
   */
  flaggedInWorker?: boolean;
}

interface LineFeed {
  beginTimeline(reference: number | Date): void;
  beginFile(file: number): void;
  pushLines(b: Bytes, start: number, end: number): void;
}

/** Told of each file once it was read: its number, its timeline's, the bytes read and whether the last was a line end. */
type FileDone = (file: number, timeline: number, bytes: number, endsLine: boolean) => Promise<void>;

/** Feeds `files` to `feed`, timeline by timeline; a file's number is its index in `files`. Errors name the file. */
async function feedFiles(files: readonly string[], feed: LineFeed, options: TimelineReadOptions, fileDone?: FileDone): Promise<void> {
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
  for (const [timeline, group] of accountOrder(files).entries()) {
    const newest = Math.max(...group.map((f) => stats.get(f)!.mtimeMs));
    feed.beginTimeline(options.year ?? new Date(newest));
    for (const f of group) {
      feed.beginFile(files.indexOf(f));
      const progress = options.progress && ((read: number) => options.progress!(done + read, total));
      const blocks = options.blocks?.(f) ?? lineBlocks(readLog(f, { signal: options.signal, notice: options.notice, maxSize: options.maxSize, progress }));
      let bytes = 0;
      let endsLine = true;
      for await (const block of blocks) {
        feed.pushLines(block.buf, block.start, block.end);
        bytes += block.end - block.start;
        if (block.end > block.start) endsLine = block.buf[block.end - 1] === 10;
      }
      await fileDone?.(files.indexOf(f), timeline, bytes, endsLine);
      done += stats.get(f)!.size;
    }
  }
}

/**
 * The timeline of `files`, the scan (its settled years read the lines of a range again; lines
 * appended to the files extend it: timelineGrowth.ts) and where each file was read to.
 */
export async function scanFiles(files: readonly string[], options: TimelineReadOptions = {}): Promise<{ report: TimelineReport; scan: TimelineScan; read: ReadState[] }> {
  const scan = new TimelineScan({ find, ...options });
  const read: ReadState[] = [];
  await feedFiles(files, scan, options, async (file, timeline, bytes, endsLine) => {
    read[file] = await readState(files[file], timeline, bytes, scan.fileLines, endsLine);
  });
  return { report: scan.report(), scan, read };
}

export async function timelineOfFiles(files: readonly string[], options: TimelineReadOptions = {}): Promise<TimelineReport> {
  const worker = options.flaggedInWorker ? flaggedInWorker({ files, accounts: options.accounts, locale: l10n.locale }) : undefined;
  if (!worker) return (await scanFiles(files, options)).report;
  try {
    const scan = new TimelineScan({ find, ...options, accountFeed: worker.feed });
    await feedFiles(files, scan, options);
    const flagged = worker.flagged();
    // The buckets are counted while the worker reads its last lines and makes its report.
    const report = scan.report([]);
    report.flagged = await flagged;
    return report;
  } finally {
    worker.stop();
  }
}

/** The lines of `files` in [from, to) (wall-clock milliseconds), read with the years `scan` settled. */
export async function rangeOfFiles(files: readonly string[], scan: TimelineScan, from: number, to: number, sink: RangeSink, options: TimelineReadOptions = {}): Promise<void> {
  const range = new RangeLines(scan.settled, from, to, sink);
  await feedFiles(files, { beginTimeline: () => range.beginTimeline(), beginFile: (f) => range.beginFile(f), pushLines: (b, s, e) => range.pushLines(b, s, e) }, options);
}
