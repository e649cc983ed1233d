// One wording for every failure to read a log, naming the file: the CLI prints it as its one line on
// stderr, the language server shows it, whichever command met it.

import { l10n } from '../engine/l10n';

/** Marks a LogReadError, whichever bundle made it (dist/cli.js and each dist/cli/NAME.js have their own copy of this class). */
const BRAND = Symbol.for('zimbra-logs.LogReadError');

export class LogReadError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }

  /** `e instanceof LogReadError` holds across bundles too. */
  static [Symbol.hasInstance](e: unknown): boolean {
    return typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;
  }
}

/** The read was cancelled (the request that wanted it went away). */
export class ReadCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** What went wrong, in words (without the file name). */
export function problemOf(e: unknown): string {
  if (e instanceof LogReadError) return e.problem;
  const err = e as NodeJS.ErrnoException | undefined;
  const code = typeof err?.code === 'string' ? err.code : '';
  const message = String(err?.message ?? e);
  if (code === 'ENOENT') return l10n.t('no such file');
  if (code === 'EACCES' || code === 'EPERM') return l10n.t('permission denied');
  if (code === 'EISDIR') return l10n.t('is a directory');
  if (code === 'ENOTDIR') return l10n.t('no such file (a part of its path is not a folder)');
  if (code === 'EMFILE' || code === 'ENFILE') return l10n.t('too many open files');
  if (code === 'EIO') return l10n.t('input/output error');
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/.test(message)) return l10n.t('truncated gzip data (the file ends before its compressed stream does)');
  if (code.startsWith('Z_')) return l10n.t('corrupt gzip data ({0})', message.replace(/^[a-z ]*: ?/i, '') || code);
  if (err?.name === 'TarError') return message;
  return message;
}

/** `e` as a LogReadError about `file` (kept when it already is one). */
export function readError(file: string, e: unknown): LogReadError {
  if (e instanceof LogReadError) return e;
  return new LogReadError(file, problemOf(e));
}
