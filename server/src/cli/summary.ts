// `zimbra-logs summary [--json] [--top N] FILE...`: what an admin wants first from a day of logs,
// as pflogsumm prints it for Postfix, across zimbra.log, mailbox.log and audit.log (see
// engine/mailSummary.ts for what is counted). Streams: blocks of whole lines, counted in place.
import { MailSummary, SummaryReport, Count } from '../engine/mailSummary';
import { CliError } from './errors';
import type { MessageGroup } from '../engine/summary/messageGroups';
import { visible } from '../engine/visible';
import { areaBlocks } from './input';
import { parseArgs } from './args';

export const summaryHelp = `Usage: zimbra-logs summary [--json] [--top N] [FILE...]

Counts, across Zimbra's logs (zimbra.log, mailbox.log, audit.log; plain or gzip):
messages received, delivered, deferred, bounced, rejected and discarded, per hour;
top senders, recipients and remote hosts; Postfix fatal:, panic: and warning: lines
by message; ERROR/FATAL entries by logger and by message; failed deliveries by cause
with their top domains; failed logins (as "accounts" counts them).

A message counts once per recipient delivery: "delivered" is status=sent deliveries,
not hand-offs to the content filter on 127.0.0.1; mail coming back from the content
filter is not received twice.

FILE may be plain or gzip-compressed; with no FILE, or "-", standard input is read.

  --json     the same as JSON: {"postfix": {"received", "delivered", ...}, "mailbox": ..., "logins": ...}
  --top N    length of the top lists (default 10)

Exit status: 0 when some log line was read, 1 when the input was empty, 2 on a usage or
input error.
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

function table(title: string, rows: Count[]): string {
  if (!rows.length) return '';
  const w = Math.max(...rows.map((r) => String(r.count).length));
  return `\n${title}\n${'-'.repeat(title.length)}\n${rows.map((r) => `  ${String(r.count).padStart(w)}  ${r.name}`).join('\n')}\n`;
}

function groups(title: string, rows: MessageGroup[]): string {
  if (!rows.length) return '';
  const w = Math.max(...rows.map((r) => String(r.count).length));
  return `\n${title}\n${'-'.repeat(title.length)}\n${rows.map((r) => visible(`  ${String(r.count).padStart(w)}  ${r.level} ${r.source}: ${r.message}  (${r.first === r.last ? r.first : `${r.first} to ${r.last}`})`)).join('\n')}\n`;
}

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
  out += groups('Postfix fatal:, panic: and warning: messages', r.problems);
  if (m.byMessage.length) out += groups('mailbox.log ERROR/FATAL by message', m.byMessage);
  const f = r.failures;
  if (f.total) {
    out += `\nFailed deliveries and rejects by cause (${f.total})\n${'-'.repeat(40)}\n`;
    for (const c of f.byCause) {
      out += `  ${String(c.count).padStart(7)}  ${c.cause} (${c.temporary} temporary, ${c.permanent} permanent), ${c.first} to ${c.last}\n`;
      if (c.topDomains.length) out += `           top domains: ${c.topDomains.map((d) => `${d.domain} ${d.count}`).join(', ')}\n`;
      out += `           remedy: ${c.remedy}\n`;
    }
  }
  const l = r.logins;
  out += `\nFailed logins: ${l.failed}${l.failed ? ` (${Object.entries(l.bySource).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}\n`;
  out += table('Failed logins by account', l.byAccount);
  out += table('Failed logins by address', l.byAddress);
  return out;
}

export async function summaryCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', top: 'string' });
  const topN = args.options.top !== undefined ? Number(args.options.top) : 10;
  if (!Number.isInteger(topN) || topN < 0) throw new CliError('--top needs a whole number');
  const files = args.positional.length ? args.positional : ['-'];
  const report = await summarize(files, topN);
  process.stdout.write(args.options.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.lines ? 0 : 1;
}
