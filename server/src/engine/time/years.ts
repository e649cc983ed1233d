// The year of every BSD syslog line of a timeline (a log and its rotations, in order): the year
// turns where the month goes back (December -> January), and the last line's year comes from a
// reference: --year, else a date (the newest file's modification time; for an open document,
// today), a last line in a later month than that date being of the year before. anchor.ts then
// moves timelines whose year came from a date next to the logs that carry their years.
import { bsdMonth } from './lineTime';

/**
 * The year of every line of a timeline of BSD syslog lines. Feed the lines in order (`observe`),
 * then `finish` with the year of the last line (or a date, e.g. the newest file's modification
 * time: a last line in a later month than that date belongs to the year before).
 */
export class Years {
  /** Lines where the month went back (December → January): the year turns there. */
  private readonly turns: number[] = [];
  private lastMonth = -1;
  private firstYear = 0;

  observe(n: number, line: string): void {
    const m = bsdMonth(line);
    if (m >= 0) this.observeMonth(n, m);
  }

  /** Line `n` has a BSD timestamp in month `m` (0-11). */
  observeMonth(n: number, m: number): void {
    if (this.lastMonth - m > 6) this.turns.push(n);
    this.lastMonth = m;
  }

  /** What a stream index found: the lines where the year turns, and the month of the last BSD timestamp. */
  static of(turns: readonly number[], lastMonth: number): Years {
    const y = new Years();
    y.turns.push(...turns);
    y.lastMonth = lastMonth;
    return y;
  }

  /**
   * The date the year was last taken from (a modification time, as wall-clock milliseconds like
   * lineTime's), NaN when a year was given.
   */
  written = NaN;

  finish(reference: number | Date): this {
    let last: number;
    if (typeof reference === 'number') last = reference;
    else {
      const r = reference;
      this.written = Date.UTC(r.getFullYear(), r.getMonth(), r.getDate(), r.getHours(), r.getMinutes(), r.getSeconds());
      last = reference.getFullYear();
      if (this.lastMonth > reference.getMonth()) last--;
    }
    this.firstYear = last - this.turns.length;
    return this;
  }

  /** True when some line had a BSD syslog timestamp (no year). */
  get seen(): boolean {
    return this.lastMonth >= 0;
  }

  /** The lines where the year turns. */
  get turnLines(): readonly number[] {
    return this.turns;
  }

  /** The year of the last line, as `finish` set it. */
  get lastYear(): number {
    return this.firstYear + this.turns.length;
  }

  /** The year of line `n`. */
  at(n: number): number {
    let y = this.firstYear;
    for (const t of this.turns) {
      if (t > n) break;
      y++;
    }
    return y;
  }
}

/** What a stream index found in one file of a timeline (engine/index/streamIndex.ts). */
export interface FileMonths {
  lineCount: number;
  /** Lines where the year turns inside the file. */
  yearTurns: readonly number[];
  /** The first BSD timestamp's line (-1: none) and month, and the last one's month. */
  firstBsd: number;
  firstMonth: number;
  lastMonth: number;
}

/** The Years of a timeline from its files' indexes, in order: the year also turns between two files when the month goes back. */
export function yearsOfFiles(files: readonly FileMonths[]): Years {
  const turns: number[] = [];
  let lastMonth = -1;
  let first = 0;
  for (const f of files) {
    const between = Years.of([], lastMonth);
    if (f.firstBsd >= 0) between.observeMonth(first + f.firstBsd, f.firstMonth);
    turns.push(...between.turnLines, ...f.yearTurns.map((n) => first + n));
    if (f.lastMonth >= 0) lastMonth = f.lastMonth;
    first += f.lineCount;
  }
  return Years.of(turns, lastMonth);
}
