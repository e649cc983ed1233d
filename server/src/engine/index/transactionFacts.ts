// What the whole-log features (outline, workspace symbols) need of every Postfix transaction,
// one small fact each, from the stream index: the lines of one queue-ID key at a time (its own
// lines, and those that name it after a hop marker, where a notification's child begins) are
// read back and parsed into that key's records (LogIndex, as any query parses its lines), their
// facts kept and the records dropped. No index of every transaction is held: memory is one fact
// per transaction. Facts come in the order an index of every line makes its records (by the line
// each record began on), so that lists made from them keep that order.
import type { Steps } from '../steps';
import { LogIndex } from './logIndex';
import { HashSet } from './paged';
import { lookupOf } from './lookup';
import { hashString } from './keyHash';
import type { StreamIndex } from './streamIndex';
import type { DeliveryStatus } from './types';

export interface TransactionFact {
  queueId: string;
  host: string;
  instance: string;
  /** Its client=/uid= line, else its first line; -1 for a notification's child without lines. */
  first: number;
  last: number;
  from?: string;
  /** Its deliveries' recipients and statuses, in line order. */
  deliveries: { recipient: string; status: DeliveryStatus }[];
  removed: boolean;
  messageId?: string;
  /** The `message-id=` line that gave it its Message-ID (-1: none). */
  messageIdLine: number;
  /** The line the record began on (its first line, or the notification naming it before), and 1 for a notification's child begun on its parent's line. */
  created: number;
  child: number;
}

/** Every transaction, pausing every `linesPerStep` lines read back. */
export function* transactionFactSteps(stream: StreamIndex, lineAt: (n: number) => string, linesPerStep = 4096): Steps<TransactionFact[]> {
  const lookup = lookupOf(stream);
  const seen = new HashSet();
  const facts: TransactionFact[] = [];
  const { lines, hashes } = stream.queueLines;
  let left = linesPerStep;
  for (let i = 0; i < lines.length; i++) {
    const k = hashes.get(i);
    if (seen.has(k)) continue;
    seen.add(k);
    const own = lookup.keyLines(k);
    const read = merge(own, lookup.mentionLines(k));
    const index = new LogIndex(lineAt);
    const created: number[] = [];
    for (const n of read) {
      const before = index.records.length;
      index.lineCount = n;
      index.push(lineAt(n));
      for (let r = before; r < index.records.length; r++) created.push(n);
    }
    for (const r of index.records) {
      if (hashString(r.queueId) !== k) continue;
      const begun = created[r.id];
      if (!r.lines.length) {
        // A notification's child whose lines are not here: it orders its queue ID (lists by ID), no more.
        facts.push({ queueId: r.queueId, host: r.host, instance: r.instance, first: -1, last: -1, deliveries: [], removed: false, messageIdLine: -1, created: begun, child: 1 });
        continue;
      }
      facts.push({
        queueId: r.queueId,
        host: r.host,
        instance: r.instance,
        first: r.startLine >= 0 ? r.startLine : r.lines[0],
        last: Math.max(...r.lines),
        from: r.from,
        deliveries: r.deliveries.map((d) => ({ recipient: d.recipient, status: d.status })),
        removed: r.removed,
        messageId: r.messageId,
        messageIdLine: r.messageIdLine,
        created: begun,
        child: r.lines[0] === begun ? 0 : 1,
      });
    }
    left -= read.length;
    if (left <= 0) {
      left = linesPerStep;
      yield;
    }
  }
  return facts.sort((a, b) => a.created - b.created || a.child - b.child);
}

/** Two sorted lists as one, each line once. */
function merge(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out[out.length - 1] !== v) out.push(v);
  }
  return out;
}
