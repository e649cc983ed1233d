// Times of the events an investigation keeps (logins, messages, failures) under the one year
// model (engine/time/), the tracer's: BSD syslog lines carry no year, so every timeline (a log and
// its rotations, fed in order) has a Years table, settled only at the end (`finish`: the year of
// its last line, or the newest file's modification time, then anchored to the timelines of the
// same feed that carry their years). An event keeps a stamp: the line's time in a leap year and
// its place in the timeline; its year is given when the time is asked for. log4j and RFC 3339
// lines carry their year: their times are kept as written.
import { bsdMonth, lineTime } from '../time/lineTime';
import { settleYears, StreamTimeline } from '../time/anchor';
import { latin1 } from '../bytes';

export const BASE_YEAR = 2000; // a leap year: February 29 has a place
const BASE = Date.UTC(BASE_YEAR, 0, 1);
const MARCH = Date.UTC(BASE_YEAR, 2, 1) - BASE;
const DAY = 86_400_000;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** A growable Float64Array. */
class Numbers {
  a = new Float64Array(256);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const g = new Float64Array(this.a.length * 2);
      g.set(this.a);
      this.a = g;
    }
    this.a[this.length++] = v;
  }
}

export class EventClock {
  private readonly years: StreamTimeline[] = [];
  private timeline = -1;
  /** The place of the current line in the whole feed (Years counts turns by it). */
  private seq = -1;
  /** Characters 0-3, 6 and 9 of the last line given to Years: a line that shares them has its month. */
  private k1 = NaN;
  private k2 = NaN;
  private k3 = NaN;
  /** Per stamp: milliseconds (as written, or of the line in BASE_YEAR), timeline (-1: as written), place. */
  private readonly ms = new Numbers();
  private readonly stampTimelines = new Numbers();
  private readonly places = new Numbers();
  /** The last line `nextBytes` passed over without decoding (bytes [ps, pe) of pb, at place pplace): noted by `flushBytes`. */
  private pb?: Uint8Array;
  private ps = 0;
  private pe = 0;
  private pplace = -1;

  /** The lines that follow are a new timeline; `reference` is the year of its last line, or a date (see Years.finish). */
  beginTimeline(reference: number | Date): void {
    this.flushBytes();
    this.years.push(new StreamTimeline(reference));
    this.timeline = this.years.length - 1;
    this.k1 = NaN;
  }

  /** The lines that follow belong to timeline number `timeline` (lines appended to its last file). */
  resumeTimeline(timeline: number): void {
    this.flushBytes();
    this.timeline = timeline;
    this.k1 = NaN;
  }

  /** The next line of the current timeline: `text` from `s` (every line, in order). */
  next(text: string, s: number): void {
    this.seq++;
    if (this.timeline < 0) this.beginTimeline(new Date());
    // Years only reads a line's month: a line like the one before (nearly all) changes nothing.
    if (text.length - s < 10) return;
    const timeline = this.years[this.timeline];
    timeline.line(text, s, this.seq);
    const k1 = text.charCodeAt(s) * 65536 + text.charCodeAt(s + 1);
    const k2 = text.charCodeAt(s + 2) * 65536 + text.charCodeAt(s + 3);
    const k3 = text.charCodeAt(s + 6) * 65536 + text.charCodeAt(s + 9);
    if (k1 === this.k1 && k2 === this.k2 && k3 === this.k3) return;
    this.k1 = k1;
    this.k2 = k2;
    this.k3 = k3;
    timeline.years.observe(this.seq, text.slice(s, s + 16));
  }

  /**
   * The next line as bytes [s, e) of `b` (the byte prefilters' path): decoded only when the model
   * needs it, when its month bytes differ from the line before. Call `flushBytes` before `b` is reused.
   */
  nextBytes(b: Uint8Array, s: number, e: number): void {
    if (e - s < 10) {
      if (this.timeline < 0) this.beginTimeline(new Date());
      this.seq++;
      return;
    }
    if (b[s] * 65536 + b[s + 1] === this.k1 && b[s + 2] * 65536 + b[s + 3] === this.k2 && b[s + 6] * 65536 + b[s + 9] === this.k3) {
      this.seq++;
      this.pb = b;
      this.ps = s;
      this.pe = e;
      this.pplace = this.seq;
      return;
    }
    this.flushBytes();
    this.next(latin1(b, s, Math.min(e, s + 32)), 0);
  }

