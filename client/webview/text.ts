// The timeline page's words, in one place (for translation).
import type { Series } from '../../server/src/engine/timeline/types';

export const TEXT = {
  series: { delivered: 'delivered', deferred: 'deferred', bounced: 'bounced', rejected: 'rejected', errors: 'ERROR/FATAL', failedLogins: 'failed logins' } as Record<Series, string>,
  seriesLegend: 'Series:',
  resetZoom: 'Reset zoom',
  openRange: 'Open the lines of this range',
  chartLabel: 'Timeline chart: arrow keys move through the buckets, Enter reveals the first line of one, + and - zoom, 0 resets the zoom',
  empty: 'No line with a time in these logs.',
  none: 'None.',
  reveal: 'Reveal',
  totals: 'Totals',
  restarts: 'Restarts',
  bursts: 'Bursts of failed logins',
  busiest: 'Busiest buckets',
  time: 'time',
  line: 'line',
  from: 'from',
  to: 'to',
  who: 'who',
  failures: 'failures',
  fromAddress: 'from',
  againstAccount: 'against',
  status: (lines: number, bucket: number, files: number) => `${lines.toLocaleString('en')} lines in ${files} file(s); buckets of ${bucket >= 3600 ? `${bucket / 3600} h` : bucket >= 60 ? `${bucket / 60} min` : `${bucket} s`}. Drag across the chart to zoom in; click a bucket to reveal its first line.`,
};
