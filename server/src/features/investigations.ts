// Investigations as documents and editor features (no connection, no file system): the merged
// activity of an account or address, the failed-logins summary, what preceded each restart, burst
// diagnostics and the hover on an account or address of a log with logins. Log text only ever becomes
// document text or escaped Markdown; links point at files the server found, never at log text.
import { Diagnostic, DiagnosticSeverity, DocumentSymbol, Hover, SymbolKind } from 'vscode-languageserver';
import type { ActivityEntry } from '../engine/investigate/activity';
import { activityLanguage } from '../engine/investigate/activity';
import { LogLine, RestartReport, restartReports } from '../engine/investigate/restarts';
import { threadGroup } from '../engine/investigate/threads';
import { describeLine } from '../engine/lineInfo';
import { runSteps, Steps } from '../engine/steps';
import { BurstSettings, burstMessage, defaultBurstSettings, LoginAttempt, SecurityScan, Tally } from '../engine/investigate/security';
import type { ProblemScan } from '../engine/index/problemScan';
import type { InvestigationResult, SourceLink } from '../investigateProtocol';
import type { Position } from '../protocol';
import { visible } from '../engine/visible';
import { markdown, Markup, plain } from './markdown';
import { accountDiagnostics, ReportLines, reportThresholds } from './accountDocuments';

/** What these features read of a log (an open document or a log indexed from disk). */
export interface LogLike {
  readonly document: { readonly uri: string };
  readonly scan: ProblemScan;
  line(n: number): string;
  /** An open document's one pass: the lines the login and account analyses read (engine/index/documentPass.ts). */
  readonly pass?: ReportLines & { readonly loginEntries: readonly number[] };
}

/** A file the entries came from: how to name it and link to it. */
export interface SourceFile {
  label: string;
  uri: string;
}

/** Where the timestamp of a log line ends (log4j, BSD or RFC3339 syslog), or 0. */
function timestampEnd(line: string): number {
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/.test(line)) return 23;
  if (/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d/.test(line)) return 15;
  const m = /^\d{4}-\d\d-\d\dT\S+/.exec(line);
  return m ? m[0].length : 0;
}

/** Time as the logs write it (wall clock), for headers. */
export function showTime(t: number): string {
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19).replace('T', ' ') : '?';
}

/**
 * The merged activity document: a `── file ──` line whenever the file changes, then the entries
 * as they are in the logs (so that they keep their colors); each entry's timestamp links to its line.
 */
export function activityDocument(what: string, entries: readonly ActivityEntry[], files: readonly SourceFile[], note: string[] = []): InvestigationResult & { entries: number } {
  const lines: string[] = [`# Activity of ${plain(what, 200)}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${files.length} log file(s)`, ...note.map((n) => `# ${plain(n, 500)}`)];
  if (!entries.length) lines.push('# Nothing in these logs mentions it.');
  lines.push('# Each entry\'s timestamp links to its line in the log.', '');
  const links: SourceLink[] = [];
  let last = -1;
  for (const e of entries) {
    const f = files[e.file];
    if (e.file !== last) {
      lines.push(`── ${plain(f?.label ?? '?', 300)} ──`);
      last = e.file;
    }
    const first = e.text.split('\n', 1)[0];
    const end = timestampEnd(first);
    if (f && end) links.push({ line: lines.length, start: 0, end, uri: f.uri, logLine: e.line, label: `${f.label}:${e.line + 1}` });
    lines.push(e.text);
  }
  // Entries may hold several lines: links were placed by entry; recount text lines.
  const text = lines.join('\n') + '\n';
  return { text, language: activityLanguage(entries), links: relink(lines, links), entries: entries.length };
}

