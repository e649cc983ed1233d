// Problems panel: ERROR/FATAL log4j entries (with their stack traces), Postfix fatal/panic/error
// lines, and delivery failures (bounced, expired, and deferred recipients never delivered later).
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { describeLine } from '../engine/lineInfo';
import type { LogView } from '../workspace';

export interface DiagnosticSettings {
  minimumLevel: 'ERROR' | 'WARN' | 'FATAL';
  deliveryFailures: boolean;
}

export const defaultDiagnosticSettings: DiagnosticSettings = { minimumLevel: 'ERROR', deliveryFailures: true };

const RANK = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 } as const;
const SOURCE = 'zimbra-logs';
const MAX = 10_000;

function lineRange(view: LogView, start: number, end = start) {
  return { start: { line: start, character: 0 }, end: { line: end, character: view.line(end).length } };
}

function entryMessage(line: string): string {
  const info = describeLine(line);
  return info.message !== undefined ? line.slice(info.message) : line;
}

export function diagnostics(view: LogView, settings: DiagnosticSettings = defaultDiagnosticSettings): Diagnostic[] {
  const index = view.index;
  const min = RANK[settings.minimumLevel] ?? RANK.ERROR;
  const out: Diagnostic[] = [];
  for (const e of index.entries) {
    if (RANK[e.level] < min) continue;
    let message = entryMessage(view.line(e.line)) || e.level;
    if (e.rootCause) message += `\nRoot cause: ${e.rootCause}`;
    out.push({
      range: lineRange(view, e.line, e.endLine),
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
      range: lineRange(view, p.line),
      severity: isError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: p.severity,
      source: SOURCE,
      message: `${p.program}: ${p.severity}: ${p.message}`,
    });
    if (out.length >= MAX) return out;
  }
  if (settings.deliveryFailures) out.push(...deliveryFailures(view).slice(0, MAX - out.length));
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

/** Bounced and expired deliveries, and deferred ones whose recipient was never delivered later. */
export function deliveryFailures(view: LogView): Diagnostic[] {
  const index = view.index;
  // The last line at which each (message, recipient) was delivered.
  const delivered = new Map<string, number>();
  for (const r of index.records) {
    const msg = r.messageId ?? `${r.host} ${r.instance}/${r.queueId}#${r.id}`;
    for (const d of r.deliveries) if (d.status === 'sent') delivered.set(`${msg}\u0000${d.recipient}`, Math.max(d.line, delivered.get(`${msg}\u0000${d.recipient}`) ?? -1));
  }
  const out: Diagnostic[] = [];
  for (const r of index.records) {
    const msg = r.messageId ?? `${r.host} ${r.instance}/${r.queueId}#${r.id}`;
    for (const d of r.deliveries) {
      if (d.status === 'sent' || d.status === 'deliverable') continue;
      if (d.status === 'deferred' && (delivered.get(`${msg}\u0000${d.recipient}`) ?? -1) > d.line) continue;
      out.push({
        range: lineRange(view, d.line),
        severity: DiagnosticSeverity.Warning,
        code: `status=${d.status}`,
        source: SOURCE,
        message: `${r.queueId}: ${d.status} for <${d.recipient}>${d.dsn ? ` (dsn=${d.dsn})` : ''}: ${d.reply}`,
      });
    }
  }
  return out;
}
