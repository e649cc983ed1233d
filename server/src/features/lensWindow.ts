// Which code lenses to send for a large log: those on the lines around what the editors show,
// so that a request answers with a few hundred lenses instead of megabytes of JSON. The window
// reaches far enough past the screen that ordinary scrolling stays inside it; when the screen
// comes near its edge (or leaves it), the window moves and the client is asked for lenses again.
// Only for clients that say what they show (protocol.ts, VisibleRangesNotification).
import type { LineRange } from '../../../common/protocol';

/** Lines the window reaches beyond what the editors show, on each side. */
export const LENS_MARGIN = 3000;
/** A log with fewer lenses than this gets all of them, wherever the editors are. */
export const ALL_LENSES_BELOW = 2000;
/** Most ranges read from one notification (an editor with many folded regions shows many). */
const MAX_RANGES = 100;

/** The window around `visible`: each range extended by `margin` lines on each side, sorted, overlapping ones merged. */
export function windowAround(visible: readonly LineRange[], margin = LENS_MARGIN): LineRange[] {
  const extended = visible.map((r) => ({ start: Math.max(0, r.start - margin), end: r.end + margin })).sort((a, b) => a.start - b.start);
  const window: LineRange[] = [];
  for (const r of extended) {
    const last = window[window.length - 1];
    if (last && r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else window.push(r);
  }
  return window;
}

/** Whether each visible range lies in the window with `slack` lines to spare on each side (above line 0 nothing is needed). */
export function covers(window: readonly LineRange[], visible: readonly LineRange[], slack = LENS_MARGIN / 2): boolean {
  return visible.every((r) => window.some((w) => w.start <= Math.max(0, r.start - slack) && r.end + slack <= w.end));
}

/** The index of the first item on `line` or after it, in items sorted by line. */
export function firstFrom<T>(items: ArrayLike<T>, line: number, lineOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lineOf(items[mid]) < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Line ranges as a client sent them, made whole and sane (0-based, start <= end); anything else is dropped. */
export function cleanRanges(ranges: unknown): LineRange[] {
  if (!Array.isArray(ranges)) return [];
  const out: LineRange[] = [];
  for (const r of ranges.slice(0, MAX_RANGES)) {
    const a = Number((r as LineRange | null)?.start);
    const b = Number((r as LineRange | null)?.end);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const start = Math.max(0, Math.floor(Math.min(a, b)));
    out.push({ start, end: Math.max(start, Math.floor(Math.max(a, b))) });
  }
  return out;
}

interface DocumentWindow {
  window: LineRange[];
  /** The last answer was a window (not every lens): moving the window changes what the client should show. */
  windowed: boolean;
}

/** The lens window of each open document of a client that says what it shows. */
export class LensWindows {
  private readonly docs = new Map<string, DocumentWindow>();

  constructor(
    readonly margin = LENS_MARGIN,
    readonly allBelow = ALL_LENSES_BELOW,
  ) {}

  private state(uri: string): DocumentWindow {
    let s = this.docs.get(uri);
    if (!s) {
      // Before the client said anything: the top of the file.
      s = { window: windowAround([{ start: 0, end: 0 }], this.margin), windowed: false };
      this.docs.set(uri, s);
    }
    return s;
  }

  /** The current window of `uri`. */
  window(uri: string): readonly LineRange[] {
    return this.state(uri).window;
  }

  /** What to send of `items` (sorted by line), as spans [from, to) of their indices: all of them for a small log, else those in the window. */
  spans<T>(uri: string, items: ArrayLike<T>, lineOf: (item: T) => number): [number, number][] {
    const s = this.state(uri);
    s.windowed = items.length >= this.allBelow;
    if (!s.windowed) return [[0, items.length]];
    return s.window.map((w) => [firstFrom(items, w.start, lineOf), firstFrom(items, w.end + 1, lineOf)] as [number, number]).filter(([from, to]) => to > from);
  }

  /**
   * What the editors now show of `uri`. Moves the window when that is not well inside it; true
   * when the lenses last sent no longer cover it (the client should ask again).
   */
  show(uri: string, ranges: unknown): boolean {
    const visible = cleanRanges(ranges);
    if (!visible.length) return false;
    const s = this.state(uri);
    if (covers(s.window, visible, this.margin / 2)) return false;
    s.window = windowAround(visible, this.margin);
    return s.windowed;
  }

  delete(uri: string): void {
    this.docs.delete(uri);
  }
}
