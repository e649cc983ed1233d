// The lines of a time range of a timeline's logs, read again after the timeline (scan.ts) settled
// their years: each line's time from its timestamp (a syslog line's year from its timeline's
// Years, at its place in the feed, as the scan counted places), a line without one (a stack
// trace's) in the range of the line before it. Fed exactly as the scan was: beginTimeline,
// beginFile, pushLines.
import type { Bytes } from '../bytes';
import { latin1 } from '../bytes';
import { BASE_YEAR, inYear } from '../investigate/eventClock';
import type { StreamTimeline } from '../time/anchor';
import { bsdMonth, lineTime } from '../time/lineTime';

/** Told of each line in the range: its file, line (0-based) and bytes b[s, e) with its terminator. */
export type RangeSink = (file: number, line: number, b: Bytes, s: number, e: number) => void;

export class RangeLines {
  private t = -1;
  private file = 0;
  private line = -1;
  private place = -1;
  private inside = false;

  /** `from` and `to`: wall-clock milliseconds (lineTime's), the range [from, to). */
  constructor(
    private readonly timelines: readonly StreamTimeline[],
    private readonly from: number,
    private readonly to: number,
    private readonly sink: RangeSink,
  ) {}

  beginTimeline(): void {
    this.t++;
    this.inside = false;
  }

  beginFile(file: number): void {
    this.file = file;
    this.line = -1;
  }

  pushLines(b: Bytes, start: number, end: number): void {
    let pos = start;
    while (pos < end) {
      const nl = b.indexOf(10, pos);
      const e = nl < 0 || nl >= end ? end : nl + 1;
      this.line++;
      this.place++;
      const ms = this.timeOf(b, pos, e);
      if (!Number.isNaN(ms)) this.inside = ms >= this.from && ms < this.to;
      if (this.inside) this.sink(this.file, this.line, b, pos, e);
      pos = e;
    }
  }

  private timeOf(b: Bytes, s: number, e: number): number {
    const c0 = b[s];
    if (e - s < 16 || !((c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 90))) return NaN;
    const text = latin1(b, s, Math.min(e, s + 32));
    if (bsdMonth(text) < 0) return lineTime(text, 0);
    const timeline = this.timelines[this.t];
    return timeline ? inYear(lineTime(text, BASE_YEAR), timeline.years.at(this.place)) : NaN;
  }
}
