// A code lens on the first line of each transaction: the message's whole delivery path in one
// line. Titles are computed on resolve, for the lenses on screen only.
import { CodeLens } from 'vscode-languageserver';
import { messagePath, pathSummary } from '../engine/trace';
import type { LogView } from '../workspace';
import { plain } from './markdown';
import { firstLineOf } from './navigation';

export const SHOW_PATH_COMMAND = 'zimbraLogs.showPath';

export function codeLenses(view: LogView): CodeLens[] {
  return view.index.records
    .filter((r) => r.lines.length)
    .map((r) => {
      const line = firstLineOf(r);
      return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, data: { uri: view.document.uri, record: r.id } };
    });
}

export function resolveCodeLens(view: LogView, lens: CodeLens): CodeLens {
  const r = view.index.records[(lens.data as { record: number }).record];
  if (!r) return lens;
  const title = pathSummary(view.index, messagePath(view.index, r));
  lens.command = { title: plain(title), command: SHOW_PATH_COMMAND, arguments: [{ uri: view.document.uri, line: firstLineOf(r) }] };
  return lens;
}
