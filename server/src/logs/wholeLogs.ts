// Reading logs whole into the tracer's TraceLogs (text kept): for small folders whose paths the
// hovers and code lenses show without waiting for a query. Traces of any size go through
// logs/logSet.ts, which keeps indexes and reads back only the lines a query needs.
import * as fs from 'node:fs';
import { TraceLog, TraceSet } from '../engine/traceLogs';
import { readText } from '../disk/textChunks';
import { timelines } from './files';
import { anchorYears } from '../engine/time/anchor';

/** Feeds one file (plain or gzip) into `log`, as UTF-8 text. Rejects with a message naming the problem. */
export async function readInto(log: TraceLog, file: string, label = file): Promise<void> {
  log.beginFile(label);
  await readText(file, (text) => log.appendText(text));
}

export interface ReadOptions {
  /** The year of the last line of every timeline (else the newest file's modification time). */
  year?: number;
  /** The name shown for a file (default: as given). */
  label?: (file: string) => string;
}

/** Reads the files into one TraceSet, one TraceLog per timeline. */
export async function readTraceSet(files: readonly string[], options: ReadOptions = {}): Promise<TraceSet> {
  const logs: TraceLog[] = [];
  for (const group of timelines(files)) {
    const log = new TraceLog();
    let newest = 0;
    for (const f of group) {
      newest = Math.max(newest, (await fs.promises.stat(f)).mtimeMs);
      await readInto(log, f, options.label ? options.label(f) : f);
    }
    logs.push(log.finish(options.year ?? new Date(newest)));
  }
  if (options.year === undefined) anchorYears(logs);
  return new TraceSet(logs);
}

