// What the investigation subcommands (activity, restarts, changes, logins, redact) share: their
// options, the files they read (grouped into timelines: a log and its rotations), times in their
// JSON, and log text made safe for a terminal.
import { ScanOptions } from '../disk/investigateScan';
import { showTime } from '../features/investigate/logLike';
import { timelines } from '../logs/files';
import { parseArgs, ParsedArgs } from './args';
import { CliError, notice } from './errors';
import { l10n } from '../engine/l10n';

export interface InvestigateArgs extends ParsedArgs {
  json: boolean;
  scan: ScanOptions;
}

/** `--json`, `--year YYYY` and the subcommand's own options. */
export function investigateArgs(argv: readonly string[], spec: Record<string, 'string' | 'boolean'> = {}): InvestigateArgs {
  const args = parseArgs(argv, { json: 'boolean', year: 'string', ...spec });
  const y = args.options.year;
  if (y !== undefined && !/^\d{4}$/.test(String(y))) throw new CliError(l10n.t('--year takes a four-digit year'));
  return { ...args, json: args.options.json === true, scan: { year: y === undefined ? undefined : Number(y), notice } };
}

/** The files as timelines (rotations oldest first); "-" (standard input) on its own. */
export function groupsOf(files: readonly string[], what: string, stdin = true): string[][] {
  if (!files.length) throw new CliError(l10n.t('{0} needs at least one FILE (see --help)', what));
  if (!stdin && files.includes('-')) throw new CliError(l10n.t('{0} reads files, not standard input', what));
  return timelines(files);
}

/** An engine's complaint about the input (a query it cannot read) as a usage error. */
export async function asInputError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError((e as Error).message);
  }
}

/** A time in the JSON output: `YYYY-MM-DD HH:MM:SS` as the log wrote it, or null. */
export const jsonTime = (t: number | undefined): string | null => (t !== undefined && Number.isFinite(t) ? showTime(t) : null);

export const time = (t: number | undefined): string => jsonTime(t) ?? '????-??-?? ??:??:??';

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Writes `s`, waiting when the pipe is full (memory stays bounded however much is printed). */
export function write(s: string): Promise<void> | undefined {
  if (process.stdout.write(s)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', resolve));
}

/**
 * Output gathered into writes of about 64 KB (a write per line would be a system call per line;
 * larger batches measured slower: a 1 MB string is joined and encoded in the old generation),
 * encoded into two buffers used in turn: one is written while the other fills. A buffer of its
 * own per write would be fresh memory each time (measured: a heavy account's 60 MB of JSON cost
 * 9,000 page faults), and a write in flight keeps its buffer until it is out: waiting for that
 * also bounds the memory however much is printed.
 */
export class Batched {
  private parts: string[] = [];
  private size = 0;
  private readonly bufs = [Buffer.allocUnsafeSlow(1 << 18), Buffer.allocUnsafeSlow(1 << 18)];
  private readonly inFlight: (Promise<void> | undefined)[] = [undefined, undefined];
  private turn = 0;

  /** Adds `s`; a promise when a batch is on its way and the other buffer is still being written (await it). */
  add(s: string): Promise<void> | undefined {
    this.parts.push(s);
    this.size += s.length;
    return this.size >= 1 << 16 ? this.send() : undefined;
  }

  /** Everything added, written. */
  async flush(): Promise<void> {
    await this.send();
    await Promise.all(this.inFlight);
  }

  /** The batch, into the buffer whose turn it is once its last write is out. */
  private async send(): Promise<void> {
    const s = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!s) return;
    const k = this.turn;
    this.turn ^= 1;
    await this.inFlight[k];
    // At most 3 bytes of UTF-8 for each UTF-16 unit.
    if (this.bufs[k].length < 3 * s.length) this.bufs[k] = Buffer.allocUnsafeSlow(3 * s.length);
    const n = this.bufs[k].write(s, 0, 'utf8');
    const written = writeBytes(this.bufs[k].subarray(0, n));
    // A failed write is the stream's error too (cli/main.ts); the promise tells it when awaited.
    written.catch(() => undefined);
    this.inFlight[k] = written;
  }
}

/** Writes `b`; settles once it is written (until then `b` must not change). */
export function writeBytes(b: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(b, (e) => (e ? reject(e) : resolve())));
}

/**
 * `{"key": [items...]}` as writeJson prints it, written item by item (a long list is never one
 * string), each item's JSON text given by `text` (indented as an item of the list: see listItem).
 */
export async function writeJsonTexts<T>(key: string, items: readonly T[], text: (item: T) => string): Promise<void> {
  const out = new Batched();
  await out.add(`{\n  ${JSON.stringify(key)}: [`);
  for (let i = 0; i < items.length; i++) {
    const sep = out.add(i ? ',\n    ' : '\n    ');
    if (sep) await sep;
    const p = out.add(text(items[i]));
    if (p) await p;
  }
  await out.add(items.length ? '\n  ]\n}\n' : ']\n}\n');
  await out.flush();
}

/** An object of a list's items as writeJson indents it, from its fields' JSON (`"key": value`). */
export const listItem = (fields: readonly string[]): string => `{\n      ${fields.join(',\n      ')}\n    }`;

/** 0 when something was found, 1 when nothing was. */
export const found = (n: number): number => (n > 0 ? 0 : 1);
