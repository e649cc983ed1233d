// A set of logs on disk (a folder's, or a command line's), indexed once and queried many times:
// a trace reads back only the lines of the transactions its messages may pass through (found
// from the indexes, see engine/index/traceLines.ts), parses those lines with the same tracer as
// ever, and so costs what its messages cost, not what the logs do. Memory holds the indexes
// (no text) and a query's own lines.
import * as fs from 'node:fs';
import { yearsOfFiles } from '../engine/time/years';
import { linesOf, messageIdKeys, traceKeys } from '../engine/index/traceLines';
import { hashLowerString } from '../engine/index/keyHash';
import { lookupOf } from '../engine/index/lookup';
import { HashSet } from '../engine/index/paged';
import { postfixDelivery, postfixMessageId } from '../engine/formats/postfix';
import { parseQuery, TraceLog, TraceMessage, TraceSet } from '../engine/traceLogs';
import type { ReadOptions } from '../io/read';
import { ReadCancelled, readError } from '../io/errors';
import { inTurns } from '../io/pace';
import { timelines } from './files';
import { extend, IndexedLog, indexFile, readLines, readLinesSync } from './indexFile';
import { anchorYears } from '../engine/time/anchor';

export interface LogSetOptions extends ReadOptions {
  /** The year of the last line of every syslog timeline (else the newest file's modification time, anchored to the dated logs). */
  year?: number;
  /** The name shown for a file (default: as given). */
  label?: (file: string) => string;
  /**
   * A file that cannot be read (missing, truncated, corrupt): told here, in one line naming it, and
   * left out, so that one bad file does not stop the others. Without it, the error is thrown.
   */
  skipped?: (message: string) => void;
}

/** The recipient of an LMTP delivery (port 7025) that the MTA did not log as sent. */
function lmtpNotSent(line: string): string | undefined {
  const at = line.indexOf(': to=<');
  const d = at >= 0 ? postfixDelivery.regex.exec(line.slice(at + 2))?.groups : undefined;
  return d && d.status !== 'sent' && d.relay.endsWith(':7025') ? d.to : undefined;
}

export class LogSet {
  private constructor(
    /** Timelines (a log and its rotations), each oldest first. */
    readonly timelines: IndexedLog[][],
    private readonly options: LogSetOptions,
  ) {}

  /**
   * Indexes the files, each once, all at the same time: the parts of the plain ones share the
   * worker threads (one per core, logs/indexParts.ts), compressed ones stream meanwhile.
   */
  static async index(files: readonly string[], options: LogSetOptions = {}): Promise<LogSet> {
    const groups = await Promise.all(timelines(files).map(async (group) => (await Promise.all(group.map((f) => indexOrSkip(f, options)))).flat()));
    return new LogSet(groups.filter((g) => g.length), options);
  }

  /**
   * The set for `files` now: logs unchanged since they were indexed are kept, plain files that
   * grew (appended to) get only their new lines indexed, the others are indexed again.
   */
  async update(files: readonly string[]): Promise<LogSet> {
    const known = new Map(this.logs.filter((l) => !l.member).map((l) => [l.path, l]));
    const groups: IndexedLog[][] = [];
    for (const group of timelines(files)) {
      const logs: IndexedLog[] = [];
      for (const f of group) {
        const old = known.get(f);
        const now = old ? await fs.promises.stat(f).catch(() => undefined) : undefined;
        if (old && now && now.size === old.size && now.mtimeMs === old.mtimeMs) logs.push(old);
        else if (old && now && old.seekable && now.size > old.size && (await extend(old, now.size, now.mtimeMs))) logs.push(old);
        else logs.push(...(await indexOrSkip(f, this.options)));
      }
      if (logs.length) groups.push(logs);
    }
    return new LogSet(groups, this.options);
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
    // The lookups the plan reads are made first, in steps (one of a large index took tens of ms at once).
    const addresses = !!parseQuery(query).address;
    for (const log of this.logs) await inTurns(lookupOf(log.index).prepare(addresses));
    const plan = this.plan(query);
    for (let step = plan.next(); ; ) {
      if (step.done) return step.value;
      const got = new Map<IndexedLog, Map<number, string>>();
      for (const [log, lines] of step.value) got.set(log, await readLines(log, lines, this.options));
      step = plan.next(got);
    }
  }

