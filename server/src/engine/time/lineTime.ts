// Timestamps of log lines as comparable numbers (milliseconds of the wall clock written in the
// line, as if it were UTC: log4j and BSD syslog carry no zone, and the logs of one site share
// one). BSD syslog has no year: years.ts and anchor.ts give it (the one year model).

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** The months by their three characters' codes (no string cut from each line to look one up). */
const MONTH_CODES = new Map(Object.entries(MONTHS).map(([m, i]) => [m.charCodeAt(0) * 65536 + m.charCodeAt(1) * 256 + m.charCodeAt(2), i]));

const digits = (s: string, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
};

/** Month (0-11) of a BSD syslog line, or -1. */
export function bsdMonth(line: string): number {
  const c = line.charCodeAt(0);
  if (c < 65 || c > 90 || line.charCodeAt(3) !== 32 || line.charCodeAt(6) !== 32 || line.charCodeAt(9) !== 58) return -1;
  return MONTH_CODES.get(c * 65536 + line.charCodeAt(1) * 256 + line.charCodeAt(2)) ?? -1;
}

/**
 * Milliseconds of the line's timestamp (BSD syslog with `year`, RFC3339, log4j), or NaN when
 * the line has none.
 */
export function lineTime(line: string, year: number): number {
  const month = bsdMonth(line);
  if (month >= 0) {
    const day = line.charCodeAt(4) === 32 ? digits(line, 5, 1) : digits(line, 4, 2);
    return Date.UTC(year, month, day, digits(line, 7, 2), digits(line, 10, 2), digits(line, 13, 2));
  }
  // 2026-10-13 10:17:09,401 (log4j) or 2026-10-13T10:17:09.401234+03:00 (RFC3339)
  if (line.charCodeAt(4) !== 45 || line.charCodeAt(7) !== 45 || line.charCodeAt(13) !== 58) return NaN;
  const sep = line.charCodeAt(10);
  if (sep !== 32 && sep !== 84) return NaN;
  let ms = 0;
  const f = line.charCodeAt(19);
  if (f === 44 || f === 46) ms = digits(line, 20, 3);
  return Date.UTC(digits(line, 0, 4), digits(line, 5, 2) - 1, digits(line, 8, 2), digits(line, 11, 2), digits(line, 14, 2), digits(line, 17, 2), Number.isNaN(ms) ? 0 : ms);
}

/** Whether the line from `s` starts with a timestamp (BSD syslog, RFC3339 or log4j), by its shape. */
export function isTimed(text: string, s: number): boolean {
  return (text.charCodeAt(s + 3) === 32 && text.charCodeAt(s + 6) === 32 && text.charCodeAt(s + 9) === 58) || (text.charCodeAt(s + 4) === 45 && text.charCodeAt(s + 7) === 45 && text.charCodeAt(s + 13) === 58);
}
