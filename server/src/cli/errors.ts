/** Marks a CliError, whichever bundle made it (dist/cli.js and each dist/cli/NAME.js have their own copy of this class). */
const BRAND = Symbol.for('zimbra-logs.CliError');

/** An error the CLI reports as one line on stderr, exiting with `code` (2: usage or input). */
export class CliError extends Error {
  readonly [BRAND] = true;

  constructor(message: string, readonly code = 2) {
    super(message);
  }

  /** `e instanceof CliError` holds across bundles too. */
  static [Symbol.hasInstance](e: unknown): boolean {
    return typeof e === 'object' && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;
  }
}

/** Something a reader noticed but read through (a `.gz` name on plain text): one line on stderr. */
export const notice = (message: string): void => void process.stderr.write(`zimbra-logs: ${message}\n`);
