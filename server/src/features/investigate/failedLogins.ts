// Failed logins: the Failed Logins document, the `login-burst` (and `account-flagged`) Warnings of
// an open log, and the hover on an account or address of a log with logins.
import { loginMarkers } from '../../engine/formats/markers';
import { Diagnostic, DiagnosticSeverity, Hover } from 'vscode-languageserver';
import { runSteps, Steps } from '../../engine/steps';
import { BurstSettings, burstMessage, defaultBurstSettings, LoginAttempt, SecurityScan, Tally } from '../../engine/investigate/security';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import type { Position } from '../../../../common/protocol';
import { visible } from '../../engine/visible';
import { markdown, Markup, plain } from '../markdown';
import { accountDiagnostics } from './accountReport';
import { defaultReportThresholds, ReportThresholds } from '../../engine/investigate/accountReport';
import { counts, LogLike, pad, showTime, SourceFile } from './logLike';
import { l10n } from '../../engine/l10n';
import { accountChar } from '../../engine/formats/tokens';
import { loginLine } from '../../engine/formats/hints';

/** The failed-logins summary: bursts, then per account and per address. */
export function failedLoginsDocument(scan: SecurityScan, files: readonly SourceFile[], settings: BurstSettings, where: string): InvestigationResult & { failures: number; bursts: number } {
  const lines: string[] = [];
  const links: SourceLink[] = [];
  const ref = (a: LoginAttempt, prefix: string) => {
    const f = files[a.file];
    const label = f ? `${f.label}:${a.line + 1}` : l10n.t('line {0}', a.line + 1);
    if (f) links.push({ line: lines.length, start: prefix.length, end: prefix.length + label.length, uri: f.uri, logLine: a.line, label });
    return label;
  };
  const failures = scan.failures;
  const ok = scan.attempts.length - failures.length;
  lines.push(l10n.t('Failed logins in {0}: {1} failed, {2} successful', plain(where, 300), failures.length, ok), '');
  const bursts = scan.bursts(settings);
  lines.push(l10n.t('Bursts: at least {0} failures within {1} minutes from one address or against one account (zimbraLogs.security.burstCount / burstMinutes): {2}', settings.burstCount, settings.burstMinutes, bursts.length));
  for (const b of bursts) {
    const prefix = `  ${showTime(b.failures[0].time)}  `;
    const label = ref(b.failures[0], prefix);
    lines[lines.length] = `${prefix}${label}  ${plain(burstMessage(b, settings), 400)}`;
  }
  const table = (title: string, rows: Tally[], other: 'addresses' | 'accounts') => {
    lines.push('', `${title}: ${rows.length}`);
    if (!rows.length) return;
    const w = Math.min(40, Math.max(8, ...rows.map((r) => r.key.length))) + 1;
    const [failed, good, protocols] = [l10n.t('failed'), l10n.t('ok'), l10n.t('protocols')];
    const [wf, wo] = [Math.max(8, failed.length + 2), Math.max(6, good.length + 2)];
    const others = other === 'addresses' ? l10n.t('addresses') : l10n.t('accounts');
    lines.push(`  ${pad('', w)}${pad(failed, wf)}${pad(good, wo)}${pad(protocols, 22)}${l10n.t('{0} · last failure', others)}`);
    for (const r of rows) {
      const prefix = `  ${pad(plain(r.key, 200), w)}${pad(String(r.failed), wf)}${pad(String(r.ok), wo)}${pad(counts(r.protocols), 22)}${plain(counts(r.others), 300) || '-'} · `;
      const lastFailure = scan.attempts.filter((a) => !a.ok && (other === 'addresses' ? a.account === r.key : a.ip === r.key)).pop();
      if (lastFailure) {
        const label = ref(lastFailure, prefix);
        lines[lines.length] = prefix + label;
      } else lines.push(prefix + '-');
    }
  };
  table(l10n.t('By account'), scan.tally('account'), 'addresses');
  table(l10n.t('By address (oip=, else ip=; SMTP AUTH: the client)'), scan.tally('ip'), 'accounts');
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, failures: failures.length, bursts: bursts.length };
}

// Per log version (views are replaced when the text changes), the logins found in it.
const scans = new WeakMap<object, SecurityScan>();

/**
 * The login attempts of an open log: audit.log `cmd=Auth`, mailbox.log `authentication failed`,
 * and the MTA's SMTP AUTH logins (the lines the quick scan marked; BSD syslog lines in this year).
 */
export function securityScan(view: LogLike): SecurityScan {
  return runSteps(securitySteps(view));
}

/** Lines a step of securitySteps reads: a large log's lines are each read from disk (50 ms for 512 of them on a busy machine). */
const LINES_PER_STEP = 128;

