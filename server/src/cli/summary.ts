// `zimbra-logs summary [--json] [--top N] FILE...`: what an admin wants first from a day of logs,
// as pflogsumm prints it for Postfix, across zimbra.log, mailbox.log and audit.log (see
// engine/mailSummary.ts for what is counted). Streams: blocks of whole lines, counted in place.
import { MailSummary, SummaryReport, Count } from '../engine/mailSummary';
import { CliError } from './errors';
import { areaBlocks } from './input';
import { parseArgs } from './args';
import { visibleLines } from '../engine/visible';

export const summaryHelp = `Usage: zimbra-logs summary [--json] [--top N] [FILE...]

Counts, across Zimbra's logs (zimbra.log, mailbox.log, audit.log; plain or gzip):
messages received, delivered, deferred, bounced, rejected and discarded, per hour;
top senders, recipients and remote hosts; ERROR/FATAL entries by logger; failed logins.

A message counts once per recipient delivery: "delivered" is status=sent deliveries,
not hand-offs to the content filter on 127.0.0.1; mail coming back from the content
filter is not received twice.

FILE may be plain or gzip-compressed; with no FILE, or "-", standard input is read.

  --json     the same as JSON: {"postfix": {"received", "delivered", ...}, "mailbox": ..., "logins": ...}
  --top N    length of the top lists (default 10)
`;

const INPUT_SIZE = 4 << 20;

export async function summarize(files: readonly string[], top = 10): Promise<SummaryReport> {
  const summary = new MailSummary();
  const area = { buf: Buffer.allocUnsafe(INPUT_SIZE), start: 0, size: INPUT_SIZE };
  for (const name of files) {
    for await (const block of areaBlocks(name, area)) summary.pushLines(block.buf, block.start, block.end);
  }
  return summary.report(top);
}

/** A name of the report (one character per byte of the log) as the text it is in the log (UTF-8). */
const shown = (name: string) => Buffer.from(name, 'latin1').toString('utf8');

function table(title: string, rows: Count[]): string {
  if (!rows.length) return '';
  const w = Math.max(...rows.map((r) => String(r.count).length));
  return `\n${title}\n${'-'.repeat(title.length)}\n${rows.map((r) => `  ${String(r.count).padStart(w)}  ${shown(r.name)}`).join('\n')}\n`;
}

/** The report as text; names taken from the log are made visible (escape sequences, bidi overrides and C1 controls shown as U+FFFD). */
export function formatReport(r: SummaryReport): string {
  const p = r.postfix;
  const n = (x: number) => String(x).padStart(9);
  let out = `Grand totals (${r.lines} lines)\n------------\nmessages\n\n`;
  out += `${n(p.received)}   received\n${n(p.delivered)}   delivered\n${n(p.deferred)}   deferred  (${p.deferredMessages} messages)\n`;
  out += `${n(p.bounced)}   bounced\n${n(p.rejected)}   rejected\n${n(p.discarded)}   discarded\n${n(p.expired)}   expired\n`;
  out += `${n(p.reinjected)}   re-injected by the content filter (not counted as received)\n${n(p.filtered)}   handed to the content filter (not counted as delivered)\n`;
  out += `${n(p.bytesReceived)}   bytes received\n`;
  if (p.perHour.length) {
    out += '\nPer-hour traffic\n----------------\n  hour                received  delivered  deferred   bounced  rejected  discarded\n';
    for (const h of p.perHour) {
      out += `  ${h.hour.padEnd(18)}${String(h.received).padStart(10)}${String(h.delivered).padStart(11)}${String(h.deferred).padStart(10)}${String(h.bounced).padStart(10)}${String(h.rejected).padStart(10)}${String(h.discarded).padStart(11)}\n`;
    }
  }
  out += table('Top senders', p.topSenders);
  out += table('Top recipients', p.topRecipients);
  out += table('Top sending hosts', p.topClients);
  out += table('Top receiving hosts (relays)', p.topRelays);
  out += table('Top rejected clients', p.topRejected);
  const m = r.mailbox;
  if (m.entries) {
    out += `\nmailbox.log: ${m.entries} entries, ${m.errors} ERROR, ${m.fatals} FATAL\n`;
    out += table('ERROR/FATAL by logger', m.byLogger.map((x) => ({ name: `${x.level} ${x.logger}`, count: x.count })));
  }
  const l = r.logins;
  out += `\nFailed logins: ${l.failed}${l.failed ? ` (${Object.entries(l.bySource).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}\n`;
  out += table('Failed logins by account', l.byAccount);
  out += table('Failed logins by address', l.byAddress);
  return visibleLines(out);
}

export async function summaryCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', top: 'string' });
  const topN = args.options.top !== undefined ? Number(args.options.top) : 10;
  if (!Number.isInteger(topN) || topN < 0) throw new CliError('--top needs a whole number');
  const files = args.positional.length ? args.positional : ['-'];
  const report = await summarize(files, topN);
  process.stdout.write(args.options.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return 0;
}
