// An index of the lines of a few queue IDs, for requests that come before the index of the whole
// log is complete: the lines of the queue ID asked about (QueueIdLines), and of every queue ID its
// records link to (previous and next hops, notifications, forwards, amavis), until no new one
// comes; indexed with their real line numbers, so that the records, and every answer made from
// them, are those of the whole log's index.
import { LogIndex } from './logIndex';
import type { QueueIdLines } from './queueIdLines';

/** Past this many linked queue IDs, the caller waits for the whole index instead. */
const MAX_IDS = 32;

export function earlyIndex(lines: QueueIdLines, lineAt: (n: number) => string, queueId: string): LogIndex | undefined {
  const ids = new Set<string>([queueId]);
  const read = new Set<string>();
  const numbers = new Set<number>();
  for (;;) {
    for (const id of ids) {
      if (read.has(id)) continue;
      read.add(id);
      for (const n of lines.linesOf(id)) numbers.add(n);
    }
    const index = new LogIndex(lineAt);
    for (const n of [...numbers].sort((a, b) => a - b)) {
      index.lineCount = n;
      index.push(lineAt(n));
    }
    const before = ids.size;
    const add = (id: string | undefined) => id && ids.add(id);
    for (const id of [...ids]) {
      for (const rid of index.byQueueId.get(id) ?? []) {
        const r = index.records[rid];
        add(r.origQueueId);
        add(r.notificationOf);
        r.notifications.forEach(add);
        for (const d of r.deliveries) {
          add(d.queuedAs);
          add(d.forwardedAs);
        }
        add(r.amavis?.queueId);
        r.amavis?.queuedAs.forEach(add);
      }
      for (const rid of index.byQueuedAs.get(id) ?? []) add(index.records[rid].queueId);
    }
    if (ids.size === before) return index;
    if (ids.size > MAX_IDS) return undefined;
  }
}