  /**
   * Part `k` (0, 1, 2) of the month bytes of the last line decoded, as nextBytes compares them
   * (k1, k2, k3; -1 when none): a walk over lines in WebAssembly (lineScan.ts) starts from them.
   */
  monthKey(k: 0 | 1 | 2): number {
    return Number.isNaN(this.k1) ? -1 : k === 0 ? this.k1 : k === 1 ? this.k2 : this.k3;
  }

  /**
   * What nextBytes would do with `lines` lines that a walk found short or with the last line's
   * month bytes: count them; and, when `s` >= 0, keep the last long one of them, bytes [s, e) of
   * `b`, `back` lines before the last of them (the others are left as they were).
   */
  skip(lines: number, b: Uint8Array, s: number, e: number, back: number): void {
    if (lines <= 0) return;
    if (this.timeline < 0) this.beginTimeline(new Date());
    this.seq += lines;
    if (s < 0) return;
    this.pb = b;
    this.ps = s;
    this.pe = e;
    this.pplace = this.seq - back;
  }

  /** Notes the last line `nextBytes` passed over (the timeline's last line of its kind may be it). */
  flushBytes(): void {
    if (!this.pb) return;
    this.years[this.timeline].line(latin1(this.pb, this.ps, Math.min(this.pe, this.ps + 32)), 0, this.pplace);
    this.pb = undefined;
  }

  /** The current timeline and the place of the current line in the feed (for a stamp of a line read again later). */
  get here(): { timeline: number; place: number } {
    return { timeline: this.timeline, place: this.seq };
  }

  /** A stamp for the time of the current line (`line` is its text), or of the line at `place` of `timeline`. */
  stamp(line: string, place = this.seq, timeline = this.timeline): number {
    const bsd = bsdMonth(line) >= 0 && timeline >= 0;
    return this.keep(lineTime(line, bsd ? BASE_YEAR : 1970), bsd ? timeline : -1, place);
  }

  /** stamp(), or -1 (and nothing kept) when `line` has no time. */
  stampIfTimed(line: string, place: number, timeline: number): number {
    const bsd = bsdMonth(line) >= 0 && timeline >= 0;
    const ms = lineTime(line, bsd ? BASE_YEAR : 1970);
    return Number.isNaN(ms) ? -1 : this.keep(ms, bsd ? timeline : -1, place);
  }

  /** Keeps a stamp: milliseconds (of BASE_YEAR, or as written), timeline (-1: as written), place. */
  private keep(ms: number, timeline: number, place: number): number {
    this.ms.push(ms);
    this.stampTimelines.push(timeline);
    this.places.push(place);
    return this.ms.length - 1;
  }

  /** Settles every timeline's years (again, after more lines): from its reference, then anchored to the dated timelines. */
  finish(): void {
    this.flushBytes();
    settleYears(this.years);
  }

  /** Milliseconds of a stamp's time (after `finish`). */
  time(stamp: number): number {
    const ms = this.ms.a[stamp];
    const t = this.stampTimelines.a[stamp];
    if (t < 0 || Number.isNaN(ms)) return ms;
    return inYear(ms, this.years[t].years.at(this.places.a[stamp]));
  }
}

/** A time of BASE_YEAR (lineTime's with it) moved to `year`. */
export function inYear(ms: number, year: number): number {
  const off = ms - BASE;
  // Date.UTC's own way with February 29 of a common year: March 1.
  return yearStart(year) + off - (isLeap(year) || off < MARCH ? 0 : DAY);
}

/** Date.UTC(year, 0, 1), of the last year asked (times come a year after another). */
let lastYear = NaN;
let lastYearStart = NaN;
function yearStart(year: number): number {
  if (year !== lastYear) [lastYear, lastYearStart] = [year, Date.UTC(year, 0, 1)];
  return lastYearStart;
}
