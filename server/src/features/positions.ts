// What is under the cursor: a queue ID (with the record it names) or a Message-ID.
import { describeLine, Span } from '../engine/lineInfo';
import { messageIdMention } from '../engine/formats/tokens';
import { QueueRecord } from '../engine/index/types';
import type { IndexedLog as LogView } from '../lsp/workspace';
import type { Position } from '../../../common/protocol';

export interface QueueIdHit {
  id: string;
  span: Span;
  record: QueueRecord;
}

/** The record of queue ID `id` meant on line `line`: the one holding or mentioning that line, else the nearest. */
export function recordFor(view: LogView, id: string, line: number, host?: string): QueueRecord | undefined {
  const index = view.index;
  const ids = index.byQueueId.get(id) ?? [];
  let best: QueueRecord | undefined;
  let bestDistance = Infinity;
  for (const rid of ids) {
    const r = index.records[rid];
    if (host && r.host !== host) continue;
    if (r.lines.includes(line) || r.mentions.includes(line)) return r;
    const first = r.lines[0] ?? r.mentions[0] ?? 0;
    // `queued as B` names a later transaction: prefer records that start after the line.
    const distance = first >= line ? first - line : (line - first) * 4;
    if (distance < bestDistance) {
      best = r;
      bestDistance = distance;
    }
  }
  return best;
}

/** The queue ID at `character` of `line`, if there is one. */
export function queueIdAt(line: string, character: number): string | undefined {
  return describeLine(line).queueIds.find((x) => x.span.start <= character && character <= x.span.end)?.id;
}

export function queueIdHit(view: LogView, position: Position): QueueIdHit | undefined {
  const line = view.line(position.line);
  const info = describeLine(line);
  const q = info.queueIds.find((x) => x.span.start <= position.character && position.character <= x.span.end);
  if (!q) return undefined;
  const host = info.host ? line.slice(info.host.start, info.host.end) : undefined;
  const record = recordFor(view, q.id, position.line, host) ?? recordFor(view, q.id, position.line);
  return record ? { id: q.id, span: q.span, record } : undefined;
}

const MESSAGE_ID = messageIdMention.regex;

/** A Message-ID under the cursor (without angle brackets). */
export function messageIdAt(line: string, character: number): { id: string; span: Span } | undefined {
  for (const m of line.matchAll(MESSAGE_ID)) {
    const start = m.index! + m[0].length - m[1].length - 1;
    const end = start + m[1].length;
    if (character >= start - 1 && character <= end + 1) return { id: m[1], span: { start, end } };
  }
  return undefined;
}

/** Spans of queue ID `id` on one line. */
export function queueIdSpans(line: string, id: string): Span[] {
  return describeLine(line).queueIds.filter((q) => q.id === id).map((q) => q.span);
}
