// Which lines of a set of indexed logs a trace has to read: the lines of every transaction that can
// be a hop, a bounce or a forward of the messages the query names, and the lines naming their
// Message-IDs (amavis, mailbox.log). Found from the stream indexes alone (keys, no text): the
// queue IDs linked by a hop marker on one line (`queued as`, `orig_queue_id=`, amavis's
// `Queue-ID`/`queued_as`, a notification, a forward) are joined until nothing new joins. The
// tracer then parses just these lines, so a trace costs what the lines of its messages cost, not
// what the logs do. Hash collisions and reused queue IDs only add lines, which the parser tells apart.
import { hashLowerString, hashString } from './keyHash';
import { HashSet } from './paged';
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
  const seedLines = (ix: StreamIndex, lines: number[]) => {
    for (const n of lines) keys.add(ix.keys.get(n));
  };
  const msg = q.messageId ? hashString(q.messageId) : 0;
  const addr = q.address ? hashLowerString(q.address) : 0;
  if (q.queueId) keys.add(hashString(q.queueId));
  for (const ix of indexes) {
    if (msg) seedLines(ix, ix.messageIds.linesOf((h) => h === msg));
    if (addr) seedLines(ix, ix.addresses.linesOf((h) => h === addr));
  }
  // Hop links: the keys named on one line (its own and those after hop markers) belong together.
  for (let grew = keys.size > 0; grew && keys.size < MAX_KEYS; ) {
    grew = false;
    for (const ix of indexes) {
      const m = ix.mentions;
      let i = 0;
      while (i < m.length) {
        const line = m.lines.get(i);
        let j = i;
        let linked = keys.has(ix.keys.get(line));
        while (j < m.length && m.lines.get(j) === line) linked = keys.has(m.hashes.get(j++)) || linked;
        if (linked) {
          if (keys.add(ix.keys.get(line))) grew = true;
          for (let k = i; k < j; k++) if (keys.add(m.hashes.get(k))) grew = true;
        }
        i = j;
      }
    }
  }
  return keys;
}

/** The lines of one index that belong to the given queue-ID keys or name the given Message-IDs, in order. */
export function linesOf(ix: StreamIndex, keys: HashSet, messageIds: HashSet): number[] {
  const out = new Set<number>();
  if (keys.size) {
    for (const n of ix.keys.where((h) => keys.has(h))) out.add(n);
    for (const n of ix.mentions.linesOf((h) => keys.has(h))) out.add(n);
  }
  if (messageIds.size) for (const n of ix.messageIds.linesOf((h) => messageIds.has(h))) out.add(n);
  return [...out].sort((a, b) => a - b);
}

/** Message-ID keys of the given Message-IDs. */
export function messageIdKeys(ids: Iterable<string>): HashSet {
  const s = new HashSet();
  for (const id of ids) s.add(hashString(id));
  return s;
}
