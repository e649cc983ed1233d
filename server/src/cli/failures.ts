// `zimbra-logs failures FILE... [--json]`: every failed delivery (status=deferred, bounced,
// expired) and every NOQUEUE reject, with its cause (engine/causes/), then grouped by cause and by
// destination domain. Streams: each file's blocks are searched for the few lines that matter
// (Buffer's native search), failures are printed as they are found.
import { FailureLog, Failure, FailureReport } from '../engine/causes/failureLog';
import { FailureScan } from '../engine/causes/failureScan';
import { failureLine, failureReportText } from '../engine/causes/failureText';
import { timelines } from '../logs/files';
import * as fs from 'node:fs';
import { areaBlocks } from '../io/blocks';
import { isPlainStart, lineBlocks, readLog } from '../io/read';
import { readError } from '../io/errors';
import { parseArgs } from './args';
import { CliError, notice } from './errors';
import { l10n } from '../engine/l10n';

export const failuresHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs failures [--json] [--top N] FILE...

Every failed delivery (status=deferred, bounced or expired) and every NOQUEUE reject
of the MTA logs, each with its cause:

  recipient-unknown mailbox-full domain-not-found connection-failed tls
  authentication-policy blocklisted rate-limited greylisted spam-content
  message-too-large relay-denied other

read from the reply's enhanced status code and text (Gmail, Microsoft, Yahoo,
Mail.ru, Yandex, RFC 3463, Postfix's own wording); an expired recipient takes the
cause of its last deferral. Then the failures grouped by cause and by destination
domain: counts, first and last time, a sample reply and what to do.

Files may be gzip-compressed or tar archives; rotated files (zimbra.log.2.gz,
zimbra.log.1, zimbra.log) are read oldest first; "-" reads standard input.

  --json    {"failures": [{"line", "file", "queueId", "recipient", "status", "dsn",
            "relay", "reply", "cause", "explanation"}], "byCause": {...}, "byDomain": {...}}
  --top N   domains listed per cause (default 10)

Exit status: 0 failures found, 1 none, 2 usage or input error.
`,
  );

const INPUT_SIZE = 4 << 20;
const FLUSH = 64 << 10;

/** Output in pieces of about 64 KB, waiting when the pipe is full. */
class Out {
  private parts: string[] = [];
  private size = 0;
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }
  get full(): boolean {
    return this.size >= FLUSH;
  }
  async flush(): Promise<void> {
    if (!this.parts.length) return;
    const s = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!process.stdout.write(s)) await new Promise((r) => process.stdout.once('drain', r));
  }
}

const jsonFailure = (f: Failure, file: string) =>
  JSON.stringify({ line: f.line, file, queueId: f.queueId, recipient: f.recipient, status: f.status, dsn: f.dsn, relay: f.relay, reply: f.reply, cause: f.cause, explanation: f.explanation });

/** The groups for --json: counts, times, sample, texts (the examples are for the editor's links). */
function jsonGroups(r: FailureReport): { byCause: unknown; byDomain: unknown } {
  const strip = <T extends { examples: unknown }>({ examples, ...rest }: T) => (void examples, rest);
  return {
    byCause: Object.fromEntries(Object.entries(r.byCause).map(([k, g]) => [k, strip(g)])),
    byDomain: Object.fromEntries(Object.entries(r.byDomain).map(([k, g]) => [k, strip(g)])),
  };
}

/** Whether `name` is a plain file (read straight into the area); else gzip, an archive, a FIFO or standard input. */
function isPlainFile(name: string): boolean {
  if (name === '-') return false;
  let fd = -1;
  try {
    fd = fs.openSync(name, 'r');
    if (!fs.fstatSync(fd).isFile()) return false;
    const head = Buffer.alloc(512);
    return isPlainStart(head.subarray(0, fs.readSync(fd, head, 0, 512, 0)));
  } catch {
    return true; // areaBlocks reports the error with the file's name
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
}

/**
 * Reads `files` (timelines oldest first), handing each failure to `each` with the name of its file
 * (`archive:member` for a member of a tar archive, whose lines are numbered from its own start);
 * the groups at the end.
 */
export async function collectFailures(files: readonly string[], each: (f: Failure, file: string) => Promise<void> | void, top = 10): Promise<{ report: FailureReport; names: string[] }> {
  const names: string[] = [];
  const pending: Failure[] = [];
  const log = new FailureLog((f) => pending.push(f));
  // Buffer's native search (the blocks are Buffers or views made Buffers below).
  const scan = new FailureScan(log, (b, n, from, end) => {
    const i = (b as Buffer).indexOf(n, from);
    return i < end ? i : -1;
  });
  const flush = async () => {
    for (const f of pending) await each(f, names[f.file]);
    pending.length = 0;
  };
  const area = { buf: Buffer.allocUnsafe(INPUT_SIZE), start: 0, size: INPUT_SIZE };
  for (const name of timelines(files).flat()) {
    const label = name === '-' ? l10n.t('standard input') : name;
    if (isPlainFile(name)) {
      scan.beginFile(names.push(label) - 1);
      for await (const block of areaBlocks(name, area, { notice })) {
        scan.push(block.buf, block.start, block.end);
        await flush();
      }
      continue;
    }
    let member: string | undefined;
    try {
      for await (const block of lineBlocks(readLog(name, { notice: (m) => process.stderr.write(`zimbra-logs: ${m}\n`) }))) {
        if (block.member !== member) {
          member = block.member;
          scan.beginFile(names.push(member ? `${label}:${member}` : label) - 1);
        }
        const b = block.buf;
        scan.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length), block.start, block.end);
        await flush();
      }
    } catch (e) {
      throw new CliError(readError(label, e).message);
    }
  }
  return { report: log.report(top), names };
}

export async function failuresCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', top: 'string' });
  const top = args.options.top !== undefined ? Number(args.options.top) : 10;
  if (!Number.isInteger(top) || top < 0) throw new CliError(l10n.t('--top needs a whole number'));
  const files = args.positional.length ? args.positional : ['-'];
  const json = !!args.options.json;
  const out = new Out();
  let n = 0;
  if (json) out.push('{"failures":[');
  const { report, names } = await collectFailures(
    files,
    async (f, file) => {
      if (json) out.push((n ? ',\n' : '\n') + jsonFailure(f, file));
      else out.push(failureLine(f, file));
      n++;
      if (out.full) await out.flush();
    },
    top,
  );
  if (json) out.push(`\n],${JSON.stringify(jsonGroups(report), null, 2).slice(1)}\n`);
  else out.push((n ? '\n' : '') + failureReportText(report, (i) => names[i]).text);
  await out.flush();
  return report.failures ? 0 : 1;
}
