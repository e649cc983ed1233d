// The timeline page's words (client/webview/), in English, marked for translation: the host of the
// page (the extension with vscode.l10n.t, the CLI's --html report with l10n.t) translates them and
// hands them to the page in its HTML (a JSON script element, id "timeline-text").
import { msg } from '../l10n';
import type { Series } from './types';

export interface TimelineWords {
  /** The language of the words (BCP 47), for the page's `lang` and its numbers. */
  lang: string;
  series: Record<Series, string>;
  seriesLegend: string;
  resetZoom: string;
  openRange: string;
  chartLabel: string;
  empty: string;
  none: string;
  reveal: string;
  totals: string;
  restarts: string;
  bursts: string;
  flagged: string;
  account: string;
  reason: string;
  /** In a bucket's counts read out: `{0}` an account, `{1}` why the account report flagged it. */
  flaggedNote: string;
  busiest: string;
  time: string;
  line: string;
  from: string;
  to: string;
  who: string;
  failures: string;
  /** `{0}` an address. */
  fromAddress: string;
  /** `{0}` an account. */
  againstAccount: string;
  /** `{0}` lines, `{1}` files, `{2}` the bucket (one of the three below). */
  status: string;
  hours: string;
  minutes: string;
  seconds: string;
}

export const TIMELINE_WORDS: TimelineWords = {
  lang: 'en',
  series: { delivered: msg('delivered'), deferred: msg('deferred'), bounced: msg('bounced'), rejected: msg('rejected'), errors: 'ERROR/FATAL' /* log levels: the same in every language */, failedLogins: msg('failed logins') },
  seriesLegend: msg('Series:'),
  resetZoom: msg('Reset zoom'),
  openRange: msg('Open the lines of this range'),
  chartLabel: msg('Timeline chart: arrow keys move through the buckets, Enter reveals the first line of one, + and - zoom, 0 resets the zoom'),
  empty: msg('No line with a time in these logs.'),
  none: msg('None.'),
  reveal: msg('Reveal'),
  totals: msg('Totals'),
  restarts: msg('Restarts'),
  bursts: msg('Bursts of failed logins'),
  flagged: msg('Flagged accounts'),
  account: msg('account'),
  reason: msg('reason'),
  flaggedNote: msg('flagged {0}: {1}'),
  busiest: msg('Busiest buckets'),
  time: msg('time'),
  line: msg('line'),
  from: msg('first'),
  to: msg('last'),
  who: msg('who'),
  failures: msg('failures'),
  fromAddress: msg('from {0}'),
  againstAccount: msg('against {0}'),
  status: msg('{0} lines in {1} file(s); buckets of {2}. Drag across the chart to zoom in; click a bucket to reveal its first line.'),
  hours: msg('{0} h'),
  minutes: msg('{0} min'),
  seconds: msg('{0} s'),
};

/** The words translated by `t` (the English message in, its translation out), in language `lang`. */
export function translateWords(t: (message: string) => string, lang: string): TimelineWords {
  const out = { ...TIMELINE_WORDS, lang } as Record<string, unknown>;
  for (const [k, v] of Object.entries(TIMELINE_WORDS)) if (typeof v === 'string' && k !== 'lang') out[k] = t(v);
  out.series = Object.fromEntries(Object.entries(TIMELINE_WORDS.series).map(([k, v]) => [k, t(v)]));
  return out as unknown as TimelineWords;
}

/** JSON for a script element: it cannot end the element or start a comment in it. */
export const scriptJson = (x: unknown): string => JSON.stringify(x).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
