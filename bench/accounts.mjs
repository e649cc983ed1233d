#!/usr/bin/env node
// Benchmark: `node dist/cli.js accounts --json` (the account report) over the logs of
// bench/activity.mjs (a generated MTA log of --size, its first quarter rotated to .gz, and its
// mailbox.log; made by that script when missing). Prints the best wall time of --runs, the peak
// memory of the CLI, and how many accounts were flagged.
//
//   npm run build && node bench/accounts.mjs [--size 500M] [--runs 3]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
const size = opt('size', '500M');
const runs = Number(opt('runs', '3'));
const dir = `bench/data/activity-${size}`;
const files = ['zimbra.log.1.gz', 'zimbra.log', 'mailbox.log'].map((f) => `${dir}/${f}`);
if (!files.every(existsSync)) execFileSync(process.execPath, ['bench/activity.mjs', '--size', size, '--runs', '1', '--query', 'nobody@nowhere.example'], { stdio: 'inherit' });
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
let best = Infinity;
let out;
let peak = 0;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'dist/cli.js', 'accounts', '--json', ...files], { maxBuffer: 1 << 30 });
  best = Math.min(best, performance.now() - t0);
  if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr.toString());
  peak = Math.max(peak, Number(r.stderr.toString().trim().split('\n').pop()) / 1024);
  out = JSON.parse(r.stdout.toString());
}
const flagged = out.accounts.filter((a) => a.flagged).length;
console.log(`accounts over ${files.map((f) => f.slice(dir.length + 1)).join(', ')} (${(bytes / 1048576).toFixed(0)} MB on disk): best of ${runs}: ${(best / 1000).toFixed(2)} s, peak ${peak.toFixed(0)} MB; ${out.accounts.length} accounts, ${flagged} flagged`);
