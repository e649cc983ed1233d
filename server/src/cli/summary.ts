// `zimbra-logs summary [--json] [--top N] FILE...`: what an admin wants first from a day of logs,
// as pflogsumm prints it for Postfix, across zimbra.log, mailbox.log and audit.log (see
// engine/mailSummary.ts for what is counted). Streams: blocks of whole lines, counted in place.
import { MailSummary, SummaryReport, Count } from '../engine/mailSummary';
import { CliError, notice } from './errors';
import type { MessageGroup } from '../engine/summary/messageGroups';
import { visible } from '../engine/visible';
import { areaBlocks } from '../io/blocks';
import { parseArgs } from './args';
import { l10n } from '../engine/l10n';
import { visibleLines } from '../engine/visible';

export const summaryHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs summary [--json] [--top N] [FILE...]

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
`,
  );

const INPUT_SIZE = 4 << 20;

export async function summarize(files: readonly string[], top = 10): Promise<SummaryReport> {
  const summary = new MailSummary();
  const area = { buf: Buffer.allocUnsafe(INPUT_SIZE), start: 0, size: INPUT_SIZE };
  for (const name of files) {
    for await (const block of areaBlocks(name, area, { notice })) summary.pushLines(block.buf, block.start, block.end);
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

function groups(title: string, rows: MessageGroup[]): string {
  if (!rows.length) return '';
  const w = Math.max(...rows.map((r) => String(r.count).length));
  return `\n${title}\n${'-'.repeat(title.length)}\n${rows.map((r) => visible(`  ${String(r.count).padStart(w)}  ${r.level} ${r.source}: ${r.message}  (${r.first === r.last ? r.first : l10n.t('{0} to {1}', r.first, r.last)})`)).join('\n')}\n`;
}

/** The report as text; names taken from the log are made visible (escape sequences, bidi overrides and C1 controls shown as U+FFFD). */
export function formatReport(r: SummaryReport): string {
  const p = r.postfix;
  const n = (x: number) => String(x).padStart(9);
  const totals = l10n.t('Grand totals ({0} lines)', r.lines);
  let out = `${totals}\n${'-'.repeat(totals.indexOf(' (') < 0 ? totals.length : totals.indexOf(' ('))}\n${l10n.t('messages')}\n\n`;
  out += `${n(p.received)}   ${l10n.t('received')}\n${n(p.delivered)}   ${l10n.t('delivered')}\n${n(p.deferred)}   ${l10n.t('deferred  ({0} messages)', p.deferredMessages)}\n`;
  out += `${n(p.bounced)}   ${l10n.t('bounced')}\n${n(p.rejected)}   ${l10n.t('rejected')}\n${n(p.discarded)}   ${l10n.t('discarded')}\n${n(p.expired)}   ${l10n.t('expired')}\n`;
  out += `${n(p.reinjected)}   ${l10n.t('re-injected by the content filter (not counted as received)')}\n${n(p.filtered)}   ${l10n.t('handed to the content filter (not counted as delivered)')}\n`;
  out += `${n(p.bytesReceived)}   ${l10n.t('bytes received')}\n`;
  if (p.perHour.length) {
    const heads = [l10n.t('received'), l10n.t('delivered'), l10n.t('deferred'), l10n.t('bounced'), l10n.t('rejected'), l10n.t('discarded')];
    const widths = [10, 11, 10, 10, 10, 11].map((w, i) => Math.max(w, heads[i].length + 2));
    const title = l10n.t('Per-hour traffic');
    out += `\n${title}\n${'-'.repeat(title.length)}\n  ${l10n.t('hour').padEnd(18)}${heads.map((h, i) => h.padStart(widths[i])).join('')}\n`;
    for (const h of p.perHour) {
      out += `  ${h.hour.padEnd(18)}${[h.received, h.delivered, h.deferred, h.bounced, h.rejected, h.discarded].map((x, i) => String(x).padStart(widths[i])).join('')}\n`;
    }
  }
  out += table(l10n.t('Top senders'), p.topSenders);
  out += table(l10n.t('Top recipients'), p.topRecipients);
  out += table(l10n.t('Top sending hosts'), p.topClients);
  out += table(l10n.t('Top receiving hosts (relays)'), p.topRelays);
  out += table(l10n.t('Top rejected clients'), p.topRejected);
  const m = r.mailbox;
  if (m.entries) {
    out += `\n${l10n.t('mailbox.log: {0} entries, {1} ERROR, {2} FATAL', m.entries, m.errors, m.fatals)}\n`;
    out += table(l10n.t('ERROR/FATAL by logger'), m.byLogger.map((x) => ({ name: `${x.level} ${x.logger}`, count: x.count })));
  }
  out += groups(l10n.t('Postfix fatal:, panic: and warning: messages'), r.problems);
  if (m.byMessage.length) out += groups(l10n.t('mailbox.log ERROR/FATAL by message'), m.byMessage);
  const f = r.failures;
  if (f.total) {
    out += `\n${l10n.t('Failed deliveries and rejects by cause ({0})', f.total)}\n${'-'.repeat(40)}\n`;
    for (const c of f.byCause) {
      out += `  ${String(c.count).padStart(7)}  ${l10n.t('{0} ({1} temporary, {2} permanent), {3}', c.cause, c.temporary, c.permanent, l10n.t('{0} to {1}', c.first, c.last))}\n`;
      if (c.topDomains.length) out += `           ${l10n.t('top domains: {0}', c.topDomains.map((d) => `${d.domain} ${d.count}`).join(', '))}\n`;
      out += `           ${l10n.t('remedy: {0}', l10n.t(c.remedy))}\n`;
    }
  }
  const l = r.logins;
  out += `\n${l10n.t('Failed logins: {0}', l.failed)}${l.failed ? ` (${Object.entries(l.bySource).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}\n`;
  out += table(l10n.t('Failed logins by account'), l.byAccount);
  out += table(l10n.t('Failed logins by address'), l.byAddress);
  return visibleLines(out);
}

export async function summaryCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', top: 'string' });
  const topN = args.options.top !== undefined ? Number(args.options.top) : 10;
  if (!Number.isInteger(topN) || topN < 0) throw new CliError(l10n.t('--top needs a whole number'));
  const files = args.positional.length ? args.positional : ['-'];
  const report = await summarize(files, topN);
  process.stdout.write(args.options.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.lines ? 0 : 1;
}
