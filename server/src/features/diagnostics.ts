// Problems panel: ERROR/FATAL log4j entries (with their stack traces), Postfix fatal/panic/error
// lines, and delivery failures (bounced, expired, and deferred recipients never delivered later).
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { visible } from '../engine/visible';
import { runSteps, Steps } from '../engine/steps';
import { burstDiagnosticSteps } from './investigate/failedLogins';
import type { LogSource as LogView } from '../lsp/workspace';
import { defaultSettings, Settings } from '../lsp/settings';
import { l10n } from '../engine/l10n';
import { statusWord } from '../engine/statusWords';

const RANK = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 } as const;
const SOURCE = 'zimbra-logs';
const MAX = 10_000;

/** From the start of line `start` to `endLength` characters into line `end` (lengths come from the scan: the document is not read again). */
function range(start: number, end: number, endLength: number) {
  return { start: { line: start, character: 0 }, end: { line: end, character: endLength } };
}

/**
 * What the quick scan finds: ERROR/FATAL entries, Postfix problems, delivery failures. Published
 * as soon as a log opens; `diagnostics` adds the slower analyses (login bursts, flagged accounts).
 */
export function quickDiagnostics(view: Pick<LogView, 'scan'>, settings: Readonly<Settings> = defaultSettings): Diagnostic[] {
  const index = view.scan;
  const min = RANK[settings.diagnostics.minimumLevel];
  const out: Diagnostic[] = [];
  for (const e of index.entries) {
    if (RANK[e.level] < min) continue;
    let message = visible(e.message || e.level);
    if (e.rootCause) message += `\n${l10n.t('Root cause: {0}', visible(e.rootCause))}`;
    out.push({
      range: range(e.line, e.endLine, e.endLength),
      severity: RANK[e.level] >= RANK.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: e.level,
      source: SOURCE,
      message,
    });
    if (out.length >= MAX) return out;
  }
  for (const p of index.problems) {
    const isError = p.severity !== 'warning';
    if (!isError && min > RANK.WARN) continue;
    if (p.severity === 'error' && min > RANK.ERROR) continue;
    out.push({
      range: range(p.line, p.line, p.length),
      severity: isError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: p.severity,
      source: SOURCE,
      message: visible(`${p.program}: ${p.severity}: ${p.message}`),
    });
    if (out.length >= MAX) return out;
  }
  if (settings.diagnostics.deliveryFailures) out.push(...deliveryFailures(view, settings.failures.ignoreCauses).slice(0, MAX - out.length));
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** All the diagnostics: the quick ones, then bursts of failed logins and flagged accounts (zimbraLogs.security.* / accounts.*). */
export function diagnostics(view: LogView, settings: Readonly<Settings> = defaultSettings): Diagnostic[] {
  return runSteps(diagnosticSteps(view, settings));
}

/** The same, pausing every few hundred lines read (the language server runs it in slices). */
export function* diagnosticSteps(view: LogView, settings: Readonly<Settings> = defaultSettings): Steps<Diagnostic[]> {
  const out = quickDiagnostics(view, settings);
  if (out.length >= MAX) return out;
  out.push(...(yield* burstDiagnosticSteps(view, settings.security, settings.accounts)).slice(0, MAX - out.length));
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

/**
 * Bounced and expired deliveries, and deferred ones whose recipient was never delivered later,
 * each with its cause as the code (`zimbra-logs(recipient-unknown)`) and the cause's explanation;
 * causes listed in `ignore` (zimbraLogs.failures.ignoreCauses) are left out.
 */
export function deliveryFailures(view: Pick<LogView, 'scan'>, ignore: readonly string[] = []): Diagnostic[] {
  const scan = view.scan;
  const out: Diagnostic[] = [];
  for (const f of scan.failures) {
    // A deferred recipient of the same queue ID delivered later is not a problem (retries keep the queue ID).
    if (f.deliveredLater || ignore.includes(f.cause)) continue;
    out.push({
      range: range(f.line, f.line, f.length),
      severity: DiagnosticSeverity.Warning,
      code: f.cause,
      source: SOURCE,
      message: `${l10n.t(f.explanation)}\n${visible(l10n.t('{0}: {1} for {2}: {3}', f.queueId, statusWord(f.status), `<${f.recipient}>${f.dsn ? ` (dsn=${f.dsn})` : ''}`, f.reply))}`,
    });
  }
  return out;
}
