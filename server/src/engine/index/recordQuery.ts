// The records (Postfix transactions, amavis verdicts, mailbox.log events) that a request about an
// open log needs, made from the lines its stream index finds: the lines of the queue IDs and
// Message-IDs it names and of every transaction they link to (traceLines.ts), read back from the
// document and parsed (LogIndex) as a trace over files on disk parses its lines. A query costs
// what the lines of its messages cost, not what the log does; nothing is kept between queries.
// The whole-log features (outline, workspace symbols) read every transaction a queue ID at a
// time (transactionFacts.ts).
import { describeLine } from '../lineInfo';
import { LogIndex } from './logIndex';
import { HashSet } from './paged';
import { StreamIndex } from './streamIndex';
import { linesOf, messageIdKeys, traceKeys } from './traceLines';

/** What a request names: queue IDs, Message-IDs (no angle brackets), and lines read in any case. */
export interface RecordQuery {
  queueIds?: readonly string[];
  messageIds?: readonly string[];
  lines?: readonly number[];
}

/** The records of what `q` names, and of the transactions linked to them, with their real line numbers. */
export function queryRecords(stream: StreamIndex, lineAt: (n: number) => string, q: RecordQuery): LogIndex {
  const keys = new HashSet();
  const seeds = [...(q.queueIds ?? []).map((queueId) => ({ queueId })), ...(q.messageIds ?? []).map((messageId) => ({ messageId }))];
  for (const seed of seeds) for (const k of traceKeys([stream], seed).values()) keys.add(k);
  const lines = new Set(linesOf(stream, keys, messageIdKeys(q.messageIds ?? [])));
  for (const n of q.lines ?? []) if (n >= 0 && n < stream.lineCount) lines.add(n);
  return indexLines(lineAt, [...lines].sort((a, b) => a - b));
}

/** The records about line `n`: of the queue IDs it names and of the transactions they link to. */
export function recordsAbout(stream: StreamIndex, lineAt: (n: number) => string, n: number): LogIndex {
  return queryRecords(stream, lineAt, { queueIds: describeLine(lineAt(n)).queueIds.map((q) => q.id), lines: [n] });
}

/** A LogIndex of the given lines only (in order), numbered as in the log. */
function indexLines(lineAt: (n: number) => string, lines: readonly number[]): LogIndex {
  const index = new LogIndex(lineAt);
  for (const n of lines) {
    index.lineCount = n;
    index.push(lineAt(n));
  }
  return index;
}

/**
 * The first line of every transaction (its `client=` or `uid=` line, else its first line), in
 * line order, from the stream index alone: the queue-ID key of each Postfix line and where
 * transactions begin and end (a reused queue ID begins a new one). Code lenses go there.
 */
export function transactionStarts(stream: StreamIndex): Int32Array {
  const { lines, hashes } = stream.queueLines;
  const { starts, removals } = stream;
  const open = new Map<number, { first: number; start: number }>();
  const out: number[] = [];
  const close = (t: { first: number; start: number }) => out.push(t.start >= 0 ? t.start : t.first);
  let s = 0;
  let r = 0;
  for (let i = 0; i < lines.length; i++) {
    const n = lines.get(i);
    const k = hashes.get(i);
    while (s < starts.length && starts.get(s) < n) s++;
    while (r < removals.length && removals.get(r) < n) r++;
    const begins = s < starts.length && starts.get(s) === n;
    let t = open.get(k);
    if (!t || (begins && t.start >= 0)) {
      if (t) close(t);
      open.set(k, (t = { first: n, start: -1 }));
    }
    if (begins) t.start = n;
    if (r < removals.length && removals.get(r) === n) {
      close(t);
      open.delete(k);
    }
  }
  for (const t of open.values()) close(t);
  return Int32Array.from(out).sort();
}
