// A code lens on the first line of each transaction: the message's whole delivery path in one
// line. Titles are computed on resolve, for the lenses on screen only.
import { CodeLens } from 'vscode-languageserver';
import { messagePath, pathSummary } from '../engine/trace';
import type { LogView } from '../workspace';
import { plain } from './markdown';
import { firstLineOf } from './navigation';

export const SHOW_PATH_COMMAND = 'zimbraLogs.showPath';

/** What a lens carries until it is resolved: the document's number (see LogViews) and the record id. Kept small: a log has tens of thousands of lenses. */
export type LensData = [doc: number, record: number];

export function codeLenses(view: LogView, doc: number): CodeLens[] {
  return view.cached('lenses', () =>
    view.index.records
      .filter((r) => r.lines.length)
      .map((r) => {
        const line = firstLineOf(r);
        return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, data: [doc, r.id] satisfies LensData };
      }),
  );
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
