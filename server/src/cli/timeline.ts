// `zimbra-logs timeline FILE... [--json] [--bucket SECONDS] [--html OUT]`: deliveries, deferrals,
// bounces, rejections, ERROR/FATAL entries and failed logins per time bucket across the logs,
// with restarts, the flagged accounts (the account report's reasons) and bursts of failed logins
// (engine/timeline/).
import * as fs from 'node:fs';
import { timelineJson, TimelineReport, SERIES } from '../engine/timeline/types';
import { visible } from '../engine/visible';
import { problemOf } from '../io/errors';
import { timelineOfFiles } from '../logs/timelineFiles';
import { parseArgs } from './args';
import { areaBlocks } from '../io/blocks';
import { CliError, notice } from './errors';
import { timelineHtml } from './timelineHtml';
import { worthASecondThread } from '../io/threads';
import { l10n } from '../engine/l10n';
import { TIMELINE_WORDS } from '../engine/timeline/words';

export const timelineHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs timeline FILE... [--json] [--bucket SECONDS] [--html OUT] [--year YYYY]

Counts per time bucket across Zimbra's logs (zimbra.log and its rotations, mailbox.log,
audit.log; plain, gzip or archives), on one time axis: deliveries (status=sent, not the
hand-offs to the content filter on 127.0.0.1/::1, as "summary" counts them), deferred,
bounced, rejected, ERROR/FATAL entries and failed logins; with the mailbox server's
restarts, the accounts the account report flags (each reason with the time span of the lines
behind it: see "accounts") and the bursts of failed logins. Times are local, as the logs write them.

  --json            {"bucketSeconds": N, "buckets": [{"start", "delivered", "deferred", "bounced",
                    "rejected", "errors", "failedLogins"}], "restarts": [...], "flagged": [{"account",
                    "reason", "first", "last"}], "bursts": [...], "totals": {...}}
                    (buckets with no line are left out)
  --bucket SECONDS  the bucket (default: 1 minute to 1 day, from the span of the logs)
  --html OUT        also write a self-contained HTML report (chart and tables) to OUT
  --year YYYY       the year of the last line of each log (syslog lines carry none; by default
                    the year of the newest file's modification time, moved next to the dated
                    mailbox.log/audit.log given with it)

Exit status: 0 when some line had a time, 1 when none did, 2 on a usage or input error.
`,
  );

/** The buckets with events, as a table. */
export function timelineText(r: TimelineReport): string {
  const label = (s: (typeof SERIES)[number]) => l10n.t(TIMELINE_WORDS.series[s]);
  const width = Math.max(14, ...SERIES.map((s) => label(s).length + 2));
  const head = `${l10n.t('bucket {0} s; {1} lines; {2}', r.bucketSeconds, l10n.n(r.lines), SERIES.map((s) => `${label(s)} ${l10n.n(r.totals[s])}`).join(', '))}\n`;
  const rows = r.buckets.filter((b) => SERIES.some((s) => b[s] > 0));
  const table = rows.length ? `\n  ${l10n.t('start').padEnd(21)}${SERIES.map((s) => label(s).padStart(width)).join('')}\n${rows.map((b) => `  ${b.start}  ${SERIES.map((s) => String(b[s]).padStart(width)).join('')}\n`).join('')}` : '';
  const restarts = r.restarts.length ? `\n${l10n.t('Restarts: {0}', r.restarts.join(', '))}\n` : '';
  const burst = (b: TimelineReport['bursts'][number]) => (b.by === 'ip' ? l10n.t('{0} from {1}', l10n.n(b.failures), b.key) : l10n.t('{0} against {1}', l10n.n(b.failures), b.key));
  const bursts = r.bursts.length ? `\n${l10n.t('Bursts of failed logins:')}\n${r.bursts.map((b) => `  ${l10n.t('{0} to {1}', b.start, b.end)}  ${visible(burst(b))}\n`).join('')}` : '';
  const flagged = r.flagged.length ? `\n${l10n.t('Flagged accounts:')}\n${r.flagged.map((f) => `  ${l10n.t('{0} to {1}', f.first, f.last)}  ${visible(`${f.account}: ${f.reason}`)}\n`).join('')}` : '';
  return head + table + restarts + flagged + bursts;
}

/** Files this large in all are read by two threads when a core is free (the flagged accounts in a worker: logs/flaggedInWorker.ts). */
const WORKER_FROM = 32 << 20;

export async function timelineCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', bucket: 'string', html: 'string', year: 'string' });
  const files = args.positional;
  if (!files.length) throw new CliError(l10n.t('timeline needs at least one FILE (see --help)'));
  if (files.includes('-')) throw new CliError(l10n.t('timeline reads files, not standard input'));
  let bucketSeconds: number | undefined;
  if (args.options.bucket !== undefined) {
    bucketSeconds = Number(args.options.bucket);
    if (!Number.isInteger(bucketSeconds) || bucketSeconds < 1 || bucketSeconds > 366 * 86400) throw new CliError(l10n.t('--bucket takes a whole number of seconds (1 or more)'));
  }
  let year: number | undefined;
  if (args.options.year !== undefined) {
    if (!/^\d{4}$/.test(String(args.options.year))) throw new CliError(l10n.t('--year takes a four-digit year'));
    year = Number(args.options.year);
  }
  const html = args.options.html;
  if (html === true || html === '') throw new CliError(l10n.t('--html needs a file name'));
  let report: TimelineReport;
  try {
    // One area for every file, as `summary` reads: a plain file straight into it.
    const area = { buf: Buffer.allocUnsafe(4 << 20), start: 0, size: 4 << 20 };
    report = await timelineOfFiles(files, { bucketSeconds, year, blocks: (f) => areaBlocks(f, area, { notice }), flaggedInWorker: worthASecondThread(files, WORKER_FROM) });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(e instanceof Error && 'file' in e ? e.message : problemOf(e));
  }
  if (typeof html === 'string') {
    try {
      fs.writeFileSync(html, timelineHtml(report, files));
    } catch (e) {
      throw new CliError(`${html}: ${problemOf(e)}`);
    }
  }
  process.stdout.write(args.options.json ? JSON.stringify(timelineJson(report), null, 2) + '\n' : timelineText(report));
  return report.buckets.length ? 0 : 1;
}
