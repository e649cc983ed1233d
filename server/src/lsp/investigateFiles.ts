// The investigations' disk side: the logs of a workspace folder (traceFiles' discovery of
// zimbra.log and mailbox.log timelines, plus audit.log, sync.log and their rotations), read as text in chunks
// (plain or gzip) into the pure engine. Used by the language server and by bench/activity.mjs.
import { l10n } from '../engine/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ActivityEntry, ActivityQuery, ActivitySearch, parseActivityQuery } from '../engine/investigate/activity';
import { AccountReport, defaultReportThresholds, mailboxChange, MailboxChange, ReportThresholds } from '../engine/investigate/accountReport';
import { RestartReport, RestartScan } from '../engine/investigate/restarts';
import { BurstSettings, SecurityScan } from '../engine/investigate/security';
import { lineTime } from '../engine/time/lineTime';
import { activityDocument } from '../features/investigate/activity';
import { failedLoginsDocument } from '../features/investigate/failedLogins';
import { restartsDocument } from '../features/investigate/restarts';
import { SourceFile } from '../features/investigate/logLike';
import { accountReportDocument } from '../features/investigate/accountReport';
import { mailboxChangesDocument } from '../features/investigate/mailboxChanges';
import type { AccountReportDocResult, ActivityParams, ActivityResult, FailedLoginsResult, MailboxChangesParams, MailboxChangesResult, RestartsResult } from '../../../common/investigateProtocol';
import { findLogs, rotation, timelines } from '../logs/files';
import { feedTimelines, readText } from '../disk/textChunks';

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

/** Lines of a file, one by one. */
async function readLines(file: string, line: (l: string, n: number) => void): Promise<void> {
  let carry = '';
  let n = 0;
  await readText(file, (text) => {
    const s = carry + text;
    let pos = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', pos)) {
      line(s.slice(pos, nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl), n++);
      pos = nl + 1;
    }
    carry = s.slice(pos);
  });
  if (carry) line(carry, n);
}

function sources(folder: string, files: string[]): SourceFile[] {
  return files.map((f) => ({ label: path.relative(folder, f) || path.basename(f), uri: pathToFileURL(f).toString() }));
}

/**
 * The entries about `query` in `files` (timelines, each oldest first), in time order; syslog
 * years from each timeline's newest modification time, anchored to the dated logs (eventClock.ts).
 */
async function searchFiles(given: string[], query: ActivityQuery, isCancelled: () => boolean): Promise<{ entries: ActivityEntry[]; truncated: boolean; files: string[] }> {
  const search = new ActivitySearch(query);
  const groups = timelines(given);
  const files = groups.flat(); // in the order they are begun: entries name them by number
  for (const group of groups) {
    let newest = 0;
    for (const f of group) newest = Math.max(newest, (await fs.promises.stat(f)).mtimeMs);
    search.beginTimeline(new Date(newest));
    for (const f of group) {
      if (isCancelled()) throw new Error('cancelled');
      search.beginFile();
      await readText(f, (t) => search.append(t));
    }
  }
  for (const id of search.needsSecondPass()) {
    const pass = search.second(id);
    await readText(files[id], (t) => pass.append(t));
    pass.finish();
  }
  return { entries: search.result(), truncated: search.truncated, files };
}

/** Every deletion, move, purge, filter/forwarding, preference and admin change of an account. */
export async function folderMailboxChanges(folder: string, params: MailboxChangesParams, isCancelled: () => boolean = () => false): Promise<MailboxChangesResult> {
  const query = parseActivityQuery(params.account, params.from, params.to);
  // The changes are in mailbox.log and audit.log.
  const logs = investigationLogs(folder).filter((f) => /mailbox\.log|audit\.log/.test(path.basename(f)));
  const { entries, files } = await searchFiles(logs, query, isCancelled);
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
  const { entries, truncated, files } = await searchFiles(investigationLogs(folder), query, isCancelled);
  const note = [l10n.t('Logs of {0}: {1}', folder, files.map((f) => path.relative(folder, f)).join(', ') || l10n.t('none found'))];
  if (params.from || params.to) note.push(l10n.t('Between {0} and {1} (log time)', params.from ?? l10n.t('the start'), params.to ?? l10n.t('the end')));
  if (truncated) note.push(l10n.t('Too many entries: only the first ones are shown.'));
  const doc = activityDocument(query.value, entries, sources(folder, files), note);
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
  const scan = new SecurityScan();
  await feedTimelines(scan, groups, (f) => files.indexOf(f));
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
  const reports: RestartReport[] = [];
  let file = 0; // the number of f in `files` (the groups in order)
  for (const group of groups) {
    const scan = new RestartScan(keep);
    for (const f of group) {
      if (isCancelled()) throw new Error('cancelled');
      scan.beginFile(file++);
      await readLines(f, (l) => scan.push(l));
    }
    reports.push(...scan.finish());
  }
  const time = (r: RestartReport) => lineTime((r.stop ?? r.start)?.text ?? '', 1970);
  reports.sort((a, b) => time(a) - time(b));
  const where = `${files.map((f) => path.relative(folder, f)).join(', ') || 'no mailbox.log'} (${folder})`;
  return restartsDocument(reports, sources(folder, files), where);
}
