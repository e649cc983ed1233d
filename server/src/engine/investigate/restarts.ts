// "What preceded each restart": the article's recipe (find the time the server was started again,
// the entry before it is the error) as one list. A restart is a `SoapServlet shutting down`
// followed by `starting up`, or a `starting up` with no clean shutdown before it (a crash or a
// kill); each comes with the last ERROR/FATAL entries since the restart before it. One open log
// (its ProblemScan), or a timeline of mailbox.log files read in order (RestartLines: only the
// entries that can still be shown are kept).
import { ProblemScan } from '../index/problemScan';
import { ascii, hasBytes } from '../bytes';
import { isLog4jHeadAt, startsEntryAt } from './hitLines';
import type { Log4jEntry } from '../index/types';
import { LOG4J_LEVELS, log4jMarkers } from '../formats/log4j';
import { problemMarkers } from '../formats/markers';

/** A line of the log(s): which file, which line of it (0-based), and its text when it was kept. */
export interface LogLine {
  file: number;
  line: number;
  text?: string;
}

export interface PrecedingError extends LogLine {
  level: Log4jEntry['level'];
  /** The last `Caused by:` of its stack trace. */
  rootCause?: string;
}

export interface RestartReport {
  /** The `shutting down` line, when the server stopped cleanly. */
  stop?: LogLine;
  /** The `starting up` line (undefined: stopped and not started again in these logs). */
  start?: LogLine;
  /** The last ERROR/FATAL entries before the restart (oldest first). */
  preceding: PrecedingError[];
  /** ERROR/FATAL entries in the same stretch that are not listed (older ones). */
  omitted: number;
}

/** Errors between a stop and its start are all listed, up to the last this many (the others are counted). */
const MAX_AFTER_STOP = 1000;

/**
 * The restarts of one server's log, fed in order: every log4j entry (`entry`, with `error` for
 * ERROR/FATAL ones) and every start and stop line (`restart`, before the entry of the same line).
 */
export class RestartTracker {
  private readonly out: RestartReport[] = [];
  /** ERROR/FATAL entries since the last restart (the last `keep`), and how many there were. */
  private stretch: PrecedingError[] = [];
  private stretchCount = 0;
  /** A clean stop waiting for its start, and the errors logged since it. */
  private pending?: RestartReport;
  private afterStop: PrecedingError[] = [];
  private afterStopCount = 0;
  private entries = 0;
  private restarts = 0;

  constructor(private readonly keep = 5) {}

  entry(): void {
    this.entries++;
  }

  error(e: PrecedingError): void {
    if (this.pending) {
      this.afterStopCount++;
      // Trimmed now and then, not at every error: the last MAX_AFTER_STOP are kept.
      if (this.afterStop.push(e) >= 2 * MAX_AFTER_STOP) this.afterStop.splice(0, MAX_AFTER_STOP);
      return;
    }
    this.stretchCount++;
    if (this.stretch.push(e) > this.keep) this.stretch.shift();
  }

  restart(kind: 'start' | 'stop', at: LogLine): void {
    const first = this.restarts++ === 0;
    if (kind === 'start' && this.pending) {
      this.pending.start = at;
      const listed = this.afterStop.slice(-MAX_AFTER_STOP);
      this.pending.preceding.push(...listed);
      this.pending.omitted += this.afterStopCount - listed.length;
      this.pending = undefined;
      this.afterStop = [];
      this.afterStopCount = 0;
      return;
    }
    // A stop after a stop: the errors since the first belong to the second.
    if (this.pending) this.closePending();
    // A start before any entry is where the log begins, not a restart.
    if (kind === 'start' && first && this.entries === 0) return;
    const report: RestartReport = { preceding: this.stretch.slice(-this.keep), omitted: this.stretchCount - Math.min(this.stretch.length, this.keep) };
    this.stretch = [];
    this.stretchCount = 0;
    this.out.push(report);
    if (kind === 'stop') {
      report.stop = at;
      this.pending = report;
    } else report.start = at;
  }

