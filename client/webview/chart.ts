// The timeline's chart (uPlot): the report's buckets on a continuous axis (buckets with no line
// are zeros), the visible series stacked, restarts drawn as lines, bursts of failed logins as
// spans along the top and what flagged an account (the account report's reasons) as spans below them. Colours are read from the page's CSS variables (the theme's in VS Code).
import uPlot from 'uplot';
import { SERIES, Series, TimelineReport } from '../../server/src/engine/timeline/types';

/** The report's buckets on a continuous axis: x in seconds (the logs' wall clock, as UTC), counts per series, the report's bucket per point (-1: none). */
export interface Dense {
  x: Float64Array;
  counts: Float64Array[];
  bucket: Int32Array;
}

const seconds = (local: string) => Date.parse(local + 'Z') / 1000;
/** Points past this many are not filled in between buckets (the chart then joins what there is). */
const MAX_DENSE = 400_000;

export function densify(r: TimelineReport): Dense {
  const b = r.buckets;
  const step = r.bucketSeconds;
  const first = b.length ? seconds(b[0].start) : 0;
  const last = b.length ? seconds(b[b.length - 1].start) : 0;
  const dense = b.length > 0 && (last - first) / step + 1 <= MAX_DENSE;
  // One more point after the last bucket, where its step ends.
  const n = !b.length ? 0 : (dense ? Math.round((last - first) / step) + 1 : b.length) + 1;
  const x = new Float64Array(n);
  const bucket = new Int32Array(n).fill(-1);
  const counts = SERIES.map(() => new Float64Array(n));
  if (dense) for (let i = 0; i < n; i++) x[i] = first + i * step;
  if (n) x[n - 1] = last + step;
  b.forEach((k, j) => {
    const i = dense ? Math.round((seconds(k.start) - first) / step) : j;
    x[i] = seconds(k.start);
    bucket[i] = j;
    SERIES.forEach((s, si) => (counts[si][i] = k[s]));
  });
  return { x, counts, bucket };
}

export const cssColour = (name: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || '#888';

export interface ChartOptions {
  width: number;
  height: number;
  hidden: ReadonlySet<Series>;
  labels: Record<Series, string>;
  markers: { restarts: number[]; bursts: [number, number][]; flagged: [number, number][] };
  /** Called with the point under the cursor (-1: none). */
  onHover: (i: number) => void;
  onZoom: (min: number, max: number) => void;
  range?: [number, number];
}

/** A stacked chart of `d` in `root`. */
export function makeChart(root: HTMLElement, d: Dense, o: ChartOptions): uPlot {
  const fg = cssColour('--tl-fg');
  const grid = cssColour('--tl-grid');
  const shown = SERIES.map((s, i) => i).filter((i) => !o.hidden.has(SERIES[i]));
  // Stacked values: each shown series on top of the ones before it.
  const stacked: Float64Array[] = [];
  let below: Float64Array = new Float64Array(d.x.length);
  for (const i of shown) {
    const top = new Float64Array(d.x.length);
    for (let k = 0; k < top.length; k++) top[k] = below[k] + d.counts[i][k];
    stacked.push(top);
    below = top;
  }
  // Drawn top first, each filled down to zero with an opaque colour: the stack shows without
  // clipping one series against another. Steps while a bucket is wider than a pixel or so; past
  // that, uPlot's linear paths, which draw one min/max per pixel column (fast at 100,000 points).
  const stepped = uPlot.paths.stepped!({ align: 1 });
  const linear = uPlot.paths.linear!();
  const paths: uPlot.Series.PathBuilder = (u, sidx, i0, i1) => (i1 - i0 > u.bbox.width / devicePixelRatio ? linear : stepped)(u, sidx, i0, i1);
  const series: uPlot.Series[] = [{}];
  const order = shown.map((i, k) => ({ i, k })).reverse();
  for (const { i } of order) {
    const colour = cssColour(`--tl-${SERIES[i]}`);
    series.push({ label: o.labels[SERIES[i]], stroke: colour, fill: colour, width: 0, points: { show: false }, paths });
  }
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  // Times as the logs write them (24 h), the date where it changes.
  const timeAxis: uPlot.Axis = {
    ...axis,
    space: 90,
    values: (_u, splits) => splits.map((s, i) => {
      const t = new Date(s * 1000).toISOString();
      const day = i === 0 || t.slice(0, 10) !== new Date(splits[i - 1] * 1000).toISOString().slice(0, 10);
      return day ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : t.slice(11, s % 60 ? 19 : 16);
    }),
  };
  const markerDraw = (u: uPlot) => {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    ctx.save();
    ctx.fillStyle = cssColour('--tl-burst') + '66';
    const spans = (list: [number, number][], y: number) => {
      for (const [a, b] of list) {
        const x0 = u.valToPos(a, 'x', true);
        const x1 = Math.max(x0 + 2, u.valToPos(b, 'x', true));
        ctx.fillRect(x0, y, x1 - x0, 6 * devicePixelRatio);
      }
    };
    spans(o.markers.bursts, top);
    ctx.fillStyle = cssColour('--tl-flagged') + '99';
    spans(o.markers.flagged, top + 8 * devicePixelRatio);
    ctx.strokeStyle = cssColour('--tl-restart');
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    for (const t of o.markers.restarts) {
      const x = Math.round(u.valToPos(t, 'x', true));
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
    ctx.restore();
  };
  const opts: uPlot.Options = {
    width: o.width,
    height: o.height,
    series,
    legend: { show: false },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: true, y: false, setScale: true }, points: { show: false } },
    // y from 0 to the top of the stack in view, found in the top series alone (uPlot's own
    // auto-range would scan every series at every zoom).
    scales: {
      x: { time: true },
      y: {
        auto: false,
        range: (u) => {
          const top = stacked[stacked.length - 1];
          const [i0, i1] = u.series[0].idxs ?? [0, d.x.length - 1];
          let max = 1;
          if (top) for (let i = i0; i <= i1; i++) if (top[i] > max) max = top[i];
          return [0, max];
        },
      },
    },
    axes: [timeAxis, axis],
    hooks: {
      draw: [markerDraw],
      setCursor: [(u) => o.onHover(u.cursor.idx ?? -1)],
      setScale: [
        (u, key) => {
          if (key === 'x' && u.scales.x.min != null && u.scales.x.max != null) o.onZoom(u.scales.x.min, u.scales.x.max);
        },
      ],
    },
  };
  const u = new uPlot(opts, [d.x as unknown as number[], ...(order.map(({ k }) => stacked[k]) as unknown as number[][])], root);
  if (o.range) u.setScale('x', { min: o.range[0], max: o.range[1] });
  return u;
}
