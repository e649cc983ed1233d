// The year of syslog lines that carry none, across a set of logs: each timeline's from its newest
// file's modification time (or --year), then moved to agree with the logs that carry their years.
import type { TraceLog } from '../engine/traceLogs';

/**
 * Syslog timelines whose year came from a file's modification time (copied files get a new one)
 * are moved back a year or two when that brings them next to the logs that carry their years
 * (mailbox.log, RFC3339 syslog) of the same set.
 */
export function anchorYears(logs: TraceLog[]): void {
  const dated = logs.filter((l) => !l.yearless).map((l) => l.span()).filter(([a, b]) => !Number.isNaN(a) && !Number.isNaN(b));
  if (!dated.length) return;
  const distance = ([a, b]: [number, number]) => Math.min(...dated.map(([c, d]) => (b < c ? c - b : a > d ? a - d : 0)));
  for (const log of logs) {
    if (!log.yearless) continue;
    const y = log.lastYear;
    let best = y;
    let bestDistance = Infinity;
    for (const candidate of [y, y - 1, y - 2, y + 1]) {
      log.setLastYear(candidate);
      const span = log.span();
      if (Number.isNaN(span[0])) continue;
      const dist = distance(span);
      if (dist < bestDistance) {
        best = candidate;
        bestDistance = dist;
      }
    }
    log.setLastYear(best);
  }
}

