// The explorer's "Zimbra Logs" view: a log's transactions, problems and accounts, each with the
// line it starts on. Works the same on open documents and on logs indexed from disk.
import { DiagnosticSeverity } from 'vscode-languageserver';
import { AccountTally } from '../engine/accounts';
import type { AccountSummary, OutlineResult, TransactionSummary } from '../../../common/protocol';
import type { LogSource } from '../lsp/workspace';
import { diagnostics } from './diagnostics';
import type { Settings } from '../lsp/settings';
import { transactionSummaries } from './collate';
import { visible } from '../engine/visible';

/** What a disk-backed source has ready (a document's view computes it here). */
interface Prepared {
  summaries?: TransactionSummary[];
  accountList?(limit: number): AccountSummary[];
  lineCount?: number;
}

export function outline(view: LogSource & Prepared, settings: Readonly<Settings>, limit = 2000, large = false): OutlineResult {
  const ts = view.summaries ?? transactionSummaries(view);
  const problems = diagnostics(view, settings);
  let accounts: AccountSummary[];
  if (view.accountList) accounts = view.accountList(limit);
  else {
    const t = new AccountTally();
    const n = (view as unknown as { document: { lineCount: number } }).document.lineCount ?? 0;
    for (let i = 0; i < n; i++) t.push(view.line(i), i);
    accounts = t.list(limit);
  }
  return {
    transactions: ts.slice(0, limit),
    transactionCount: ts.length,
    problems: problems.slice(0, limit).map((d) => ({
      line: d.range.start.line,
      severity: d.severity === DiagnosticSeverity.Error ? 'error' : 'warning',
      code: String(d.code ?? ''),
      message: d.message,
    })),
    problemCount: problems.length,
    accounts: accounts.map((a) => ({ ...a, name: visible(a.name) })),
    large,
  };
}
