// What the investigations' editor side reads of a log (an open document or a log indexed from
// disk), the files their documents link to, and the small helpers their documents share.
import type { ProblemScan } from '../../engine/index/problemScan';
import { bsdStamp, log4jStamp, rfc3339Stamp } from '../../engine/formats/timestamps';

/** The lines of an open log the account report reads, noted by its one pass (engine/index/documentPass.ts). */
export interface ReportLines {
  readonly reportLines: readonly number[];
  /** Whether one of them names an account. */
  readonly reportSubject: boolean;
}

/** What these features read of a log (an open document or a log indexed from disk). */
export interface LogLike {
  readonly document: { readonly uri: string };
  readonly scan: ProblemScan;
  line(n: number): string;
  /** An open document's one pass: the lines the login and account analyses read (engine/index/documentPass.ts). */
  readonly pass?: ReportLines & { readonly loginEntries: readonly number[] };
}

/** A file the entries came from: how to name it and link to it. */
export interface SourceFile {
  label: string;
  uri: string;
}

/** Where the timestamp of a log line ends (log4j, BSD or RFC3339 syslog), or 0. */
export function timestampEnd(line: string): number {
  if (log4jStamp.regex.test(line)) return 23;
  if (bsdStamp.regex.test(line)) return 15;
  const m = rfc3339Stamp.regex.exec(line);
  return m ? m[0].length : 0;
}

/** Time as the logs write it (wall clock), for headers. */
export function showTime(t: number): string {
  if (!Number.isFinite(t)) return '?';
  // Years 0 to 9999 (ISO's other years are written longer, with a sign).
  if (!(t >= YEAR_0 && t < YEAR_10000)) return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
  t = Math.trunc(t); // as Date takes it
  const day = Math.floor(t / DAY);
  // The date part is made once a day (times come in order): one Date per day, not per time.
  if (day !== shownDay) {
    shownDay = day;
    dayText = new Date(t).toISOString().slice(0, 11).replace('T', ' ');
  }
  const s = Math.floor((t - day * DAY) / 1000);
  return dayText + TWO[Math.floor(s / 3600)] + ':' + TWO[Math.floor(s / 60) % 60] + ':' + TWO[s % 60];
}
const DAY = 86_400_000;
const YEAR_0 = -62_167_219_200_000; // 0000-01-01
const YEAR_10000 = 253_402_300_800_000; // 10000-01-01
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let shownDay = NaN;
let dayText = '';

export const pad = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - s.length));
export const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
