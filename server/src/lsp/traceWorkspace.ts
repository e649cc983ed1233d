// zimbraLogs/trace: the logs of a workspace folder (plain, .gz and archives, rotated files as one
// timeline), indexed once into a LogSet that every trace of the folder queries (and that grows
// with logs that grow), and the text of a trace with the URI and line of every log line in it.
// Small folders are also read whole in the background, so that hovers and code lenses can show
// a message's path across files without waiting for disk.
import { l10n } from '../engine/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TraceSet } from '../engine/traceLogs';
import { LogSet } from '../logs/logSet';
import { messageSummary, traceText } from '../engine/traceText';
import type { TraceParams, TraceResult } from '../../../common/protocol';
import { readTraceSet } from '../logs/wholeLogs';
import { findLogs, timelines } from '../logs/files';

/** Names, sizes and modification times: a folder's logs are the same while this is. */
/** What a set of files is now (paths, sizes, modification times): equal while none changed. */
export function signatureOf(files: readonly string[]): string {
  return files
    .map((f) => {
      try {
        const s = fs.statSync(f);
        return `${f}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${f}:-`;
      }
    })
    .join('\n');
}

interface SettledIndex {
  set: LogSet;
  /** Paths by file, line and queue ID (undefined: no path across files). */
  summaries: Map<string, string | undefined>;
}

/** Paths waiting to be read from compressed logs at most (hovers and lenses of what is on screen). */
const MAX_WAITING = 64;