  private closePending(): void {
    this.pending = undefined;
    const kept = this.afterStop.slice(-this.keep);
    this.stretch = kept;
    this.stretchCount = this.afterStopCount;
    this.afterStop = [];
    this.afterStopCount = 0;
  }

  /** The restarts so far, in order (more lines may follow). */
  get found(): readonly RestartReport[] {
    return this.out;
  }

  /** The restarts, in order. */
  finish(): RestartReport[] {
    if (this.pending) this.closePending();
    return this.out;
  }
}

/** Restarts of one mailbox.log, each with at most `keep` ERROR/FATAL entries before it (lines of file 0, texts not kept). */
export function restartReports(scan: ProblemScan, keep = 5): RestartReport[] {
  const t = new RestartTracker(keep);
  const rs = scan.restarts;
  let r = 0;
  for (const e of scan.entries) {
    while (r < rs.length && rs[r].line <= e.line) t.restart(rs[r].kind, { file: 0, line: rs[r++].line });
    t.entry();
    if (e.level === 'ERROR' || e.level === 'FATAL') t.error({ file: 0, line: e.line, level: e.level, rootCause: e.rootCause });
  }
  while (r < rs.length) t.restart(rs[r].kind, { file: 0, line: rs[r++].line });
  return t.finish();
}

const LEVEL_WORDS = LOG4J_LEVELS.map((l) => ({ level: l, bytes: ascii(l + ' ') }));
const STARTING = ascii(log4jMarkers.start.text);
const STOPPING = ascii(log4jMarkers.stop.text);
const CAUSED_BY = ascii(problemMarkers.causedBy.text);

/** The level of a log4j line (`LEVEL ` at column 24), as ProblemScan reads it. */
function levelAt(b: Uint8Array, p: number, e: number): Log4jEntry['level'] | undefined {
  for (const l of LEVEL_WORDS) if (hasBytes(b, p, e, l.bytes)) return l.level;
  return undefined;
}

/**
 * The restarts of a timeline of mailbox.log files (a log and its rotations, oldest first), read
 * as bytes line by line (hitLines.ts `eachLine`) with `beginFile` before each file: only the
 * restart lines and the ERROR/FATAL entries are decoded, and only the ones a report can still
 * show are kept. An error's root cause is the last `Caused by:` of its stack trace.
 */
export class RestartLines {
  private readonly tracker: RestartTracker;
  private file = 0;
  /** The error being read (its stack trace may follow). */
  private last?: PrecedingError;

  constructor(
    private readonly decode: (b: Uint8Array, s: number, e: number) => string,
    keep = 5,
  ) {
    this.tracker = new RestartTracker(keep);
  }

  beginFile(file: number): void {
    this.file = file;
    this.last = undefined;
  }

  /** Line `n` of the current file: bytes [s, e) of `b`, without its line end. */
  line(b: Uint8Array, s: number, e: number, n: number): void {
    if (isLog4jHeadAt(b, s, e)) {
      const level = levelAt(b, s + 24, e);
      // A line with no level goes on the entry before.
      if (!level) return;
      this.last = undefined;
      const restart = e - s >= STOPPING.length && hasBytes(b, e - STOPPING.length, e, STOPPING) ? 'stop' : hasBytes(b, e - STARTING.length, e, STARTING) ? 'start' : undefined;
      const isError = level === 'ERROR' || level === 'FATAL';
      const at: LogLine | undefined = restart || isError ? { file: this.file, line: n, text: this.decode(b, s, e) } : undefined;
      if (restart) this.tracker.restart(restart, at!);
      this.tracker.entry();
      if (!isError) return;
      this.last = { ...at!, level };
      this.tracker.error(this.last);
    } else if (startsEntryAt(b, s, e)) this.last = undefined;
    else if (this.last && hasBytes(b, s, e, CAUSED_BY)) this.last.rootCause = this.decode(b, s + CAUSED_BY.length, e);
  }

  /** The restarts of the files read. */
  finish(): RestartReport[] {
    this.last = undefined;
    return this.tracker.finish();
  }
}
