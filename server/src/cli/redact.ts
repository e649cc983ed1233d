// `zimbra-logs redact FILE...`: the logs with e-mail addresses, IP addresses, host and domain names
// and account names replaced by pseudonyms, consistent across every file given: the editor's
// "Redact" command's text (engine/investigate/redact.ts, one Redactor for the whole run), streamed.
import { Redactor } from '../engine/investigate/redact';
import { visible } from '../engine/visible';
import { areaBlocks } from '../io/blocks';
import { notice } from './errors';
import { parseArgs } from './args';
import { found, write } from './investigateCommon';
import { l10n } from '../engine/l10n';

export const redactHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs redact [FILE...]

Prints the logs (any Zimbra or Postfix log; plain, gzip or an archive; "-" or no FILE
reads standard input) with e-mail addresses (Message-IDs' too), IPv4 and IPv6 addresses
(not 127.x), host and domain names, syslog host names and account names replaced by
pseudonyms: user7@domain2.example, 198.18.0.3, 2001:db8::4, domain5.example, host1,
account2. One value gets the same pseudonym everywhere, in every file given, so the
story stays readable: the text the editor's "Redact" command makes. Files follow one
another in the order given. On a terminal, control characters show as U+FFFD.

Exit status: 0 when something was replaced, 1 when nothing was, 2 on a usage or input error.
`,
  );

const AREA = 8 << 20;

export async function redactCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {});
  const files = args.positional.length ? args.positional : ['-'];
  const r = new Redactor();
  const area = Buffer.allocUnsafe(AREA);
  const utf8 = new TextDecoder();
  const tty = process.stdout.isTTY === true;
  let last = 10;
  for (const f of files) {
    // A file that does not end with a newline does not run into the next one.
    if (last !== 10) await write('\n');
    // Blocks are whole lines: a UTF-8 sequence never spans two.
    for await (const b of areaBlocks(f, { buf: area, start: 0, size: area.length }, { notice })) {
      if (b.end > b.start) last = b.buf[b.end - 1];
      let text = r.text(utf8.decode(b.buf.subarray(b.start, b.end)));
      if (tty) text = text.split('\n').map(visible).join('\n');
      await write(text);
    }
  }
  return found(Object.values(r.counts).reduce((a, b) => a + b, 0));
}
