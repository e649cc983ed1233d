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

/** Output gathered into writes of about 64 KB (a write per line would be a system call per line; larger batches measured slower: a 1 MB string is joined and encoded in the old generation). */
export class Batched {
  private parts: string[] = [];
  private size = 0;

  /** Adds `s`; a promise when the batch was written and the pipe is full (await it). */
  add(s: string): Promise<void> | undefined {
    this.parts.push(s);
    this.size += s.length;
    return this.size >= 1 << 16 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    const s = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (s) await write(s);
  }
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
