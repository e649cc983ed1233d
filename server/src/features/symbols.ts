// Outline and Ctrl+T: transactions, ERROR/FATAL entries and restarts; queue IDs and Message-IDs.
import { DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolInformation, SymbolKind, WorkspaceSymbol } from 'vscode-languageserver';
import type { LogView } from '../lsp/workspace';
import { plain } from './markdown';
import { entryName, threadGroupSymbols } from './investigate/threads';
import type { TransactionFact } from '../engine/index/transactionFacts';
import { l10n } from '../engine/l10n';
import { statusWord } from '../engine/statusWords';
import { pathEnd } from '../engine/trace';
import { log4jLevel } from '../engine/formats/mailboxMessages';

function lineRange(view: LogView, start: number, end = start) {
  return { start: { line: start, character: 0 }, end: { line: end, character: view.line(end).length } };
}

export function documentSymbols(view: LogView): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const r of view.transactionFacts()) {
    const { first, last } = r;
    if (first < 0) continue;
    const statuses = [...new Set(r.deliveries.map((d) => statusWord(d.status)))].join(', ') || pathEnd(r.removed);
    const to = [...new Set(r.deliveries.map((d) => d.recipient))];
    out.push({
      name: r.queueId,
      detail: plain(`${r.from !== undefined ? `<${r.from}>` : '?'} → ${to.slice(0, 3).join(', ')}${to.length > 3 ? ` +${to.length - 3}` : ''} · ${statuses}`, 200),
      kind: SymbolKind.Event,
      range: lineRange(view, Math.min(first, last), Math.max(first, last)),
      selectionRange: lineRange(view, first),
    });
  }
  for (const e of view.scan.entries) {
    if (e.level !== 'ERROR' && e.level !== 'FATAL') continue;
    const text = view.line(e.line);
    const name = entryName(text, e.level) ?? `${e.level} ${plain(text.slice(24).replace(log4jLevel.regex, ''), 120)}`;
    out.push({ name, kind: SymbolKind.Key, range: lineRange(view, e.line, e.endLine), selectionRange: lineRange(view, e.line) });
  }
  for (const r of view.scan.restarts) {
    out.push({ name: r.kind === 'start' ? l10n.t('Server start') : l10n.t('Server stop'), detail: plain(r.text, 200), kind: SymbolKind.Event, range: lineRange(view, r.line), selectionRange: lineRange(view, r.line) });
  }
  // Then the protocol-thread and `handler exception` groups (features/investigations.ts), after the entries in line order.
  return [...out.sort((a, b) => a.range.start.line - b.range.start.line), ...threadGroupSymbols(view)];
}

export function foldingRanges(view: LogView): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const e of view.scan.entries) if (e.endLine > e.line) out.push({ startLine: e.line, endLine: e.endLine, kind: FoldingRangeKind.Region });
  for (const s of view.pass.sessions.list) if (s.endLine > s.startLine) out.push({ startLine: s.startLine, endLine: s.endLine, kind: FoldingRangeKind.Region });
  return out;
}

/** Queue IDs and Message-IDs of the open logs that contain `query` (case-insensitive). */
export function workspaceSymbols(views: LogView[], query: string, limit = 500): (SymbolInformation | WorkspaceSymbol)[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const view of views) {
    const { byQueueId, byMessageId } = view.cached('symbols', () => symbolTable(view.transactionFacts()));
    for (const [id, facts] of byQueueId) {
      if (!id.toLowerCase().includes(q)) continue;
      for (const r of facts) {
        if (r.first < 0) continue;
        out.push({ name: id, kind: SymbolKind.Event, containerName: plain(`${r.host} ${r.instance}`, 200), location: { uri: view.document.uri, range: lineRange(view, r.first) } });
        if (out.length >= limit) return out;
      }
    }
    for (const [mid, facts] of byMessageId) {
      if (!mid.toLowerCase().includes(q)) continue;
      out.push({ name: plain(`<${mid}>`, 200), kind: SymbolKind.String, containerName: facts.map((x) => x.queueId).join(' '), location: { uri: view.document.uri, range: lineRange(view, facts[0].first) } });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** The transactions by queue ID (in the order each ID first began a transaction) and by Message-ID (in the order each was first logged). */
function symbolTable(facts: readonly TransactionFact[]) {
  const byQueueId = new Map<string, TransactionFact[]>();
  const byMessageId = new Map<string, TransactionFact[]>();
  for (const r of facts) {
    const list = byQueueId.get(r.queueId);
    if (list) list.push(r);
    else byQueueId.set(r.queueId, [r]);
  }
  for (const r of facts.filter((x) => x.messageId !== undefined).sort((a, b) => a.messageIdLine - b.messageIdLine)) {
    const list = byMessageId.get(r.messageId!);
    if (list) list.push(r);
    else byMessageId.set(r.messageId!, [r]);
  }
  return { byQueueId, byMessageId };
}
