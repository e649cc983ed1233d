// `zimbra-logs accounts FILE... [--json]`: the account report (engine/investigate/accountReport.ts):
// per account, logins and mail sent, and whether it looks hijacked, with the reasons.
import { l10n } from '../engine/l10n';
import { AccountEntry, AccountReport, AccountReportResult, defaultReportThresholds, ReportThresholds } from '../engine/investigate/accountReport';
import { feedTimelines } from '../disk/textChunks';
import { accountOrder } from '../logs/files';
import { parseArgs } from './args';
import { CliError } from './errors';
import { visibleLines } from '../engine/visible';
import { addressesLine, clientsLine, loginsLine, perHourLine, saslHeading, saslLine, sentLine } from '../engine/investigate/accountLines';

export const accountsHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs accounts [--json] [--year YYYY] [--THRESHOLD N ...] FILE...

For every account in Zimbra's logs (audit.log, mailbox.log and sync.log of the mailbox servers,
zimbra.log of the MTAs; plain or gzip; rotated files in any order): logins (successful and failed,
per protocol, with client addresses and clients; ActiveSync; failed SASL logins of saslauthd and
Postfix, also per client address), mail sent by webmail and by SMTP AUTH (messages,
recipients, per hour, shares of free-mail recipients, bounces and deferrals), and a verdict:
flagged accounts first, each with its reasons.

  --json                      {"accounts": [{"account", "flagged", "reasons", "logins", "sent"}], "saslFailures": {...}, "notices": [...]}
  --year YYYY                 the year of the last syslog line of each log (default: from the modification
                              time of its newest file, rotations included, moved next to the dated
                              mailbox.log/audit.log given with it; December to January turns a year)
  --max-addresses-per-hour N  distinct client addresses within an hour that flag (default {0})
  --burst-recipients N        recipients within the hour after a login from a new address that flag (default {1})
  --usual-factor N            an hour above N times the account's usual hour flags... (default {2})
  --min-unusual-recipients N  ...when it has at least N recipients (default {3})
  --max-bounce-share X        bounced+deferred share of recipients that flags (default {4})
  --min-recipients-for-share N  recipients needed before the share counts (default {5})

Exit status: 0 when some account was found, 1 when none was, 2 on a usage or input error
(a flagged account shows in the report, FLAGGED, and in --json "flagged").
`, defaultReportThresholds.maxAddressesPerHour, defaultReportThresholds.burstRecipients, defaultReportThresholds.usualFactor, defaultReportThresholds.minUnusualRecipients, defaultReportThresholds.maxBounceShare, defaultReportThresholds.minRecipientsForShare,
  );

const OPTIONS: Record<string, keyof ReportThresholds> = {
  'max-addresses-per-hour': 'maxAddressesPerHour',
  'burst-recipients': 'burstRecipients',
  'usual-factor': 'usualFactor',
  'min-unusual-recipients': 'minUnusualRecipients',
  'max-bounce-share': 'maxBounceShare',
  'min-recipients-for-share': 'minRecipientsForShare',
};

/**
 * The report of `files`, in one streaming pass per file: log4j files first (so that webmail
 * Message-IDs are known when the MTA's lines come), then each MTA timeline (a log and its
 * rotations) oldest first, its syslog year from `year` or its newest file's modification time.
 */
export async function accountReport(files: readonly string[], thresholds: ReportThresholds = defaultReportThresholds, year?: number): Promise<AccountReportResult> {
  const groups = accountOrder(files);
  const r = new AccountReport();
  try {
    await feedTimelines(r, groups, (f) => files.indexOf(f), year);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  return r.report(thresholds);
}

function formatAccount(a: AccountEntry): string {
  const out = [`${a.flagged ? `${l10n.t('FLAGGED')} ` : ''}${a.account}`, loginsLine(a.logins), addressesLine(a.logins), clientsLine(a.logins), sentLine(a.sent), perHourLine(a.sent)];
  for (const r of a.reasons) out.push(`  ${l10n.t('reason: {0}', r)}`);
  return out.filter((line) => line !== undefined).join('\n');
}

/** The report as text; account names, addresses and clients taken from the log are made visible. */
export function formatAccounts(r: AccountReportResult): string {
  const flagged = r.accounts.filter((a) => a.flagged).length;
  const head = `${l10n.t('{0} accounts, {1} flagged', r.accounts.length, flagged)}\n`;
  const sasl = Object.entries(r.saslFailures).map(([ip, v]) => `${saslLine(ip, v)}\n`);
  const saslPart = sasl.length ? [`${saslHeading(sasl.length)}\n${sasl.join('')}`] : [];
  return visibleLines([head, ...r.notices.map((n) => `${l10n.t('Notice: {0}', n)}\n`), ...saslPart, ...r.accounts.map((a) => formatAccount(a) + '\n')].join('\n'));
}

export async function accountsCommand(argv: string[]): Promise<number> {
  const spec: Record<string, 'string' | 'boolean'> = { json: 'boolean', year: 'string' };
  for (const k of Object.keys(OPTIONS)) spec[k] = 'string';
  const args = parseArgs(argv, spec);
  if (!args.positional.length) throw new CliError(l10n.t('accounts needs at least one FILE (see --help)'));
  const t: ReportThresholds = { ...defaultReportThresholds };
  for (const [opt, key] of Object.entries(OPTIONS)) {
    const v = args.options[opt];
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new CliError(l10n.t('--{0} needs a number', opt));
    t[key] = n;
  }
  const year = args.options.year !== undefined ? Number(args.options.year) : undefined;
  if (year !== undefined && !/^\d{4}$/.test(String(args.options.year))) throw new CliError(l10n.t('--year needs a year (YYYY)'));
  const r = await accountReport(args.positional, t, year);
  if (args.options.json) {
    const json = { accounts: r.accounts.map((a) => ({ account: a.account, flagged: a.flagged, reasons: a.reasons, logins: a.logins, sent: a.sent })), saslFailures: Object.fromEntries(Object.entries(r.saslFailures).map(([ip, v]) => [ip, { failed: v.failed, accounts: v.accounts, first: v.first, last: v.last }])), notices: r.notices };
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else process.stdout.write(formatAccounts(r));
  return r.accounts.length ? 0 : 1;
}
