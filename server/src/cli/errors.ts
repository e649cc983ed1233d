/** An error the CLI reports as one line on stderr, exiting with `code` (2: usage or input). */
export class CliError extends Error {
  constructor(message: string, readonly code = 2) {
    super(message);
  }
}
