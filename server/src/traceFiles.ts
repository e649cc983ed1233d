// Reading logs from disk for the tracer (the CLI's `trace` and the language server's
// zimbraLogs/trace): files grouped into timelines (a log and its rotations, oldest first),
// gzip read through zlib, the year of BSD syslog lines inferred from the newest file's
// modification time (or a given year).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import { TraceLog, TraceSet } from './engine/traceLogs';

/** `name.N`, `name.N.gz`, `name-YYYYMMDD[.gz]`, `name.YYYY-MM-DD[.gz]`, `name.gz`. */
const ROTATED = /^(.*?)(?:\.(\d{1,3})|-(\d{8})|\.(\d{4}-\d\d-\d\d))?(?:\.gz)?$/;

/** The timeline a file belongs to and its place in it (smaller is older). */
export function rotation(file: string): { group: string; order: [number, number] } {
  const dir = path.dirname(file);
  const m = ROTATED.exec(path.basename(file))!;
  const base = path.join(dir, m[1]);
  if (m[3] || m[4]) return { group: base, order: [0, Number((m[3] ?? m[4]).replace(/-/g, ''))] };
  if (m[2]) return { group: base, order: [1, -Number(m[2])] };
  return { group: base, order: [2, 0] };
}

/** The files grouped into timelines, each oldest first. */
export function timelines(files: readonly string[]): string[][] {
  const groups = new Map<string, { file: string; order: [number, number] }[]>();
  for (const f of files) {
    const r = rotation(f);
    const g = groups.get(r.group);
    if (g) g.push({ file: f, order: r.order });
    else groups.set(r.group, [{ file: f, order: r.order }]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]).map((x) => x.file));
}

/**
 * Feeds a file's text (plain or gzip, detected by its magic bytes) to `sink` in chunks of about
 * `chunkBytes`, as UTF-8 (the language server reads in smaller chunks: it answers requests in between).
 */
export async function readChunks(file: string, sink: (text: string) => void, chunkBytes = 1 << 22): Promise<void> {
  const fd = await fs.promises.open(file, 'r');
  let gz = false;
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fd.read(head, 0, 2, 0);
    gz = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fd.close();
  }
  const decoder = new StringDecoder('utf8');
  const raw = fs.createReadStream(file, { highWaterMark: chunkBytes });
  const stream: NodeJS.ReadableStream = gz ? raw.pipe(zlib.createGunzip({ chunkSize: chunkBytes })) : raw;
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => sink(decoder.write(chunk)));
    stream.on('end', () => {
      sink(decoder.end());
      resolve();
    });
    stream.on('error', reject);
    raw.on('error', reject);
  });
}

/** Feeds one file (plain or gzip) into `log`, as UTF-8 text. Rejects with a message naming the problem. */
export async function readInto(log: TraceLog, file: string, label = file, chunkBytes?: number): Promise<void> {
  log.beginFile(label);
  await readChunks(file, (text) => log.appendText(text), chunkBytes);
}

export interface ReadOptions {
  /** The year of the last line of every timeline (else the newest file's modification time). */
  year?: number;
  /** The name shown for a file (default: as given). */
  label?: (file: string) => string;
  /** Bytes read at a time (see readChunks). */
  chunkBytes?: number;
}

/** Reads the files into one TraceSet, one TraceLog per timeline. */
export async function readTraceSet(files: readonly string[], options: ReadOptions = {}): Promise<TraceSet> {
  const logs: TraceLog[] = [];
  for (const group of timelines(files)) {
    const log = new TraceLog();
    let newest = 0;
    for (const f of group) {
      newest = Math.max(newest, (await fs.promises.stat(f)).mtimeMs);
      await readInto(log, f, options.label ? options.label(f) : f, options.chunkBytes);
    }
    logs.push(log.finish(options.year ?? new Date(newest)));
  }
  if (options.year === undefined) anchorYears(logs);
  return new TraceSet(logs);
}

/**
 * Syslog timelines whose year came from a file's modification time (copied files get a new one)
 * are moved back a year or two when that brings them next to the logs that carry their years
 * (mailbox.log, RFC3339 syslog) of the same set.
 */
export function anchorYears(logs: TraceLog[]): void {
  const dated = logs.filter((l) => !l.yearless).map((l) => l.span()).filter(([a, b]) => !Number.isNaN(a) && !Number.isNaN(b));
  if (!dated.length) return;
  const distance = ([a, b]: [number, number]) => Math.min(...dated.map(([c, d]) => (b < c ? c - b : a > d ? a - d : 0)));
  for (const log of logs) {
    if (!log.yearless) continue;
    const y = log.lastYear;
    let best = y;
    let bestDistance = Infinity;
    for (const candidate of [y, y - 1, y - 2, y + 1]) {
      log.setLastYear(candidate);
      const span = log.span();
      if (Number.isNaN(span[0])) continue;
      const dist = distance(span);
      if (dist < bestDistance) {
        best = candidate;
        bestDistance = dist;
      }
    }
    log.setLastYear(best);
  }
}

/** Names of Zimbra and Postfix logs, after the rotation suffix. */
const LOG_NAME = /(?:^|[.-])(?:zimbra\.log|maillog|mail\.log|mail\.info|mail\.warn|mail\.err|mailbox\.log)$/;
const SKIP_DIR = new Set(['node_modules', '.git', '.vscode']);

/** The Zimbra/Postfix logs under `dir` (a few levels deep), as absolute paths; `names` tests the name without its rotation suffix. */
export function findLogs(dir: string, names: RegExp = LOG_NAME, depth = 3): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (depth > 0 && !e.name.startsWith('.') && !SKIP_DIR.has(e.name)) out.push(...findLogs(full, names, depth - 1));
    } else if (e.isFile()) {
      const base = ROTATED.exec(e.name)![1];
      if (names.test(base)) out.push(full);
    }
  }
  return out.sort();
}