  /**
   * The same at once, for a hover or a code lens that cannot wait: when every line it needs can be
   * read by offset (plain files); undefined when some must be decompressed.
   */
  traceSetSync(query: string): TraceSet | undefined {
    const plan = this.plan(query);
    for (let step = plan.next(); ; ) {
      if (step.done) return step.value;
      const got = new Map<IndexedLog, Map<number, string>>();
      for (const [log, lines] of step.value) {
        if (lines.length && !log.seekable) return undefined;
        got.set(log, readLinesSync(log, lines));
      }
      step = plan.next(got);
    }
  }

  /** What a query reads, step by step (the lines it needs, then the lines naming their Message-IDs), and the tracer over them. */
  private *plan(query: string): Generator<Map<IndexedLog, number[]>, TraceSet, Map<IndexedLog, Map<number, string>>> {
    const q = parseQuery(query);
    const all = this.logs;
    const keys = traceKeys(all.map((l) => l.index), q);
    const ids = messageIdKeys(q.messageId ? [q.messageId] : []);
    const wanted = new Map<IndexedLog, number[]>();
    for (const log of all) {
      const ix = log.index;
      const lines = linesOf(ix, keys, ids);
      for (const n of [ix.firstTimed, ix.lastTimed]) if (n >= 0) lines.push(n);
      wanted.set(log, sortedUnique(lines));
    }
    const texts = yield wanted;
    const found = new Set<string>();
    for (const got of texts.values()) {
      for (const t of got.values()) {
        const at = t.indexOf(': message-id=');
        const id = at < 0 ? undefined : postfixMessageId.regex.exec(t.slice(at + 2))?.groups?.messageId;
        if (id) found.add(id);
      }
    }
    const more = messageIdKeys(found);
    // Recipients refused by the mailbox server: its rejections of them (at RCPT time, in no session
    // of the message) are read with the session they were logged in.
    const refused = new HashSet();
    for (const got of texts.values()) {
      for (const t of got.values()) {
        const to = lmtpNotSent(t);
        if (to) refused.add(hashLowerString(to));
      }
    }
    const extra = new Map<IndexedLog, number[]>();
    for (const log of all) {
      const lines = linesOf(log.index, new HashSet(), more);
      if (refused.size) {
        const l = lookupOf(log.index);
        for (const r of refused.values()) {
          for (const n of l.addressLines(r)) {
            if (log.index.keyOf(n) !== 0) continue; // an MTA line
            lines.push(n);
            const session = l.messageIdOn(n);
            if (session) lines.push(...l.messageIdLines(session));
          }
        }
      }
      extra.set(log, sortedUnique(lines).filter((n) => !texts.get(log)!.has(n)));
    }
    for (const [log, got] of yield extra) for (const [n, t] of got) texts.get(log)!.set(n, t);
    const logs = this.timelines.map((group) => this.sparseLog(group, texts));
    if (this.options.year === undefined) anchorYears(logs);
    return new TraceSet(logs);
  }

  /** One timeline as a sparse TraceLog holding the lines read. */
  private sparseLog(group: IndexedLog[], texts: Map<IndexedLog, Map<number, string>>): TraceLog {
    let first = 0;
    const files = [];
    let newest = 0;
    for (const log of group) {
      files.push({ name: this.options.label ? this.options.label(log.label) : log.label, firstLine: first });
      newest = Math.max(newest, log.mtimeMs);
      first += log.index.lineCount;
    }
    const log = TraceLog.sparse(files, first, yearsOfFiles(group.map((l) => l.index)));
    let offset = 0;
    for (const l of group) {
      const got = texts.get(l)!;
      for (const n of [...got.keys()].sort((a, b) => a - b)) log.addLine(offset + n, got.get(n)!);
      offset += l.index.lineCount;
    }
    return log.finish(this.options.year ?? new Date(newest));
  }
}

async function indexOrSkip(file: string, options: LogSetOptions): Promise<IndexedLog[]> {
  try {
    return await indexFile(file, options);
  } catch (e) {
    if (!options.skipped || e instanceof ReadCancelled) throw e;
    options.skipped(readError(file, e).message);
    return [];
  }
}

function sortedUnique(a: number[]): number[] {
  a.sort((x, y) => x - y);
  return a.filter((v, i) => i === 0 || v !== a[i - 1]);
}
