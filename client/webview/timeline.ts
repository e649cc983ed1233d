// The timeline page: in a VS Code webview (data and answers by postMessage, state by
// getState/setState) and in the CLI's self-contained HTML report (data in a JSON script element).
// Everything from the logs is put in the page as text (textContent), never as markup.
import 'uplot/dist/uPlot.min.css';
import './timeline.css';
import type uPlot from 'uplot';
import { SERIES, Series, TimelineReport } from '../../server/src/engine/timeline/types';
import { densify, Dense, makeChart } from './chart';
import { TEXT } from './text';

/** What the page shows: the report, the labels of its files, and a title. */
export interface ViewData {
  report: TimelineReport;
  files: string[];
  title: string;
}

/** Messages from the page to the extension. */
export type ViewMessage = { type: 'ready' } | { type: 'reveal'; file: number; line: number } | { type: 'openRange'; from: string; to: string };

interface State {
  hidden: Series[];
  range?: [number, number];
}

interface VsCodeApi {
  postMessage(m: ViewMessage): void;
  getState(): State | undefined;
  setState(s: State): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const state: State = vscode?.getState() ?? { hidden: [] };
const save = () => vscode?.setState(state);

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};
const local = (s: number) => new Date(s * 1000).toISOString().slice(0, 19);
const seconds = (t: string) => Date.parse(t + 'Z') / 1000;

let data: ViewData | undefined;
let dense: Dense | undefined;
let chart: uPlot | undefined;
let selected = -1;

const app = document.getElementById('app')!;
document.documentElement.lang = TEXT.lang;
const title = el('h1');
const status = el('p', '', 'muted');
status.setAttribute('aria-live', 'polite');
const toggles = el('fieldset');
const toolbar = el('div', undefined, 'toolbar');
const reset = el('button', TEXT.resetZoom);
const open = el('button', TEXT.openRange);
const chartBox = el('div');
chartBox.id = 'chart';
chartBox.tabIndex = 0;
chartBox.setAttribute('role', 'application');
chartBox.setAttribute('aria-label', TEXT.chartLabel);
const hover = el('p');
hover.id = 'hover';
hover.setAttribute('aria-live', 'polite');
const tables = el('div');
toolbar.append(reset, open);
if (!vscode) open.hidden = true;
app.append(title, status, toggles, toolbar, chartBox, hover, tables);

function bucketText(i: number): string {
  if (!data || !dense || i < 0 || i >= dense.x.length) return '';
  const counts = SERIES.map((s, k) => `${TEXT.series[s]} ${dense!.counts[k][i]}`).join(', ');
  // What flagged an account in this bucket's time (its span overlaps the bucket).
  const from = dense.x[i];
  const to = from + data.report.bucketSeconds;
  const flags = data.report.flagged.filter((f) => seconds(f.first) < to && seconds(f.last) >= from);
  const notes = flags.map((f) => `; ${TEXT.flaggedLine(f.account, f.reason)}`).join('');
  return `${local(from)} (${TEXT.seconds.replace('{0}', String(data.report.bucketSeconds))}): ${counts}${notes}`;
}

function showHover(i: number): void {
  if (i >= 0) selected = i;
  hover.textContent = bucketText(i >= 0 ? i : selected);
}

function reveal(i: number): void {
  if (!vscode || !data || !dense) return;
  // An empty bucket reveals the next one that has lines.
  let k = i;
  while (k < dense.x.length && dense.bucket[k] < 0) k++;
  const at = data.report.firstLines[dense.bucket[k]];
  if (at) vscode.postMessage({ type: 'reveal', file: at.file, line: at.line });
}

function draw(): void {
  if (!data) return;
  chart?.destroy();
  chart = undefined;
  chartBox.textContent = '';
  if (!dense!.x.length) {
    chartBox.textContent = TEXT.empty;
    return;
  }
  const r = data.report;
  chart = makeChart(chartBox, dense!, {
    width: Math.max(300, chartBox.clientWidth || app.clientWidth || 800),
    height: 320,
    hidden: new Set(state.hidden),
    labels: TEXT.series,
    markers: {
      restarts: r.restarts.map(seconds),
      bursts: r.bursts.map((b) => [seconds(b.start), seconds(b.end) + r.bucketSeconds]),
      flagged: r.flagged.map((f) => [seconds(f.first), seconds(f.last) + r.bucketSeconds]),
    },
    onHover: showHover,
    onZoom: (min, max) => {
      const whole = min <= dense!.x[0] && max >= dense!.x[dense!.x.length - 1];
      state.range = whole ? undefined : [min, max];
      open.disabled = !state.range;
      save();
    },
    range: state.range,
  });
  open.disabled = !state.range;
}

function renderToggles(): void {
  toggles.textContent = '';
  toggles.append(el('legend', TEXT.seriesLegend));
  for (const s of SERIES) {
    const label = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = !state.hidden.includes(s);
    box.addEventListener('change', () => {
      state.hidden = box.checked ? state.hidden.filter((x) => x !== s) : [...state.hidden, s];
      save();
      draw();
    });
    const swatch = el('span', undefined, 'swatch');
    swatch.style.background = `var(--tl-${s})`;
    label.append(box, swatch, document.createTextNode(`${TEXT.series[s]} (${data!.report.totals[s]})`));
    toggles.append(label);
  }
}

