// The account report's editor side: its document (every account, flagged ones first, failed SASL
// logins per client address, linked to the lines behind every figure) and the `account-flagged`
// Warnings of an open log, with the thresholds of the zimbraLogs.accounts.* settings. Log text only
// becomes plain document text; links go to the files the server found, never to log text.
import { l10n } from '../../engine/l10n';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { AccountReport, defaultReportThresholds } from '../../engine/investigate/accountReport';
import type { AccountReportResult, LineRef, ReportThresholds } from '../../engine/investigate/accountReport';
import type { Steps } from '../../engine/steps';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import type { LogLike, ReportLines, SourceFile } from './logLike';
import { visible } from '../../engine/visible';
import { plain } from '../markdown';
import { addressesLine, clientsLine, loginsLine, moreRefs, perHourLine, saslHeading, saslLine, sentLine } from '../../engine/investigate/accountLines';

/** A time as the report's document writes it: without the year (MM-DD HH:MM:SS). */
const short = (t: string) => t.slice(5);


/**
 * Warnings from the account report of one open log: on the first line behind each reason of a
 * flagged account (a burst of mail after a login from a new address, an hour far above the
 * usual, many addresses within an hour, a high bounce share). Pauses every few hundred lines.
 */
export function* accountDiagnostics(view: LogLike, lines: ReportLines, thresholds: ReportThresholds = defaultReportThresholds): Steps<Diagnostic[]> {
  if (!lines.reportSubject) return [];
  const report = new AccountReport();
  report.beginTimeline(new Date());
  const ns = lines.reportLines;
  for (let i = 0; i < ns.length; i++) {
    report.push(view.line(ns[i]), ns[i]);
    if ((i & 511) === 511) yield;
  }
  const out: Diagnostic[] = [];
  for (const a of report.report(thresholds).accounts) {
    if (!a.flagged) continue;
    a.reasons.forEach((reason, i) => {
      const first = a.lines.reasons[i]?.[0];
      if (!first) return;
      out.push({
        range: { start: { line: first.line, character: 0 }, end: { line: first.line, character: view.line(first.line).length } },
        severity: DiagnosticSeverity.Warning,
        code: 'account-flagged',
        source: 'zimbra-logs',
        message: visible(l10n.t('{0} may be hijacked: {1}', a.account, reason)),
      });
    });
  }
  return out;
}

/** The "Account Report" document: every account, flagged ones first, with links to the lines behind the figures. */
export function accountReportDocument(r: AccountReportResult, files: readonly SourceFile[], where: string): InvestigationResult & { accounts: number; flagged: number; notices: string[] } {
  const lines: string[] = [];
  const links: SourceLink[] = [];
  /** `text` followed by links to up to `max` lines. */
  const withRefs = (text: string, refs: readonly LineRef[], max = 8) => {
    let line = text;
    const seen = new Set<string>();
    refs = refs.filter((r) => !seen.has(`${r.file}:${r.line}`) && !!seen.add(`${r.file}:${r.line}`));
    const shownRefs = refs.slice(0, max);
    for (const ref of shownRefs) {
      const f = files[ref.file];
      if (!f) continue;
      const label = `${f.label}:${ref.line + 1}`;
      line += line === text ? ' · ' : ', ';
      links.push({ line: lines.length, start: line.length, end: line.length + label.length, uri: f.uri, logLine: ref.line, label });
      line += label;
    }
    if (refs.length > shownRefs.length) line += moreRefs(refs.length - shownRefs.length);
    lines.push(line);
  };
  const flagged = r.accounts.filter((a) => a.flagged).length;
  lines.push(l10n.t('Account report of {0}: {1} accounts, {2} flagged', plain(where, 300), r.accounts.length, flagged));
  for (const n of r.notices) lines.push(l10n.t('Notice: {0}', plain(n, 500)));
  const sasl = Object.entries(r.saslFailures);
  if (sasl.length) {
    lines.push('', saslHeading(sasl.length));
    for (const [ip, v] of sasl) {
      withRefs(plain(saslLine(ip, v, short), 600), v.lines.length > 2 ? [v.lines[0], v.lines[v.lines.length - 1]] : v.lines);
    }
  }
  for (const a of r.accounts) {
    const l = a.logins;
    lines.push('', `${a.flagged ? `${l10n.t('FLAGGED')} ` : ''}${plain(a.account, 200)}`);
    withRefs(plain(loginsLine(l), 600), a.lines.logins.length > 2 ? [a.lines.logins[0], a.lines.logins[a.lines.logins.length - 1]] : a.lines.logins);
    const addresses = addressesLine(l, short);
    if (addresses) lines.push(plain(addresses, 800));
    const clients = clientsLine(l);
    if (clients) lines.push(plain(clients, 600));
    withRefs(sentLine(a.sent), a.lines.sent);
    const hours = perHourLine(a.sent);
    if (hours) lines.push(hours);
    a.reasons.forEach((reason, i) => withRefs(plain(`  ${l10n.t('reason: {0}', reason)}`, 500), a.lines.reasons[i] ?? []));
  }
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, accounts: r.accounts.length, flagged, notices: r.notices.map((n) => plain(n, 500)) };
}

