// A code lens on the first line of each transaction: the message's whole delivery path in one
// line. Titles are computed on resolve, for the lenses on screen only; clients that say what they
// show get the lenses of a window around it (lensWindow.ts).
import { CodeLens } from 'vscode-languageserver';
import { messagePath, pathSummary } from '../engine/trace';
import type { LogView } from '../workspace';
import { plain } from './markdown';
import { firstLineOf } from './navigation';
import type { LensWindows } from './lensWindow';

export const SHOW_PATH_COMMAND = 'zimbraLogs.showPath';

/** What a lens carries until it is resolved: the document's number (see LogViews) and the record id. Kept small: a log has tens of thousands of lenses. */
export type LensData = [doc: number, record: number];

/** The line a lens stands on. */
export const lensLine = (lens: CodeLens): number => lens.range.start.line;

/**
 * The lenses of the log, sorted by line, made once per version. With `windows` (a client that
 * says what it shows), those of the document's lens window only, unless the log is small.
 */
export function codeLenses(view: LogView, doc: number, windows?: LensWindows): CodeLens[] {
  const all = view.cached('lenses', () =>
    byLine(
      view.index.records
        .filter((r) => r.lines.length)
        .map((r) => {
          const line = firstLineOf(r);
          return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, data: [doc, r.id] satisfies LensData };
        }),
    ),
  );
  return windows ? windows.select(view.document.uri, all, lensLine) : all;
}

/** Records come in the order their queue IDs appear, which is not always the order of their first lines (a bounce's notification, a record named before its first line). */
function byLine(lenses: CodeLens[]): CodeLens[] {
  for (let i = 1; i < lenses.length; i++) if (lensLine(lenses[i]) < lensLine(lenses[i - 1])) return lenses.sort((a, b) => lensLine(a) - lensLine(b));
  return lenses;
}

/**
 * Fills in the lens's title: the path across the folder's logs when `across` knows it (other
 * MTAs, the mailbox server's mailbox.log), else the path within this log.
 */
export function resolveCodeLens(view: LogView, lens: CodeLens, across?: (line: number, queueId: string) => string | undefined): CodeLens {
  const r = view.index.records[(lens.data as LensData)[1]];
  if (!r) return lens;
  const title = across?.(firstLineOf(r), r.queueId) ?? pathSummary(view.index, messagePath(view.index, r));
  lens.command = { title: plain(title), command: SHOW_PATH_COMMAND, arguments: [{ uri: view.document.uri, line: firstLineOf(r) }] };
  return lens;
}
