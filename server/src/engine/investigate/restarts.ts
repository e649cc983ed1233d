// "What preceded each restart": the article's recipe (find the time the server was started again,
// the entry before it is the error) as one list. A restart is a `SoapServlet shutting down`
// followed by `starting up`, or a `starting up` with no clean shutdown before it (a crash or a
// kill); each comes with the last ERROR/FATAL entries since the restart before it.
import type { ProblemScan } from '../index/problemScan';
import type { Log4jEntry } from '../index/types';

export interface RestartReport {
  /** The `shutting down` line, when the server stopped cleanly. */
  stopLine?: number;
  /** The `starting up` line (undefined: stopped and not started again in this log). */
  startLine?: number;
  /** The last ERROR/FATAL entries before the restart (oldest first). */
  preceding: Log4jEntry[];
  /** ERROR/FATAL entries in the same stretch that are not listed (older ones). */
  omitted: number;
}

/** Restarts of a mailbox.log, each with at most `keep` ERROR/FATAL entries before it. */
export function restartReports(scan: ProblemScan, keep = 5): RestartReport[] {
  const out: RestartReport[] = [];
  const errors = scan.entries.filter((e) => e.level === 'ERROR' || e.level === 'FATAL');
  let since = -1; // the line of the previous restart
  let e = 0;
  const rs = scan.restarts;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i];
    // A start right at the log's beginning with nothing before it is the log's start, not a restart.
    if (r.kind === 'start' && out.length === 0 && since < 0 && !errors.some((x) => x.line < r.line) && !scan.entries.some((x) => x.line < r.line)) {
      since = r.line;
      continue;
    }
    const report: RestartReport = { preceding: [], omitted: 0 };
    let end = r.line;
    if (r.kind === 'stop') {
      report.stopLine = r.line;
      const next = rs[i + 1];
      if (next?.kind === 'start') {
        report.startLine = next.line;
        i++;
      }
    } else report.startLine = r.line;
    const stretch: Log4jEntry[] = [];
    while (e < errors.length && errors[e].line < end) {
      if (errors[e].line > since) stretch.push(errors[e]);
      e++;
    }
    report.preceding = stretch.slice(-keep);
    report.omitted = stretch.length - report.preceding.length;
    // Errors between the stop and the start belong to this restart too.
    if (report.startLine !== undefined && report.stopLine !== undefined) {
      end = report.startLine;
      while (e < errors.length && errors[e].line < end) report.preceding.push(errors[e++]);
    }
    out.push(report);
    since = report.startLine ?? report.stopLine ?? since;
  }
  return out;
}