/** Link lines were counted per array element; elements may span several text lines. */
function relink(elements: string[], links: SourceLink[]): SourceLink[] {
  const startOf: number[] = [];
  let n = 0;
  for (const el of elements) {
    startOf.push(n);
    n += el.split('\n').length;
  }
  return links.map((l) => ({ ...l, line: startOf[l.line] }));
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));
const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** The failed-logins summary: bursts, then per account and per address. */
export function failedLoginsDocument(scan: SecurityScan, files: readonly SourceFile[], settings: BurstSettings, where: string): InvestigationResult & { failures: number; bursts: number } {
  const lines: string[] = [];
  const links: SourceLink[] = [];
  const ref = (a: LoginAttempt, prefix: string) => {
    const f = files[a.file];
    const label = f ? `${f.label}:${a.line + 1}` : `line ${a.line + 1}`;
    if (f) links.push({ line: lines.length, start: prefix.length, end: prefix.length + label.length, uri: f.uri, logLine: a.line, label });
    return label;
  };
  const failures = scan.failures;
  const ok = scan.attempts.length - failures.length;
  lines.push(`Failed logins in ${plain(where, 300)}: ${failures.length} failed, ${ok} successful`, '');
  const bursts = scan.bursts(settings);
  lines.push(`Bursts: at least ${settings.burstCount} failures within ${settings.burstMinutes} minutes from one address or against one account (zimbraLogs.security.burstCount / burstMinutes): ${bursts.length}`);
  for (const b of bursts) {
    const prefix = `  ${showTime(b.failures[0].time)}  `;
    const label = ref(b.failures[0], prefix);
    lines[lines.length] = `${prefix}${label}  ${plain(burstMessage(b, settings), 400)}`;
  }
  const table = (title: string, rows: Tally[], other: string) => {
    lines.push('', `${title}: ${rows.length}`);
    if (!rows.length) return;
    const w = Math.min(40, Math.max(8, ...rows.map((r) => r.key.length))) + 1;
    lines.push(`  ${pad('', w)}${pad('failed', 8)}${pad('ok', 6)}${pad('protocols', 22)}${other} · last failure`);
    for (const r of rows) {
      const prefix = `  ${pad(plain(r.key, 200), w)}${pad(String(r.failed), 8)}${pad(String(r.ok), 6)}${pad(counts(r.protocols), 22)}${plain(counts(r.others), 300) || '-'} · `;
      const lastFailure = scan.attempts.filter((a) => !a.ok && (other === 'addresses' ? a.account === r.key : a.ip === r.key)).pop();
      if (lastFailure) {
        const label = ref(lastFailure, prefix);
        lines[lines.length] = prefix + label;
      } else lines.push(prefix + '-');
    }
  };
  table('By account', scan.tally('account'), 'addresses');
  table('By address (oip=, else ip=; SMTP AUTH: the client)', scan.tally('ip'), 'accounts');
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, failures: failures.length, bursts: bursts.length };
}

/**
 * Each restart with the last ERROR/FATAL entries before it, each line linked to its file: one
 * open mailbox.log (`line N`), or the mailbox.log files of a folder (`file:N`), in the order given.
 * `text` gives a line's text when the report did not keep it.
 */
export function restartsDocument(reports: readonly RestartReport[], files: readonly SourceFile[], where: string, text: (l: LogLine) => string = (l) => l.text ?? ''): InvestigationResult & { restarts: number } {
  const lines: string[] = [];
  const links: SourceLink[] = [];
  const ref = (l: LogLine, prefix: string) => {
    const f = files[l.file];
    const label = `${f?.label ?? '?'}:${l.line + 1}`;
    const shown = files.length > 1 ? label : `line ${l.line + 1}`;
    if (f) links.push({ line: lines.length, start: prefix.length, end: prefix.length + shown.length, uri: f.uri, logLine: l.line, label });
    return shown;
  };
  const at = (l: LogLine) => plain(text(l).slice(0, 19), 19);
  lines.push(`Restarts in ${plain(where, 300)}: ${reports.length}`, '');
  if (!reports.length) lines.push(`No restart in ${files.length === 1 ? 'this log' : 'these logs'} (no "Servlet SoapServlet shutting down" or second "starting up").`);
  reports.forEach((r, i) => {
    let p = `${i + 1}. `;
    if (r.stop) {
      const head = `${p}${at(r.stop)} shutting down (`;
      const line = `${head}${ref(r.stop, head)})`;
      if (r.start) {
        const mid = `${line}, started again ${at(r.start)} (`;
        lines.push(`${mid}${ref(r.start, mid)})`);
      } else lines.push(`${line}, not started again in ${files.length === 1 ? 'this log' : 'these logs'}`);
    } else if (r.start) {
      const head = `${p}${at(r.start)} started without a clean shutdown before it, a crash or a kill (`;
      lines.push(`${head}${ref(r.start, head)})`);
    }
    p = '   ';
    if (!r.preceding.length) lines.push(`${p}No ERROR or FATAL entry since the restart before.`);
    else lines.push(`${p}Last ERROR/FATAL entries before it${r.omitted ? ` (${r.omitted} older ones not shown)` : ''}:`);
    for (const e of r.preceding) {
      const head = `${p}  `;
      const l = ref(e, head);
      lines[lines.length] = `${head}${l}  ${plain(text(e).replace(/^(\S+ \S+) (\w+)\s+\[.*?\] \[.*?\] /, '$1 $2 '), 400)}`;
      if (e.rootCause) lines.push(`${p}    Root cause: ${plain(e.rootCause, 300)}`);
    }
    lines.push('');
  });
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, restarts: reports.length };
}