/** The same, pausing every LINES_PER_STEP lines. */
function* securitySteps(view: LogLike): Steps<SecurityScan> {
  let s = scans.get(view);
  if (s) return s;
  s = new SecurityScan();
  let i = 0;
  if (view.pass) {
    // The one pass noted which entries are logins.
    for (const n of view.pass.loginEntries) {
      s.push(view.line(n), n);
      if (++i % LINES_PER_STEP === 0) yield;
    }
  } else {
    for (const e of view.scan.entries) {
      if (e.level !== 'WARN' && e.level !== 'INFO') continue;
      const line = view.line(e.line);
      if (line.includes(loginMarkers.audit.text, 30) || line.includes(loginMarkers.authFailedFor.text, 30)) s.push(line, e.line);
      if (++i % LINES_PER_STEP === 0) yield;
    }
  }
  for (const n of view.scan.smtpAuthLines) {
    s.push(view.line(n), n);
    if (++i % LINES_PER_STEP === 0) yield;
  }
  // Another caller may have finished it meanwhile: the first one made is kept.
  const made = scans.get(view);
  if (made) return made;
  scans.set(view, s);
  return s;
}

/** A Warning on the first line of every burst of failed logins in the log, and of every reason an account is flagged. */
export function burstDiagnostics(view: LogLike, security: BurstSettings = defaultBurstSettings, accounts: ReportThresholds = defaultReportThresholds): Diagnostic[] {
  return runSteps(burstDiagnosticSteps(view, security, accounts));
}

/** The same, pausing every few hundred lines read. */
export function* burstDiagnosticSteps(view: LogLike, s: BurstSettings, accounts: ReportThresholds): Steps<Diagnostic[]> {
  // Only for logs held in memory (their one pass noted the lines): a log indexed from disk would be read back line by line.
  const flagged = view.pass ? yield* accountDiagnostics(view, view.pass, accounts) : [];
  const scan = yield* securitySteps(view);
  if (scan.attempts.length < s.burstCount) return flagged;
  return [...flagged, ...scan.bursts(s).map((b) => {
    const n = b.failures[0].line;
    return {
      range: { start: { line: n, character: 0 }, end: { line: n, character: view.line(n).length } },
      severity: DiagnosticSeverity.Warning,
      code: 'login-burst',
      source: 'zimbra-logs',
      message: `${visible(burstMessage(b, s))}; ${l10n.t('lines {0}', `${b.failures.map((f) => f.line + 1).slice(0, 20).join(', ')}${b.failures.length > 20 ? ', …' : ''}`)}`,
    };
  })];
}

const TOKEN = accountChar.regex;

/** Lines with logins (audit.log, mailbox.log, SMTP AUTH) whose accounts and addresses have a hover. */
const LOGIN_LINE = loginLine.regex;

/** Hover on an account or address of a log with logins: its counts. */
export function securityHover(view: LogLike, position: Position, m: Markup = markdown): Hover | null {
  const line = view.line(position.line);
  if (!LOGIN_LINE.test(line)) return null;
  let a = position.character;
  let b = position.character;
  while (a > 0 && TOKEN.test(line[a - 1])) a--;
  while (b < line.length && TOKEN.test(line[b])) b++;
  // Trailing dots and colons are punctuation (trimmed by hand: a regex would go back over a long run from each position).
  let end = b;
  while (end > a && (line[end - 1] === '.' || line[end - 1] === ':')) end--;
  let word = line.slice(a, end);
  // `account=x` / `oip=x`: the value only.
  const eq = word.lastIndexOf('=');
  if (eq >= 0) {
    a += eq + 1;
    word = word.slice(eq + 1);
  }
  if (!word) return null;
  const scan = securityScan(view);
  const key = word.toLowerCase();
  const byAccount = scan.tally('account').find((t) => t.key === key);
  const byIp = byAccount ? undefined : scan.tally('ip').find((t) => t.key === key);
  const t = byAccount ?? byIp;
  if (!t) return null;
  const others = Object.keys(t.others);
  const failed = l10n.plural(t.failed, l10n.t('{0} failed login|{0} failed logins', l10n.n(t.failed)));
  const n = others.length;
  const from = byAccount ? l10n.plural(n, l10n.t('Failures from {0} address|Failures from {0} addresses', n)) : l10n.plural(n, l10n.t('Failures against {0} account|Failures against {0} accounts', n));
  const value = [
    byAccount ? l10n.t('{0} (account in this log): {1}, {2} successful', m.strong(m.text(t.key)), failed, t.ok) : l10n.t('{0} (address in this log): {1}, {2} successful', m.strong(m.text(t.key)), failed, t.ok),
    '',
    m.item(l10n.t('Protocols: {0}', m.text(counts(t.protocols) || l10n.t('unknown')))),
    m.item(`${from}${n ? `: ${m.text(counts(t.others).slice(0, 400))}` : ''}`),
    m.item(l10n.t('First seen {0} (line {1}), last {2} (line {3})', m.text(showTime(t.first.time)), t.first.line + 1, m.text(showTime(t.last.time)), t.last.line + 1)),
  ].join('\n');
  return { contents: { kind: m.kind, value }, range: { start: { line: position.line, character: a }, end: { line: position.line, character: a + word.length } } };
}