interface Cached {
  signature: string;
  files: string[];
  set: Promise<TraceSet>;
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export class WorkspaceTraces {
  private readonly cache = new Map<string, Cached>();
  /** Each folder's indexed logs (what a trace queries), and the signature of its files when indexed. */
  private readonly indexed = new Map<string, { signature: string; set: Promise<LogSet> }>();
  /** Files of a folder that could not be read, by path: one line each, shown with a trace. */
  private readonly skippedFiles = new Map<string, string>();

  /** The folder's LogSet: indexed once, kept while its files are unchanged, extended when they grow. */
  async logSetOf(folder: string): Promise<{ set: LogSet; files: string[] }> {
    const files = findLogs(folder);
    const signature = signatureOf(files);
    let c = this.indexed.get(folder);
    if (!c || c.signature !== signature) {
      const previous = c?.set;
      for (const f of files) this.skippedFiles.delete(f);
      const options = { skipped: (m: string) => this.skippedFiles.set(m.slice(0, m.indexOf(': ')), m) };
      const set = (previous ? previous.then((p) => p.update(files), () => LogSet.index(files, options)) : LogSet.index(files, options)).catch((e) => {
        this.indexed.delete(folder);
        throw e;
      });
      c = { signature, set };
      this.indexed.set(folder, c);
      this.settledIndexes.delete(folder);
      set.then((x) => this.settledIndexes.set(folder, { set: x, summaries: new Map() }), () => undefined);
    }
    return { set: await c.set, files };
  }

  /** The folder a request is about: `folder`, else the directory of `uri`. */
  folderOf(params: { folder?: string; uri?: string }): string | undefined {
    const f = params.folder ? toPath(params.folder) : undefined;
    if (f) return f;
    const u = params.uri ? toPath(params.uri) : undefined;
    return u ? path.dirname(u) : undefined;
  }

  /** The TraceSet of a folder's logs (built once per set of file sizes and modification times). */
  async setOf(folder: string): Promise<{ set: TraceSet; files: string[] }> {
    const files = findLogs(folder);
    const signature = signatureOf(files);
    let c = this.cache.get(folder);
    if (!c || c.signature !== signature) {
      // In small chunks: requests are answered between them.
      c = { signature, files, set: readTraceSet(files, { label: (f) => f }) };
      this.cache.set(folder, c);
      c.set.then(
        (set) => this.settled.set(folder, set),
        () => this.cache.delete(folder),
      );
    }
    return { set: await c.set, files: c.files };
  }

  /**
   * Reads the folder's logs in the background when they are small enough (so that hovers and code
   * lenses can show paths across files without a trace having been asked for); resolves true
   * when a set was read.
   */
  async preload(folder: string, maxBytes: number): Promise<boolean> {
    if (this.settled.has(folder)) return false;
    let total = 0;
    for (const f of findLogs(folder)) {
      try {
        total += fs.statSync(f).size;
      } catch {
        // a file that vanished does not count
      }
      if (total > maxBytes) return false;
    }
    await this.setOf(folder);
    return true;
  }

  /** The folder's TraceSet if one was built already (hovers and code lenses do not wait for disk). */
  ready(folder: string): TraceSet | undefined {
    return this.settled.get(folder);
  }

  private readonly settled = new Map<string, TraceSet>();

  /**
   * The path, across the folder's logs, of the message with a transaction at line `line` (0-based)
   * of the log `uri`, once a trace has read that folder (hovers do not wait for disk).
   */
  summaryAt(uri: string, line: number, queueId: string): string | undefined {
    const file = toPath(uri);
    if (!file) return undefined;
    for (const [folder, set] of this.settled) {
      if (!file.startsWith(folder + path.sep)) continue;
      return summaryIn(set, file, line, queueId);
    }
    // A folder indexed for a trace: the message's lines read by offset, once per transaction.
    for (const [folder, c] of this.settledIndexes) {
      if (!file.startsWith(folder + path.sep)) continue;
      const key = `${file}\n${line}\n${queueId}`;
      if (!c.summaries.has(key)) {
        const set = c.set.traceSetSync(queueId);
        if (set) c.summaries.set(key, summaryIn(set, file, line, queueId));
        else this.readLater(c, key, () => c.set.traceSet(queueId).then((s) => summaryIn(s, file, line, queueId)));
      }
      return c.summaries.get(key);
    }
    return undefined;
  }

  private readonly settledIndexes = new Map<string, SettledIndex>();

  /** Called when paths that needed compressed lines were read (code lenses may now show more). */
  onSummaries?: () => void;
  /** Summaries waiting for compressed logs to be read, one read at a time, in the order asked. */
  private readonly waiting: { c: SettledIndex; key: string; read: () => Promise<string | undefined> }[] = [];
  private reading = false;

  /**
   * A path whose lines are in a compressed log or an archive member (they cannot be read by
   * offset): read in the background, one at a time; the hover or lens that asked shows the path
   * once it is there. At most MAX_WAITING wait (the latest asked are the ones on screen).
   */
  private readLater(c: SettledIndex, key: string, read: () => Promise<string | undefined>): void {
    if (this.waiting.some((w) => w.c === c && w.key === key)) return;
    this.waiting.push({ c, key, read });
    if (this.waiting.length > MAX_WAITING) this.waiting.shift();
    if (!this.reading) void this.drain();
  }

  private async drain(): Promise<void> {
    this.reading = true;
    let any = false;
    try {
      for (let w = this.waiting.shift(); w; w = this.waiting.shift()) {
        const summary = await w.read().catch(() => undefined);
        w.c.summaries.set(w.key, summary);
        any = true;
      }
    } finally {
      this.reading = false;
    }
    if (any) this.onSummaries?.();
  }

  async trace(params: TraceParams): Promise<TraceResult> {
    const folder = this.folderOf(params);
    if (!folder) throw new Error(l10n.t('Zimbra Logs: trace needs a folder (open a folder or a log file)'));
    const { set, files } = await this.logSetOf(folder);
    const messages = await set.trace(params.query);
    const rel = (f: string) => path.relative(folder, f) || path.basename(f);
    const t = traceText(messages, rel);
    const skipped = files.map((f) => this.skippedFiles.get(f)).filter((m): m is string => !!m);
    const note = skipped.length ? `${l10n.t('Not read ({0}): {1}', skipped.length, skipped.join('; '))}\n` : '';
    const text = (messages.length ? t.text : `${l10n.t('No message in {0} log(s) of {1} matches {2}.', files.length - skipped.length, folder, params.query)}\n`) + note;
    return {
      text,
      locations: t.locations.map((l) => ({ line: l.textLine, uri: pathToFileURL(l.file).toString(), logLine: l.line - 1 })),
      messages: messages.length,
      files: timelines(files).flat().map((f) => pathToFileURL(f).toString()),
    };
  }
}

/** The path of the message with a transaction of `queueId` at line `line` (0-based) of `file`. */
function summaryIn(set: TraceSet, file: string, line: number, queueId: string): string | undefined {
  for (const log of set.logs) {
    const i = log.files.findIndex((f) => f.name === file);
    if (i < 0) continue;
    const n = log.files[i].firstLine + line;
    // Only the records of this queue ID (a lens is resolved per transaction: no scan of all records).
    const ids = log.index.byQueueId.get(queueId) ?? [];
    const r = ids.map((id) => log.index.records[id]).find((x) => x.lines.includes(n));
    if (!r) return undefined;
    const m = set.messagesOf([{ log, record: r }]).find((x) => x.hops.some((h) => h.record === r));
    return m ? messageSummary(m) : undefined;
  }
  return undefined;
}
