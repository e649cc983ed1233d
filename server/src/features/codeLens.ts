// A code lens on the first line of each transaction: the message's whole delivery path in one
// line. Titles are computed on resolve, for the lenses on screen only; clients that say what they
// show get the lenses of a window around it (lensWindow.ts).
import { CodeLens } from 'vscode-languageserver';
import { messagePath, pathSummary } from '../engine/trace';
import type { LogView } from '../lsp/workspace';
import { transactionStarts } from '../engine/index/recordQuery';
import { plain } from './markdown';
import { firstLineOf, recordStartingAt } from './navigation';
import type { LensWindows } from './lensWindow';

export const SHOW_PATH_COMMAND = 'zimbraLogs.showPath';

/** What a lens carries until it is resolved: the document's number (see LogViews) and its line. Kept small: a log has tens of thousands of lenses. */
export type LensData = [doc: number, line: number];

/** The lines of the log's lenses in order: made once per version. */
interface LensLines {
  lines: Int32Array;
  /** Every lens, made when a client that does not window them asks (it asks again and again). */
  all?: CodeLens[];
}

/** The first lines of the log's transactions, from its stream index (no line is read). */
function lensLines(view: LogView): LensLines {
  return { lines: transactionStarts(view.stream) };
}

/**
 * The lenses of the log, in line order. With `windows` (a client that says what it shows), those
 * of the document's lens window only, unless the log is small: only those are made.
 */
export function codeLenses(view: LogView, doc: number, windows?: LensWindows): CodeLens[] {
  const cache = view.cached('lenses', () => lensLines(view));
  if (!windows) return (cache.all ??= lensesOf(cache, [[0, cache.lines.length]], doc));
  return lensesOf(cache, windows.spans(view.document.uri, cache.lines, (l) => l), doc);
}

function lensesOf({ lines }: LensLines, spans: [number, number][], doc: number): CodeLens[] {
  const out: CodeLens[] = [];
  for (const [from, to] of spans) {
    for (let i = from; i < to; i++) {
      const line = lines[i];
      out.push({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, data: [doc, line] satisfies LensData });
    }
  }
  return out;
}

/**
 * Fills in the lens's title: the path across the folder's logs when `across` knows it (other
 * MTAs, the mailbox server's mailbox.log), else the path within this log.
 */
export function resolveCodeLens(view: LogView, lens: CodeLens, across?: (line: number, queueId: string) => string | undefined): CodeLens {
  const line = (lens.data as LensData)[1];
  const index = view.indexAt(line);
  const r = recordStartingAt(index, line);
  if (!r) return lens;
  const title = across?.(firstLineOf(r), r.queueId) ?? pathSummary(index, messagePath(index, r));
  lens.command = { title: plain(title), command: SHOW_PATH_COMMAND, arguments: [{ uri: view.document.uri, line: firstLineOf(r) }] };
  return lens;
}
