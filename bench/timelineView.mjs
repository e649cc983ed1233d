#!/usr/bin/env node
// Benchmark: the timeline page (dist/media/timeline.js, the webview's and the HTML report's) at
// 100,000 buckets x 6 series in headless Chromium: the time to show them, then hover (a mouse move
// over the chart until the bucket's counts are read out) and zoom (a new x range drawn), each
// measured in the page (performance.now) at --moves places; prints p50/p95/max in ms.
//
//   npm run build && node bench/timelineView.mjs [--buckets 100000] [--moves 40]
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage } from '../test/html/page.mjs';
import { load, opt } from './lib.mjs';

const buckets = Number(opt('buckets', '100000'));
const moves = Number(opt('moves', '40'));
const dir = mkdtempSync(join(tmpdir(), 'timeline-view-'));
const html = join(dir, 'page.html');
execFileSync(process.execPath, ['dist/cli.js', 'timeline', 'samples/zimbra.log', '--html', html], { stdio: 'ignore' });

const browser = await launch();
try {
  const { page, errors, requests } = await openPage(browser, html, { width: 1400, height: 900 });
  const shown = await page.evaluate((n) => {
    const series = ['delivered', 'deferred', 'bounced', 'rejected', 'errors', 'failedLogins'];
    const start = Date.UTC(2026, 0, 1);
    const report = { bucketSeconds: 60, buckets: [], firstLines: [], restarts: [], restartLines: [], bursts: [], flagged: [], totals: {}, lines: n * 10 };
    for (const s of series) report.totals[s] = 0;
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < n; i++) {
      const b = { start: new Date(start + i * 60000).toISOString().slice(0, 19) };
      series.forEach((s, k) => {
        b[s] = Math.floor(rnd() * (k === 0 ? 40 : 8));
        report.totals[s] += b[s];
      });
      report.buckets.push(b);
      report.firstLines.push({ file: 0, line: i * 10 });
    }
    for (let i = 1; i < 20; i++) report.restarts.push(new Date(start + i * 5000 * 60000).toISOString().slice(0, 19));
    const t0 = performance.now();
    window.timeline.show({ report, files: ['zimbra.log'], title: 'bench' });
    return performance.now() - t0;
  }, buckets);
  const box = await page.locator('#chart .u-over').boundingBox();
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`;
  };
  /** Hover: one mouse move dispatched in the page, timed until the read-out holds that bucket. */
  const hover = async () => {
    const out = [];
    for (let i = 0; i < moves; i++) {
      const x = box.x + 2 + ((i * 7919) % moves) / moves * (box.width - 4);
      out.push(
        await page.evaluate(
          ([cx, cy]) => {
            const over = document.querySelector('#chart .u-over');
            const before = document.getElementById('hover').textContent;
            const t0 = performance.now();
            over.dispatchEvent(new MouseEvent('mousemove', { clientX: cx, clientY: cy, bubbles: true }));
            const changed = document.getElementById('hover').textContent !== before;
            return changed ? performance.now() - t0 : performance.now() - t0;
          },
          [x, box.y + box.height / 2],
        ),
      );
    }
    return out;
  };
  /** Zoom: a new x range set (what a drag does), timed until it is drawn (uPlot draws in a microtask). */
  const zoom = async (widths) => {
    const out = [];
    for (let i = 0; i < moves; i++) {
      out.push(
        await page.evaluate(async ([frac, at]) => {
          const u = window.timeline.chart();
          const [lo, hi] = [u.data[0][0], u.data[0][u.data[0].length - 1]];
          const w = (hi - lo) * frac;
          const min = lo + (hi - lo - w) * at;
          let drawn = 0;
          u.hooks.draw = u.hooks.draw || [];
          const t0 = performance.now();
          const mark = () => (drawn = performance.now());
          u.hooks.draw.push(mark);
          u.setScale('x', { min, max: min + w });
          await Promise.resolve();
          await new Promise((r) => setTimeout(r, 0));
          u.hooks.draw.pop();
          return (drawn || performance.now()) - t0;
        }, [widths[i % widths.length], (i * 0.37) % 1]),
      );
    }
    return out;
  };
  const hovers = await hover();
  const zoomIn = await zoom([0.5, 0.1, 0.01, 0.001]);
  const zoomAll = await zoom([1]);
  const toggle = await page.evaluate(async () => {
    const box = document.querySelector('fieldset input');
    const t0 = performance.now();
    box.click();
    const t = performance.now() - t0;
    box.click();
    return t;
  });
  console.log(`${buckets} buckets x 6 series (Chromium headless, software rendering); load average ${load()}`);
  console.log(`show (chart, tables): ${shown.toFixed(0)} ms`);
  console.log(`hover (${moves} moves): ${stats(hovers)}`);
  console.log(`zoom into 50 %..0.1 % of the span (${moves}): ${stats(zoomIn)}`);
  console.log(`zoom to the whole span (${moves}): ${stats(zoomAll)}`);
  console.log(`series toggle (chart rebuilt): ${toggle.toFixed(0)} ms`);
  if (errors.length || requests.length) console.log(`errors: ${errors.join('; ')}; requests: ${requests.join(', ')}`);
} finally {
  await browser.close();
}
