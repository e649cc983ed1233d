// The investigations' disk side: the logs of a workspace folder (traceFiles' discovery of
// zimbra.log and mailbox.log timelines, plus audit.log, sync.log and their rotations), read through
// the byte prefilter (disk/investigateScan.ts, as the CLI reads them) into the pure engine.
import { l10n } from '../engine/l10n';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ActivityEntry, parseActivityQuery } from '../engine/investigate/activity';
import { AccountReport, defaultReportThresholds, mailboxChange, MailboxChange, ReportThresholds } from '../engine/investigate/accountReport';
import { BurstSettings } from '../engine/investigate/security';
import { activityDocumentSteps } from '../features/investigate/activity';
import { inTurns } from '../io/pace';
import { failedLoginsDocument } from '../features/investigate/failedLogins';
import { restartsDocument } from '../features/investigate/restarts';
import { SourceFile } from '../features/investigate/logLike';
import { accountReportDocument } from '../features/investigate/accountReport';
import { mailboxChangesDocument } from '../features/investigate/mailboxChanges';
import type { AccountReportDocResult, ActivityParams, ActivityResult, FailedLoginsResult, MailboxChangesParams, MailboxChangesResult, RestartsResult } from '../../../common/investigateProtocol';
import { findLogs, rotation, timelines } from '../logs/files';
import { feedTimelines } from '../disk/textChunks';
import { activityScan, loginScan, restartScan } from '../disk/investigateScan';
import { signatureOf } from './traceWorkspace';

const AUDIT = /(?:^|[.-])audit\.log$/;
const MAILBOX = /(?:^|[.-])mailbox\.log$/;
/** The log4j logs of the mailbox server (the others are the MTA's syslog). */
const LOG4J = /(?:mailbox|audit|sync)\.log/;
/** audit.log and ActiveSync's sync.log (not synctrace.log, syncstate.log). */
const AUDIT_SYNC = /(?:^|[.-])(?:audit|sync)\.log$/;

/** The folder's mailbox.log, audit.log, sync.log and MTA logs, each timeline oldest first. */
export function investigationLogs(dir: string): string[] {
  return timelines([...new Set([...findLogs(dir), ...findLogs(dir, AUDIT_SYNC)])].sort()).flat();
}

export const isAuditLog = (file: string) => AUDIT.test(path.basename(rotation(file).group));

/** The folder's mailbox.log files, each timeline (one server's log and its rotations) oldest first. */
export function mailboxTimelines(dir: string): string[][] {
  return timelines(findLogs(dir, MAILBOX));
}

/** Folder scans kept while the folder's files are unchanged: asking again costs a stat per file. */
const kept = new Map<string, { signature: string; value: unknown }>();

async function keptScan<T>(key: string, files: string[], scan: () => Promise<T>): Promise<T> {
  const signature = signatureOf(files);
  const k = kept.get(key);
  if (k && k.signature === signature) return k.value as T;
  const value = await scan();
  kept.set(key, { signature, value });
  return value;
}

function sources(folder: string, files: string[]): SourceFile[] {
  return files.map((f) => ({ label: path.relative(folder, f) || path.basename(f), uri: pathToFileURL(f).toString() }));
}

/** Every deletion, move, purge, filter/forwarding, preference and admin change of an account. */
export async function folderMailboxChanges(folder: string, params: MailboxChangesParams, isCancelled: () => boolean = () => false): Promise<MailboxChangesResult> {
  const query = parseActivityQuery(params.account, params.from, params.to);
  // The changes are in mailbox.log and audit.log.
  const logs = investigationLogs(folder).filter((f) => /mailbox\.log|audit\.log/.test(path.basename(f)));
  const { entries, files } = await activityScan(timelines(logs), query, { isCancelled, transactions: false, log4jOnly: true });
  const changes: { entry: ActivityEntry; change: MailboxChange }[] = [];
  for (const entry of entries) {
    const change = mailboxChange(entry.text.split('\n', 1)[0]);
    if (change) changes.push({ entry, change });
  }
  return mailboxChangesDocument(query.value, changes, sources(folder, files), folder);
}

/** The account report of the folder's logs (mailbox.log, audit.log and sync.log first, then the MTAs'). */
export async function folderAccountReport(folder: string, thresholds: ReportThresholds = defaultReportThresholds): Promise<AccountReportDocResult> {
  const all = investigationLogs(folder);
  const isLog4j = (f: string) => LOG4J.test(path.basename(f));
  const groups = [...timelines(all.filter(isLog4j)), ...timelines(all.filter((f) => !isLog4j(f)))];
  const files = groups.flat();
  const report = new AccountReport();
  await feedTimelines(report, groups, (f) => files.indexOf(f));
  return accountReportDocument(report.report(thresholds), sources(folder, files), folder);
}

/** Every entry about an account or address in the folder's logs. */
export async function folderActivity(folder: string, params: ActivityParams, isCancelled: () => boolean = () => false): Promise<ActivityResult> {
  const query = parseActivityQuery(params.query, params.from, params.to);
  const { entries, truncated, files } = await activityScan(timelines(investigationLogs(folder)), query, { isCancelled });
  const note = [l10n.t('Logs of {0}: {1}', folder, files.map((f) => path.relative(folder, f)).join(', ') || l10n.t('none found'))];
  if (params.from || params.to) note.push(l10n.t('Between {0} and {1} (log time)', params.from ?? l10n.t('the start'), params.to ?? l10n.t('the end')));
  if (truncated) note.push(l10n.t('Too many entries: only the first ones are shown.'));
  const doc = await inTurns(activityDocumentSteps(query.value, entries, sources(folder, files), note));
  return { ...doc, files: files.map((f) => pathToFileURL(f).toString()), truncated };
}

/**
 * The failed-logins summary of the folder's audit.log files (else of its mailbox.log files) and
 * of the SMTP AUTH logins of its MTA logs (zimbra.log and rotations: Postfix and saslauthd).
 */
export async function folderFailedLogins(folder: string, settings: BurstSettings): Promise<FailedLoginsResult> {
  const all = investigationLogs(folder);
  const audit = all.filter(isAuditLog);
  const mailbox = audit.length ? audit : all.filter((f) => /mailbox\.log/.test(path.basename(f)));
  const groups = [...timelines(mailbox), ...timelines(all.filter((f) => !LOG4J.test(path.basename(f))))];
  const files = groups.flat();
  const scan = await keptScan(`logins ${folder}`, files, () => loginScan(groups));
  const where = `${files.map((f) => path.relative(folder, f)).join(', ') || 'no audit.log, mailbox.log or zimbra.log'} (${folder})`;
  return failedLoginsDocument(scan, sources(folder, files), settings, where);
}

/**
 * What preceded each restart in the folder's mailbox.log files: each timeline (a server's log and
 * its rotations, .gz included) read in order, the restarts of all of them in time order.
 */
export async function folderRestarts(folder: string, keep = 5, isCancelled: () => boolean = () => false): Promise<RestartsResult> {
  const groups = mailboxTimelines(folder);
  const files = groups.flat();
  const reports = await keptScan(`restarts ${keep} ${folder}`, files, () => restartScan(groups, keep, { isCancelled }));
  const where = `${files.map((f) => path.relative(folder, f)).join(', ') || 'no mailbox.log'} (${folder})`;
  return restartsDocument(reports, sources(folder, files), where);
}
