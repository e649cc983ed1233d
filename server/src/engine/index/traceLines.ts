// Which lines of a set of indexed logs a trace has to read: the lines of every transaction that can
// be a hop, a bounce or a forward of the messages the query names, and the lines naming their
// Message-IDs (amavis, mailbox.log). Found from the stream indexes alone (keys, no text): the
// queue IDs linked by a hop marker on one line (`queued as`, `orig_queue_id=`, amavis's
// `Queue-ID`/`queued_as`, a notification, a forward) are joined until nothing new joins. The
// tracer then parses just these lines, so a trace costs what the lines of its messages cost, not
// what the logs do. Hash collisions and reused queue IDs only add lines, which the parser tells apart.
import { hashLowerString, hashString } from './keyHash';
import { HashSet } from './paged';
import { lookupOf } from './lookup';
import { StreamIndex } from './streamIndex';

/** What a trace query names, as keys (see engine/traceLogs.ts parseQuery). */
export interface KeyQuery {
  queueId?: string;
  messageId?: string;
  address?: string;
}

/** Past this many queue IDs the walk stops: a query that names that much has its lines already. */
const MAX_KEYS = 200_000;

/** The queue-ID keys of the transactions that the query's messages may pass through, in all the logs. */
export function traceKeys(indexes: readonly StreamIndex[], q: KeyQuery): HashSet {
  const keys = new HashSet();
  const queue: number[] = [];
  const add = (k: number) => {
    if (keys.size < MAX_KEYS && keys.add(k)) queue.push(k);
  };
  const lookups = indexes.map(lookupOf);
  if (q.queueId) add(hashString(q.queueId));
  const msg = q.messageId ? hashString(q.messageId) : 0;
  const addr = q.address ? hashLowerString(q.address) : 0;
  for (const l of lookups) {
    if (msg) for (const n of l.messageIdLines(msg)) add(l.index.keyOf(n));
    if (addr) for (const n of l.addressLines(addr)) add(l.index.keyOf(n));
  }
  // Hop links: the keys named on one line (its own and those after hop markers) belong together.
  while (queue.length) {
    const k = queue.pop()!;
    for (const l of lookups) {
      for (const n of l.keyLines(k)) for (const m of l.mentionsOn(n)) add(m);
      for (const n of l.mentionLines(k)) {
        add(l.index.keyOf(n));
        for (const m of l.mentionsOn(n)) add(m);
      }
    }
  }
  return keys;
}

/** The lines of one index that belong to the given queue-ID keys or name the given Message-IDs, in order. */
export function linesOf(ix: StreamIndex, keys: HashSet, messageIds: HashSet): number[] {
  const l = lookupOf(ix);
  const out = new Set<number>();
  for (const k of keys.values()) {
    for (const n of l.keyLines(k)) out.add(n);
    for (const n of l.mentionLines(k)) out.add(n);
  }
  for (const k of messageIds.values()) for (const n of l.messageIdLines(k)) out.add(n);
  return [...out].sort((a, b) => a - b);
}

/** Message-ID keys of the given Message-IDs. */
export function messageIdKeys(ids: Iterable<string>): HashSet {
  const s = new HashSet();
  for (const id of ids) s.add(hashString(id));
  return s;
}