/** What preceded each restart of one open mailbox.log. */
export function logRestartsDocument(view: LogLike, label: string, keep = 5): InvestigationResult & { restarts: number } {
  return restartsDocument(restartReports(view.scan, keep), [{ label, uri: view.document.uri }], label, (l) => view.line(l.line));
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

/** The same, pausing every few hundred lines. */
function* securitySteps(view: LogLike): Steps<SecurityScan> {
  let s = scans.get(view);
  if (s) return s;
  s = new SecurityScan();
  let i = 0;
  if (view.pass) {
    // The one pass noted which entries are logins.
    for (const n of view.pass.loginEntries) {
      s.push(view.line(n), n);
      if ((++i & 511) === 0) yield;
    }
  } else {
    for (const e of view.scan.entries) {
      if (e.level !== 'WARN' && e.level !== 'INFO') continue;
      const line = view.line(e.line);
      if (line.includes(' security - cmd=', 30) || line.includes('authentication failed for [', 30)) s.push(line, e.line);
    }
  }
  for (const n of view.scan.smtpAuthLines) {
    s.push(view.line(n), n);
    if ((++i & 511) === 0) yield;
  }
  // Another caller may have finished it meanwhile: the first one made is kept.
  const made = scans.get(view);
  if (made) return made;
  scans.set(view, s);
  return s;
}

function burstSettings(given?: unknown): BurstSettings {
  const settings = given as Partial<BurstSettings> | undefined;
  const n = Number(settings?.burstCount);
  const m = Number(settings?.burstMinutes);
  return { burstCount: n >= 1 ? n : defaultBurstSettings.burstCount, burstMinutes: m >= 0 ? m : defaultBurstSettings.burstMinutes };
}

/** A Warning on the first line of every burst of failed logins in the log, and of every reason an account is flagged. */
export function burstDiagnostics(view: LogLike, settings?: Partial<BurstSettings> | object): Diagnostic[] {
  return runSteps(burstDiagnosticSteps(view, settings));
}

/** The same, pausing every few hundred lines read. */
export function* burstDiagnosticSteps(view: LogLike, settings?: Partial<BurstSettings> | object): Steps<Diagnostic[]> {
  const s = burstSettings(settings);
  // Only for logs held in memory (their one pass noted the lines): a log indexed from disk would be read back line by line.
  // The account report's thresholds (zimbraLogs.accounts.*) ride along in the settings too.
  const flagged = view.pass ? yield* accountDiagnostics(view, view.pass, reportThresholds(settings)) : [];
  const scan = yield* securitySteps(view);
  if (scan.attempts.length < s.burstCount) return flagged;
  return [...flagged, ...scan.bursts(s).map((b) => {
    const n = b.failures[0].line;
    return {
      range: { start: { line: n, character: 0 }, end: { line: n, character: view.line(n).length } },
      severity: DiagnosticSeverity.Warning,
      code: 'login-burst',
      source: 'zimbra-logs',
      message: visible(burstMessage(b, s)) + `; lines ${b.failures.map((f) => f.line + 1).slice(0, 20).join(', ')}${b.failures.length > 20 ? ', …' : ''}`,
    };
  })];
}

const TOKEN = /[A-Za-z0-9._%+'@:-]/;

/** Lines with logins (audit.log, mailbox.log, SMTP AUTH) whose accounts and addresses have a hover. */
const LOGIN_LINE = / security - |authentication failed|auth_zimbra: |sasl_username=/;

/** Hover on an account or address of a log with logins: its counts. */
export function securityHover(view: LogLike, position: Position, m: Markup = markdown): Hover | null {
  const line = view.line(position.line);
  if (!LOGIN_LINE.test(line)) return null;
  let a = position.character;
  let b = position.character;
  while (a > 0 && TOKEN.test(line[a - 1])) a--;
  while (b < line.length && TOKEN.test(line[b])) b++;
  let word = line.slice(a, b).replace(/[.:]+$/, '');
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
  const kind = byAccount ? 'account' : 'address';
  const others = Object.keys(t.others);
  const value = [
    `${m.strong(m.text(t.key))} (${kind} in this log): ${t.failed} failed login${t.failed === 1 ? '' : 's'}, ${t.ok} successful`,
    '',
    m.item(`Protocols: ${m.text(counts(t.protocols) || 'unknown')}`),
    m.item(`Failures ${byAccount ? 'from' : 'against'} ${others.length} ${byAccount ? (others.length === 1 ? 'address' : 'addresses') : others.length === 1 ? 'account' : 'accounts'}${others.length ? `: ${m.text(counts(t.others).slice(0, 400))}` : ''}`),
    m.item(`First seen ${m.text(showTime(t.first.time))} (line ${t.first.line + 1}), last ${m.text(showTime(t.last.time))} (line ${t.last.line + 1})`),
  ].join('\n');
  return { contents: { kind: m.kind, value }, range: { start: { line: position.line, character: a }, end: { line: position.line, character: a + word.length } } };
}

/** Children listed per Outline group (the group's detail still counts them all). */
const GROUP_CHILDREN = 1000;

/**
 * Outline groups for keyword navigation (the article's LmtpServer, ImapServer, Pop3Server and
 * `handler exception` searches): the entries of each protocol's threads, and every handler
 * exception. Each group spans its first to its last entry; handler exceptions are marked.
 */
export function threadGroupSymbols(view: LogLike): DocumentSymbol[] {
  const groups = new Map<string, { entries: { line: number; endLine: number; name: string; exception: boolean }[]; count: number }>();
  const add = (key: string, e: { line: number; endLine: number; name: string; exception: boolean }) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { entries: [], count: 0 }));
    g.count++;
    if (g.entries.length < GROUP_CHILDREN) g.entries.push(e);
  };
  for (const e of view.scan.entries) {
    const line = view.line(e.line);
    const info = describeLine(line);
    if (!info.thread || !info.logger || info.message === undefined) continue;
    const group = threadGroup(line.slice(info.thread.start, info.thread.end));
    const message = line.slice(info.message);
    const exception = message.startsWith('handler exception');
    if (!group && !exception) continue;
    const logger = line.slice(info.logger.start, info.logger.end);
    const item = { line: e.line, endLine: e.endLine, name: plain(`${exception ? '⚠ ' : ''}${line.slice(11, 19)} ${e.level} ${logger} - ${message}`, 160), exception };
    if (group) add(group === 'SOAP' ? 'SOAP (qtp)' : group, item);
    if (exception) add('handler exception', item);
  }
  const range = (a: number, b: number) => ({ start: { line: a, character: 0 }, end: { line: b, character: view.line(b).length } });
  const order = ['LmtpServer', 'ImapServer', 'Pop3Server', 'SOAP (qtp)', 'handler exception'];
  return order
    .filter((k) => groups.has(k))
    .map((k) => {
      const g = groups.get(k)!;
      const first = g.entries[0];
      const exceptions = g.entries.filter((x) => x.exception).length;
      return {
        name: k,
        detail: `${g.count} entr${g.count === 1 ? 'y' : 'ies'}${k !== 'handler exception' && exceptions ? `, ${exceptions} handler exception${exceptions === 1 ? '' : 's'}` : ''}${g.count > g.entries.length ? ` (first ${g.entries.length} listed)` : ''}`,
        kind: k === 'handler exception' ? SymbolKind.Key : SymbolKind.Namespace,
        range: range(first.line, Math.max(...g.entries.map((x) => x.endLine))),
        selectionRange: range(first.line, first.line),
        children: g.entries.map((x) => ({ name: x.name, kind: x.exception ? SymbolKind.Key : SymbolKind.Event, range: range(x.line, x.endLine), selectionRange: range(x.line, x.line) })),
      } satisfies DocumentSymbol;
    })
    .filter((s) => s.range.end.line >= s.range.start.line);
}
