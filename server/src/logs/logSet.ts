// A set of logs on disk (a folder's, or a command line's), indexed once and queried many times:
// a trace reads back only the lines of the transactions its messages may pass through (found
// from the indexes, see engine/index/traceLines.ts), parses those lines with the same tracer as
// ever, and so costs what its messages cost, not what the logs do. Memory holds the indexes
// (no text) and a query's own lines.
import { Years } from '../engine/logTime';
import { linesOf, messageIdKeys, traceKeys } from '../engine/index/traceLines';
import { HashSet } from '../engine/index/paged';
import { parseQuery, TraceLog, TraceMessage, TraceSet } from '../engine/traceLogs';
import type { ReadOptions } from '../io/read';
import { timelines } from './files';
import { IndexedLog, indexFile, readLines } from './indexFile';
import { anchorYears } from './years';

export interface LogSetOptions extends ReadOptions {
  /** The year of the last line of every syslog timeline (else the newest file's modification time, anchored to the dated logs). */
  year?: number;
  /** The name shown for a file (default: as given). */
  label?: (file: string) => string;
}

const MESSAGE_ID = /: message-id=<?([^>\s]*)/;

export class LogSet {
  private constructor(
    /** Timelines (a log and its rotations), each oldest first. */
    readonly timelines: IndexedLog[][],
    private readonly options: LogSetOptions,
  ) {}

  /** Indexes the files (each once; in turn, so that memory holds one file's buffers at a time). */
  static async index(files: readonly string[], options: LogSetOptions = {}): Promise<LogSet> {
    const groups: IndexedLog[][] = [];
    for (const group of timelines(files)) {
      const logs: IndexedLog[] = [];
      for (const f of group) logs.push(...(await indexFile(f, options)));
      groups.push(logs);
    }
    return new LogSet(groups, options);
  }

  get logs(): IndexedLog[] {
    return this.timelines.flat();
  }

  /** Every message the query names, each followed by its bounces and forwards, in time order. */
  async trace(query: string): Promise<TraceMessage[]> {
    return (await this.traceSet(query)).query(query);
  }

  /** The tracer over just the lines that a query needs. */
  async traceSet(query: string): Promise<TraceSet> {
    const q = parseQuery(query);
    const all = this.logs;
    const keys = traceKeys(all.map((l) => l.index), q);
    const ids = messageIdKeys(q.messageId ? [q.messageId] : []);
    // First the transactions' lines; then the lines naming their Message-IDs (mailbox.log, amavis).
    const texts = new Map<IndexedLog, Map<number, string>>();
    const found = new Set<string>();
    for (const log of all) {
      const ix = log.index;
      const wanted = linesOf(ix, keys, ids);
      for (const n of [ix.firstTimed, ix.lastTimed]) if (n >= 0) wanted.push(n);
      const got = await readLines(log, sortedUnique(wanted), this.options);
      texts.set(log, got);
      for (const t of got.values()) {
        const m = MESSAGE_ID.exec(t);
        if (m?.[1]) found.add(m[1]);
      }
    }
    const more = messageIdKeys(found);
    for (const log of all) {
      const got = texts.get(log)!;
      const extra = linesOf(log.index, new HashSet(), more).filter((n) => !got.has(n));
      for (const [n, t] of await readLines(log, extra, this.options)) got.set(n, t);
    }
    const logs = this.timelines.map((group) => this.sparseLog(group, texts));
    if (this.options.year === undefined) anchorYears(logs);
    return new TraceSet(logs);
  }

  /** One timeline as a sparse TraceLog holding the lines read. */
  private sparseLog(group: IndexedLog[], texts: Map<IndexedLog, Map<number, string>>): TraceLog {
    let first = 0;
    const files = [];
    const turns: number[] = [];
    let lastMonth = -1;
    let newest = 0;
    for (const log of group) {
      const ix = log.index;
      files.push({ name: this.options.label ? this.options.label(log.label) : log.label, firstLine: first });
      // The year turns inside each file, and between two files when the month goes back.
      const years = Years.of([], lastMonth);
      if (ix.firstBsd >= 0) years.observeMonth(first + ix.firstBsd, ix.firstMonth);
      turns.push(...years.turnLines, ...ix.yearTurns.map((n) => first + n));
      if (ix.lastMonth >= 0) lastMonth = ix.lastMonth;
      newest = Math.max(newest, log.mtimeMs);
      first += ix.lineCount;
    }
    const log = TraceLog.sparse(files, first, Years.of(turns, lastMonth));
    let offset = 0;
    for (const l of group) {
      const got = texts.get(l)!;
      for (const n of [...got.keys()].sort((a, b) => a - b)) log.addLine(offset + n, got.get(n)!);
      offset += l.index.lineCount;
    }
    return log.finish(this.options.year ?? new Date(newest));
  }
}

function sortedUnique(a: number[]): number[] {
  a.sort((x, y) => x - y);
  return a.filter((v, i) => i === 0 || v !== a[i - 1]);
}
