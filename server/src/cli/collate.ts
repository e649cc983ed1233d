// `zimbra-logs collate [--grep REGEX] [FILE...]`: collate.pl's output, byte for byte.
import { Collator } from '../engine/collate';
import { CliError } from './errors';
import { inputLines } from './input';
import { ByteWriter } from './output';
import { parseArgs } from './args';

export const collateHelp = `Usage: zimbra-logs collate [--grep REGEX] [FILE...]

Groups the lines of each Postfix transaction (one queue ID) together, exactly as
collate.pl does: every transaction is printed when Postfix removes it from the
queue, the incomplete ones at the end, each followed by an empty line.

FILE may be plain or gzip-compressed; with no FILE, or "-", standard input is read.

  --grep REGEX   print only the transactions whose text matches REGEX
                 (a JavaScript regular expression), e.g. a Message-ID
`;

/** A pattern given in UTF-8 that matches the latin1 view of the bytes (see input.ts). */
function byteRegExp(source: string): RegExp {
  try {
    return new RegExp(Buffer.from(source, 'utf8').toString('latin1'));
  } catch (e) {
    throw new CliError(`--grep: invalid regular expression: ${(e as Error).message}`);
  }
}

export async function collateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { grep: 'string' });
  const grep = args.options.grep !== undefined ? byteRegExp(String(args.options.grep)) : undefined;
  const files = args.positional.length ? args.positional : ['-'];
  const out = new ByteWriter();
  const collator = new Collator((t) => {
    if (!grep || grep.test(t.text)) out.write(t.text + '\n');
  });
  try {
    for await (const line of inputLines(files)) collator.push(line);
    collator.end();
  } finally {
    out.flush();
  }
  return 0;
}
