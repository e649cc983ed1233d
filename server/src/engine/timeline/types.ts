// The timeline's report (the JSON of `zimbra-logs timeline --json`, and what the editor's
// timeline view draws): counts per time bucket, restarts, the flagged accounts' reasons and
// bursts of failed logins. Times are
// local, as the logs write them (`YYYY-MM-DDTHH:MM:SS`, no zone).

/** The series, in the order of a bucket's counts and of the chart's stack. */
export const SERIES = ['delivered', 'deferred', 'bounced', 'rejected', 'errors', 'failedLogins'] as const;
export type Series = (typeof SERIES)[number];

export type SeriesCounts = Record<Series, number>;

export interface TimelineBucket extends SeriesCounts {
  /** Its first second. */
  start: string;
}

/** A line of the logs: the number of its file (in the order given) and its line (0-based). */
export interface TimelineLine {
  file: number;
  line: number;
}

/** A burst of failed logins from one address or against one account (security.ts's bursts). */
export interface TimelineBurst {
  start: string;
  end: string;
  by: 'ip' | 'account';
  key: string;
  failures: number;
  /** Its first failure. */
  at: TimelineLine;
}

/** What flagged an account in the account report (investigate/accountFigures.ts): one reason, and the time span of the lines behind it. */
export interface TimelineFlag {
  account: string;
  reason: string;
  first: string;
  last: string;
  /** The first line behind the reason. */
  at: TimelineLine;
}

export interface TimelineRestart {
  time: string;
  /** The `shutting down` line, else the `starting up` one. */
  at: TimelineLine;
}

export interface TimelineReport {
  bucketSeconds: number;
  /** Buckets with at least one line, in time order (a bucket with no line is left out). */
  buckets: TimelineBucket[];
  /** Per bucket (same order): its first line in the logs. */
  firstLines: TimelineLine[];
  restarts: string[];
  restartLines: TimelineRestart[];
  /** The flagged accounts' reasons, in time order of their first line. */
  flagged: TimelineFlag[];
  bursts: TimelineBurst[];
  totals: SeriesCounts;
  /** Lines read. */
  lines: number;
}

/** The report as the CLI's --json prints it: the shape, with the flagged accounts and the bursts added. */
export function timelineJson(r: TimelineReport): object {
  return { bucketSeconds: r.bucketSeconds, buckets: r.buckets, restarts: r.restarts, flagged: r.flagged.map(({ at: _at, ...f }) => f), bursts: r.bursts.map(({ at: _at, ...b }) => b), totals: r.totals };
}
