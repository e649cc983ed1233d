// The collated delivery path of one message: every hop's transaction, then its notifications.
import type { Transaction } from '../engine/collateText';
import type { LogIndex } from '../engine/index/logIndex';
import { QueueRecord } from '../engine/index/types';
import { messagePath, pathSummary } from '../engine/trace';
import type { PathParams, PathResult } from '../../../common/protocol';
import type { LogSource as LogView } from '../lsp/workspace';
import { firstLineOf } from './navigation';
import { formatTransactions } from './collate';

function recordAtLine(index: LogIndex, line: number): QueueRecord | undefined {
  const rs = index.records;
  return rs.find((r) => firstLineOf(r) === line) ?? rs.find((r) => r.lines.includes(line));
}

/** The collate.pl transaction that holds record `r`'s lines. */
function transactionOf(view: LogView, r: QueueRecord): Transaction | undefined {
  const probe = r.startLine >= 0 ? r.startLine : r.lines[0];
  return view.transactions.find((t) => t.queueId === r.queueId && t.instance === r.instance && t.lines.includes(probe));
}

export function path(view: LogView, params: PathParams): PathResult | null {
  const index = view.indexAt(params.line);
  const r = recordAtLine(index, params.line);
  if (!r) return null;
  const p = messagePath(index, r);
  const records = [...p.hops, ...p.children];
  const ts = records.map((x) => transactionOf(view, x)).filter((t): t is Transaction => !!t);
  return { summary: pathSummary(index, p), text: formatTransactions(view, [...new Set(ts)]), queueIds: records.map((x) => x.queueId) };
}
