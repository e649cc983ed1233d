// Collation for the editor: the transaction of a queue ID (or of the one under the cursor), or
// the whole document, as exactly the text collate.pl prints.
import { formatTransactions as formatLines, type Page, pageSteps, type Transaction } from '../engine/collateText';
import type { Steps } from '../engine/steps';
import { describeLine } from '../engine/lineInfo';
import { summarizeLines } from '../engine/transactionSummary';
import { visible } from '../engine/visible';
import { COLLATE_PAGE_CHARS, type CollateParams, type CollatePageParams, type CollateResult, type Position, type TransactionSummary } from '../../../common/protocol';
import type { LogSource as LogView } from '../lsp/workspace';

/** collate.pl's output for these transactions of the log. */
export function formatTransactions(view: LogView, ts: readonly Transaction[]): string {
  return formatLines(ts, (n) => view.rawLine(n));
}

/** The queue ID mentioned at `position`, with the Postfix instance of its line when known. */
export function queueIdAt(view: LogView, position: Position): { id: string; instance?: string } | undefined {
  const line = view.line(position.line);
  const info = describeLine(line);
  const hit = info.queueIds.find((q) => q.span.start <= position.character && position.character <= q.span.end);
  return hit ? { id: hit.id, instance: info.postfix?.instance } : undefined;
}

/**
 * The transaction of `queueId` meant at `line`: the one holding that line, else the first one
 * that starts after it (a `queued as` names a later transaction), else the last one before it.
 */
export function findTransaction(view: LogView, queueId: string, line?: number, instance?: string): Transaction | undefined {
  const candidates = view.transactions.filter((t) => t.queueId === queueId && (!instance || t.instance === instance));
  const all = candidates.length ? candidates : view.transactions.filter((t) => t.queueId === queueId);
  if (!all.length) return undefined;
  if (line === undefined) return all[0];
  return (
    all.find((t) => t.lines.includes(line)) ??
    all.filter((t) => Math.min(...t.lines) > line).sort((a, b) => Math.min(...a.lines) - Math.min(...b.lines))[0] ??
    all[all.length - 1]
  );
}

export function collate(view: LogView, params: CollateParams): CollateResult | null {
  if (params.key) {
    const t = view.transactions.find((x) => x.key === params.key);
    return t ? { text: formatTransactions(view, [t]), keys: [t.key] } : null;
  }
  let queueId = params.queueId?.trim();
  let instance: string | undefined;
  if (!queueId && params.position) {
    const at = queueIdAt(view, params.position);
    if (!at) return null;
    queueId = at.id;
    instance = at.instance;
  }
  if (!queueId) {
    const ts = view.transactions;
    return { text: formatTransactions(view, ts), keys: ts.map((t) => t.key) };
  }
  const t = findTransaction(view, queueId, params.position?.line, instance);
  return t ? { text: formatTransactions(view, [t]), keys: [t.key] } : null;
}

/** A page of the whole log's collation (zimbraLogs/collatePage), made in steps; `from` and `size` are clamped to the log and to a page. */
export function collatePage(view: LogView, params: CollatePageParams): Steps<Page> {
  const ts = view.transactions;
  const whole = (x: unknown, max: number) => Math.min(max, Math.max(0, Math.floor(Number(x)) || 0));
  const transaction = whole(params.from?.transaction, ts.length);
  const line = whole(params.from?.line, Math.max(0, (ts[transaction]?.lines.length ?? 1) - 1));
  const size = params.size === undefined ? COLLATE_PAGE_CHARS : Math.max(1, whole(params.size, COLLATE_PAGE_CHARS));
  return pageSteps(ts, (n) => view.rawLine(n), { transaction, line }, size);
}

export function transactionSummaries(view: LogView): TransactionSummary[] {
  return view.transactions.map((t) => {
    const s = summarizeLines(t.lines.map((n) => view.rawLine(n)));
    // The first line that names the queue ID (client=, uid=, cleanup), rather than the session's connect line.
    const named = t.lines.filter((n) => view.line(n).includes(`${t.queueId}: `));
    return { key: t.key, queueId: t.queueId, instance: visible(t.instance), line: Math.min(...(named.length ? named : t.lines)), complete: t.complete, ...s };
  });
}
