// `zimbra-logs redact FILE...`: the logs with e-mail addresses, IP addresses, host and domain names
// and account names replaced by pseudonyms, consistent across every file given: the editor's
// "Redact" command's text (engine/investigate/redact.ts, one Redactor for the whole run), streamed.
import { Redactor } from '../engine/investigate/redact';
import { WasmScan, wasmRuns } from '../engine/investigate/redactWasm';
import { ByteOut } from '../engine/byteOut';
import { visibleLines } from '../engine/visible';
import { foundBlocks, SLOT_SIZES, wantsWorker } from './redactInput';
import { notice } from './errors';
import { parseArgs } from './args';
import { found, write, writeBytes } from './investigateCommon';
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
  // The scan in WebAssembly where the runtime runs it (the same output as RedactScan's, in about half the CPU time).
  const wasm = wasmRuns();
  let scan: WasmScan | undefined;
  const r = wasm ? new Redactor((names) => (scan = new WasmScan(names))) : new Redactor();
  // Two outputs: one block is redacted into one while the other is being written.
  const outs = [new ByteOut(AREA), new ByteOut(AREA)];
  const written: (Promise<void> | undefined)[] = [undefined, undefined];
  const tty = process.stdout.isTTY === true;
  let n = 0;
  let last = 10;
  // A worker thread writes the blocks and what it found in them into the slots in the scan's memory, read there (without the WebAssembly, into slots it makes).
  const slots = wasm ? () => scan!.regions(SLOT_SIZES) : undefined;
  for await (const x of foundBlocks(files, notice, (b, start, end, lines, events) => r.findRuns(b, start, end, lines, events), wantsWorker(files), slots)) {
    // A file that does not end with a newline does not run into the next one (nor does an empty one after it).
    if (x.kind === 'file') {
      if (last !== 10) await write('\n');
      continue;
    }
    last = x.last;
    const k = n++ & 1;
    await written[k];
    // Written from the scan's memory where it was made, unless on a terminal; waited for when not written at once (the next block's output goes there).
    const made = tty ? undefined : scan?.applied(x.b, x.start, x.end, x.events);
    if (made) {
      written[k] = writeBytes(made);
      if (process.stdout.writableLength > 0) await written[k];
      continue;
    }
    outs[k].clear();
    r.bytesFound(x.b, x.start, x.end, x.events, outs[k]);
    written[k] = tty ? write(visibleLines(Buffer.from(outs[k].view()).toString())) : writeBytes(outs[k].view());
  }
  await Promise.all(written);
  const c = r.counts;
  return found(c.email + c.ip + c.host + c.account);
}
