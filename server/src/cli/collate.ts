// `zimbra-logs collate [--grep REGEX] [FILE...]`: collate.pl's output, byte for byte.
import { Collator, CollatedTransaction } from '../engine/collate';
import { CliError } from './errors';
import { inputBlocks } from './input';
import { ByteWriter } from './output';
import { parseArgs } from './args';

export const collateHelp = `Usage: zimbra-logs collate [--grep REGEX] [FILE...]

Groups the lines of each Postfix transaction (one queue ID) together, exactly as
collate.pl does: every transaction is printed when Postfix removes it from the
queue, the incomplete ones at the end, each followed by an empty line.
RFC3339 timestamps (which collate.pl skips) are understood too.

FILE may be plain or gzip-compressed; with no FILE, or "-", standard input is read.

  --grep REGEX   print only the transactions whose text matches REGEX
                 (a JavaScript regular expression), e.g. a Message-ID
`;

/** A pattern given in UTF-8 that matches the latin1 view of the bytes. */
function byteRegExp(source: string): RegExp {
  try {
    return new RegExp(Buffer.from(source, 'utf8').toString('latin1'));
  } catch (e) {
    throw new CliError(`--grep: invalid regular expression: ${(e as Error).message}`);
  }
}

function transactionText(t: CollatedTransaction): string {
  let s = '';
  for (const seg of t.segs) s += Buffer.from(seg.buf.buffer, seg.buf.byteOffset + seg.start, seg.end - seg.start).toString('latin1');
  return s;
}

export async function collateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { grep: 'string' });
  const grep = args.options.grep !== undefined ? byteRegExp(String(args.options.grep)) : undefined;
  const files = args.positional.length ? args.positional : ['-'];
  const out = new ByteWriter();
  const collator = new Collator((t) => {
    if (grep && !grep.test(transactionText(t))) return;
    for (const s of t.segs) out.write(s.buf as Buffer, s.start, s.end);
    out.writeNewline();
  }, (n) => Buffer.allocUnsafe(n));
  try {
    let line = 0;
    for (const name of files) {
      for await (const block of inputBlocks(name)) {
        let pos = 0;
        while (pos < block.length) {
          const nl = block.indexOf(10, pos);
          const end = nl < 0 ? block.length : nl + 1;
          collator.push(block, pos, end, line++);
          pos = end;
        }
        collator.retire(block);
      }
    }
    collator.end();
  } finally {
    out.flush();
  }
  return 0;
}
