// Go to a queue ID: definition (the first line of its transaction), references (every line of it
// and every mention), document highlights.
import { DocumentHighlight, DocumentHighlightKind, Location, Range } from 'vscode-languageserver';
import type { LogIndex } from '../engine/index/logIndex';
import { QueueRecord } from '../engine/index/types';
import type { Position } from '../../../common/protocol';
import type { IndexedLog as LogView } from '../lsp/workspace';
import { queueIdHit, queueIdSpans } from './positions';

/** The line that starts a record: its client=/uid= line, else its first line. */
export function firstLineOf(r: QueueRecord): number {
  return r.startLine >= 0 ? r.startLine : r.lines[0] ?? r.mentions[0] ?? 0;
}

/** The record (with lines) whose first line is `line`, among those of `index`. */
export function recordStartingAt(index: LogIndex, line: number): QueueRecord | undefined {
  return index.records.find((r) => r.lines.length && firstLineOf(r) === line);
}

function rangesOn(view: LogView, line: number, id: string): Range[] {
  return queueIdSpans(view.line(line), id).map((s) => ({ start: { line, character: s.start }, end: { line, character: s.end } }));
}

export function definition(view: LogView, position: Position): Location[] {
  const hit = queueIdHit(view, position);
  if (!hit) return [];
  const line = firstLineOf(hit.record);
  const ranges = rangesOn(view, line, hit.id);
  const range = ranges[0] ?? { start: { line, character: 0 }, end: { line, character: 0 } };
  return [{ uri: view.document.uri, range }];
}

function linesOf(r: QueueRecord): number[] {
  return [...new Set([...r.lines, ...r.mentions])].sort((a, b) => a - b);
}

export function references(view: LogView, position: Position): Location[] {
  const hit = queueIdHit(view, position);
  if (!hit) return [];
  const out: Location[] = [];
  for (const line of linesOf(hit.record)) {
    const ranges = rangesOn(view, line, hit.id);
    // Lines of the transaction without the ID in them (none today) still count, as the whole line.
    for (const range of ranges.length ? ranges : [{ start: { line, character: 0 }, end: { line, character: view.line(line).length } }]) {
      out.push({ uri: view.document.uri, range });
    }
  }
  return out;
}

export function highlights(view: LogView, position: Position): DocumentHighlight[] {
  const hit = queueIdHit(view, position);
  if (!hit) return [];
  const out: DocumentHighlight[] = [];
  for (const line of linesOf(hit.record)) {
    for (const range of rangesOn(view, line, hit.id)) {
      out.push({ range, kind: hit.record.lines.includes(line) ? DocumentHighlightKind.Write : DocumentHighlightKind.Read });
    }
  }
  return out;
}
