// The one year model across a set of logs: each syslog timeline's year comes from its reference
// (years.ts: --year, else the newest file's modification time or today), then a timeline whose
// year came from a date that its last line was not written at (copied files get a new
// modification time) is moved to the year that brings it next to the logs that carry their years
// (mailbox.log, audit.log, RFC3339 syslog) of the same set: a year or two back or one on first,
// else any year of those logs. --year, and a last line written at its date, are never moved.
import { isTimed, lineTime } from './lineTime';
import { Years } from './years';

/** A timeline (a log and its rotations) as the year model sees it. */
export interface YearTimeline {
  /** Its lines carry no year (some BSD syslog line). */
  readonly yearless: boolean;
  /** Its year was given (--year): not moved. */
  readonly fixed?: boolean;
  /** The year of its last line, as set. */
  readonly lastYear: number;
  setLastYear(year: number): void;
  /** Times of its first and last timestamped lines (NaN when none). */
  span(): [number, number];
  /** When its year was taken from a date: that date (wall-clock milliseconds, see Years.written), else NaN. */
  readonly written?: number;
  /** Of a yearless timeline: times of its first and last lines that carry their year (RFC3339, log4j), if any. */
  datedSpan?(): [number, number];
}

const known = ([a, b]: [number, number]) => !Number.isNaN(a) && !Number.isNaN(b);
/** A last line this close to the date its year came from was written then: the date holds. */
const WRITTEN_SLACK = 2 * 86_400_000;

/** The years to try for a timeline's last line, nearest to the reference first. */
function candidates(log: YearTimeline, datedYears: readonly number[]): number[] {
  const y = log.lastYear;
  const near = [y, y - 1, y - 2, y + 1];
  const written = log.written ?? NaN;
  const last = log.span()[1];
  if (!Number.isNaN(written) && !Number.isNaN(last) && Math.abs(written - last) <= WRITTEN_SLACK) return [y];
  const far = datedYears.flatMap((d) => [d - 1, d, d + 1, d + 2]).filter((c) => !near.includes(c));
  return [...near, ...new Set(far.sort((a, b) => Math.abs(a - y) - Math.abs(b - y) || a - b))];
}

/**
 * Moves every yearless, not fixed timeline to the year (of its last line) that brings it nearest
 * to the lines that carry their years: the dated timelines', and its own.
 */
export function anchorYears(logs: readonly YearTimeline[]): void {
  const dated = logs.map((l) => (!l.yearless ? l.span() : l.datedSpan ? l.datedSpan() : [NaN, NaN]) as [number, number]).filter(known);
  if (!dated.length) return;
  const datedYears = [...new Set(dated.flat().map((t) => new Date(t).getUTCFullYear()))];
  const distance = ([a, b]: [number, number]) => Math.min(...dated.map(([c, d]) => (b < c ? c - b : a > d ? a - d : 0)));
  for (const log of logs) {
    if (!log.yearless || log.fixed) continue;
    const y = log.lastYear;
    let best = y;
    let bestDistance = Infinity;
    for (const candidate of candidates(log, datedYears)) {
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

/** The first and last lines of one kind in a stream: the first's text copied, the last's only referred to. */
class Ends {
  private firstText = '';
  private firstPlace = -1;
  private lastText = '';
  private lastStart = 0;
  private lastPlace = -1;

  note(text: string, s: number, place: number): void {
    if (this.firstPlace < 0) {
      this.firstText = text.slice(s, s + 32);
      this.firstPlace = place;
    }
    this.lastText = text;
    this.lastStart = s;
    this.lastPlace = place;
  }

  /** Their times, the year of a line from `yearAt` (NaN when none). */
  span(yearAt: (place: number) => number): [number, number] {
    if (this.firstPlace < 0) return [NaN, NaN];
    const last = this.lastText.slice(this.lastStart, this.lastStart + 32);
    return [lineTime(this.firstText, yearAt(this.firstPlace)), lineTime(last, yearAt(this.lastPlace))];
  }
}

/**
 * A timeline read as a stream (every line, in order, numbered by its place in the feed): its
 * Years, its reference, and its first and last syslog lines without a year and lines with one.
 */
export class StreamTimeline implements YearTimeline {
  readonly years = new Years();
  private readonly bsd = new Ends();
  private readonly dated = new Ends();

  /** `reference`: the year of the last line (--year), or a date (see Years.finish). */
  constructor(readonly reference: number | Date) {}

  get fixed(): boolean {
    return typeof this.reference === 'number';
  }

  get written(): number {
    return this.years.written;
  }

  /** The line at `place` is `text` from `s` (the caller shows it to `years` too). */
  line(text: string, s: number, place: number): void {
    if (text.charCodeAt(s + 3) === 32 && text.charCodeAt(s + 6) === 32 && text.charCodeAt(s + 9) === 58) this.bsd.note(text, s, place);
    else if (isTimed(text, s)) this.dated.note(text, s, place);
  }

  /** Sets the year from the reference (before anchoring). */
  finish(): void {
    this.years.finish(this.reference);
  }

  get yearless(): boolean {
    return this.years.seen;
  }

  get lastYear(): number {
    return this.years.lastYear;
  }

  setLastYear(year: number): void {
    this.years.finish(year);
  }

  span(): [number, number] {
    return this.yearless ? this.bsd.span((n) => this.years.at(n)) : this.datedSpan();
  }

  datedSpan(): [number, number] {
    return this.dated.span(() => 0);
  }
}

/** Settles the years of a set's streamed timelines: each from its reference, then anchored. */
export function settleYears(timelines: readonly StreamTimeline[]): void {
  for (const t of timelines) t.finish();
  anchorYears(timelines);
}
