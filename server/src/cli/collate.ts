// `zimbra-logs collate [--grep REGEX] [FILE...]`: collate.pl's output, byte for byte.
//
// Input and output share one buffer: blocks of whole lines are read into its input area, and the
// lines of a finished transaction (most of them still in that area) are moved to its output area
// with copyWithin, the cheapest copy there is per line. Lines pending when the next block is read
// are copied out by the collator (`retire`).
import { Collator } from '../engine/collate';
import { CollateLimit } from '../engine/collateLines';
import { LineRecords } from '../engine/collateLines';
import { CliError, notice } from './errors';
import { areaBlocks } from '../io/blocks';
import { ByteWriter } from './output';
import { parseArgs } from './args';
import { l10n } from '../engine/l10n';

export const collateHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs collate [--grep REGEX] [FILE...]

Groups the lines of each Postfix transaction (one queue ID) together, exactly as
collate.pl does: every transaction is printed when Postfix removes it from the
queue, the incomplete ones at the end, each followed by an empty line.
RFC3339 timestamps (which collate.pl skips) are understood too.

FILE may be plain or gzip-compressed; with no FILE, or "-", standard input is read.

  --grep REGEX   print only the transactions whose text matches REGEX
                 (a JavaScript regular expression), e.g. a Message-ID

Exit status: 0 when some transaction was printed (always without --grep: the collated
log, empty or not), 1 when --grep matched none (as grep), 2 on a usage or input error.
`,
  );

/**
 * The input area (two halves: one is read into while the other's lines are collated) and the
 * output area (two halves: one is written out while the other fills). Larger blocks mean fewer
 * pending lines to copy out, and more memory.
 */
const INPUT_SIZE = 8 << 20;
const OUTPUT_SIZE = 8 << 20;

/** A pattern given in UTF-8 that matches the latin1 view of the bytes. */
function byteRegExp(source: string): RegExp {
  try {
    return new RegExp(Buffer.from(source, 'utf8').toString('latin1'));
  } catch (e) {
    throw new CliError(l10n.t('--grep: invalid regular expression: {0}', (e as Error).message));
  }
}

function transactionText(lines: LineRecords, head: number): string {
  let s = '';
  for (let r = head; r !== 0; r = lines.next[r]) {
    const b = lines.bytesOf(r);
    s += Buffer.from(b.buffer, b.byteOffset + lines.start[r], lines.end[r] - lines.start[r]).toString('latin1');
  }
  return s;
}

/** A transaction's lines, then an empty line; lines adjacent in the same buffer go out in one copy. */
function writeTransaction(out: ByteWriter, lines: LineRecords, head: number): void {
  const { start, end, next } = lines;
  let r = head;
  while (r !== 0) {
    const b = lines.bytesOf(r);
    const s = start[r];
    let e = end[r];
    r = next[r];
    while (r !== 0 && start[r] === e && lines.bytesOf(r) === b) {
      e = end[r];
      r = next[r];
    }
    out.write(b, s, e);
  }
  out.writeNewline();
}

export async function collateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { grep: 'string' });
  const grep = args.options.grep !== undefined ? byteRegExp(String(args.options.grep)) : undefined;
  const files = args.positional.length ? args.positional : ['-'];
  const mem = Buffer.allocUnsafe(OUTPUT_SIZE + INPUT_SIZE);
  const out = new ByteWriter(1, mem, 0, OUTPUT_SIZE, true);
  const area = { buf: mem, start: OUTPUT_SIZE, size: INPUT_SIZE };
  let printed = 0;
  const collator = new Collator((_id, head) => {
    if (grep && !grep.test(transactionText(collator.lines, head))) return;
    printed++;
    writeTransaction(out, collator.lines, head);
  });
  try {
    let line = 0;
    for (const name of files) {
      for await (const block of areaBlocks(name, area, { notice })) {
        line = collator.feed(block.buf, block.start, block.end, line);
        await out.handOff();
      }
    }
    collator.end();
  } catch (e) {
    if (e instanceof CollateLimit) throw new CliError(`${files.length === 1 ? (files[0] === '-' ? l10n.t('standard input') : files[0]) : files.join(', ')}: ${e.message}`);
    throw e;
  } finally {
    await out.close();
  }
  return printed || !grep ? 0 : 1;
}