function table(caption: string, head: string[], rows: (string | number | (() => void))[][]): HTMLElement {
  const section = el('section');
  section.append(el('h2', caption));
  if (!rows.length) {
    section.append(el('p', TEXT.none, 'muted'));
    return section;
  }
  const t = el('table');
  const tr = el('tr');
  head.forEach((h, i) => tr.append(el('th', h, typeof rows[0][i] === 'number' ? 'n' : undefined)));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(tr);
  for (const row of rows) {
    const r = el('tr');
    for (const c of row) {
      if (typeof c === 'function') {
        const td = el('td');
        if (vscode) {
          const b = el('button', TEXT.reveal);
          b.addEventListener('click', c);
          td.append(b);
        }
        r.append(td);
      } else r.append(el('td', String(c), typeof c === 'number' ? 'n' : undefined));
    }
    t.tBodies[0].append(r);
  }
  section.append(t);
  return section;
}

function renderTables(): void {
  const r = data!.report;
  const f = data!.files;
  const go = (at: { file: number; line: number }) => () => vscode?.postMessage({ type: 'reveal', file: at.file, line: at.line });
  const where = (at: { file: number; line: number }) => `${f[at.file] ?? '?'}:${at.line + 1}`;
  const busiest = r.buckets
    .map((b, i) => ({ b, i, n: SERIES.reduce((a, s) => a + b[s], 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .slice(0, 20);
  tables.textContent = '';
  tables.append(
    table(TEXT.totals, SERIES.map((s) => TEXT.series[s]), [SERIES.map((s) => r.totals[s])]),
    table(TEXT.restarts, [TEXT.time, TEXT.line, ''], r.restartLines.map((x) => [x.time, where(x.at), go(x.at)])),
    table(TEXT.flagged, [TEXT.from, TEXT.to, TEXT.account, TEXT.reason, ''], r.flagged.map((x) => [x.first, x.last, x.account, x.reason, go(x.at)])),
    table(TEXT.bursts, [TEXT.from, TEXT.to, TEXT.who, TEXT.failures, ''], r.bursts.map((b) => [b.start, b.end, (b.by === 'ip' ? TEXT.fromAddress : TEXT.againstAccount).replace('{0}', () => b.key), b.failures, go(b.at)])),
    table(TEXT.busiest, [TEXT.time, ...SERIES.map((s) => TEXT.series[s]), ''], busiest.map(({ b, i }) => [b.start, ...SERIES.map((s) => b[s]), go(r.firstLines[i])])),
  );
}

function show(d: ViewData): void {
  data = d;
  dense = densify(d.report);
  title.textContent = d.title;
  status.textContent = TEXT.statusLine(d.report.lines, d.report.bucketSeconds, d.files.length);
  if (selected >= dense.x.length) selected = -1;
  renderToggles();
  renderTables();
  draw();
  document.body.dataset.ready = 'true';
}

reset.addEventListener('click', () => {
  if (!chart || !dense) return;
  chart.setScale('x', { min: dense.x[0], max: dense.x[dense.x.length - 1] });
});
open.addEventListener('click', () => {
  if (state.range) vscode?.postMessage({ type: 'openRange', from: local(state.range[0]), to: local(state.range[1]) });
});

// Keyboard: arrows move through the buckets (read out below the chart), Enter reveals one, + and - zoom, 0 resets.
chartBox.addEventListener('keydown', (e) => {
  if (!chart || !dense) return;
  const n = dense.x.length;
  const min = chart.scales.x.min!;
  const max = chart.scales.x.max!;
  if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
    const d = e.key === 'ArrowRight' ? 1 : -1;
    selected = Math.max(0, Math.min(n - 1, selected < 0 ? 0 : selected + d * (e.shiftKey ? 10 : 1)));
    chart.setCursor({ left: chart.valToPos(dense.x[selected], 'x'), top: 10 });
    showHover(selected);
  } else if (e.key === 'Enter' && selected >= 0) reveal(selected);
  else if (e.key === '+' || e.key === '-') {
    const mid = selected >= 0 ? dense.x[selected] : (min + max) / 2;
    const half = ((max - min) / 2) * (e.key === '+' ? 0.5 : 2);
    chart.setScale('x', { min: mid - half, max: mid + half });
  } else if (e.key === '0') reset.click();
  else return;
  e.preventDefault();
});

// A click (not a drag) on the chart reveals the bucket's first line.
let down: number | undefined;
chartBox.addEventListener('mousedown', (e) => (down = e.clientX));
chartBox.addEventListener('mouseup', (e) => {
  if (down !== undefined && Math.abs(e.clientX - down) < 3 && chart?.cursor.idx != null) reveal(chart.cursor.idx);
  down = undefined;
});

new ResizeObserver(() => chart?.setSize({ width: Math.max(300, chartBox.clientWidth), height: 320 })).observe(chartBox);
// VS Code changes the body's class with the theme: the chart's colours are read again.
new MutationObserver(() => data && draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

if (vscode) {
  window.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as { type: string; data?: ViewData; text?: string };
    if (m.type === 'data' && m.data) show(m.data);
    else if (m.type === 'status' && typeof m.text === 'string') status.textContent = m.text;
  });
  vscode.postMessage({ type: 'ready' });
} else {
  const json = document.getElementById('timeline-data')?.textContent;
  if (json) show(JSON.parse(json) as ViewData);
}

/** For benchmarks and tests: the chart and the page's functions. */
(window as unknown as { timeline: object }).timeline = { chart: () => chart, showHover, show };
