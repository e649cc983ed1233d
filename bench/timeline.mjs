#!/usr/bin/env node
// Benchmark: `node dist/cli.js timeline --json` against `perl collate.pl` on the same MTA log, in
// one run, alternating the two (best of --runs each): both times, the speed ratio, both peak RSS;
// with --mailbox, the timeline of the MTA log and its mailbox.log together.
//
//   npm run build && node bench/timeline.mjs --log /work/data/1g.log --mailbox /work/data/1g-mailbox.log --runs 2
//   npm run build && node bench/timeline.mjs [--size 200M] [--runs 3]
//
// Without --log, bench/data/zimbra-SIZE.log (and its mailbox.log) are made by bench/generate.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { collatePlSource } from '../scripts/collate-pl.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
const size = opt('size', '200M');
const runs = Number(opt('runs', '3'));
mkdirSync('bench/data', { recursive: true });
const log = opt('log', `bench/data/zimbra-${size}.log`);
const mailbox = opt('mailbox', args.includes('--log') ? undefined : `bench/data/zimbra-${size}-mailbox.log`);
if (!existsSync(log)) execFileSync(process.execPath, ['bench/generate.mjs', '--size', size, '--out', log, ...(mailbox ? ['--mailbox', mailbox] : [])], { stdio: 'inherit' });
const pl = 'bench/data/collate.pl';
const source = collatePlSource();
if (!source) throw new Error('collate.pl not found (the seed article is in ../shared/seed)');
writeFileSync(pl, source);

/** Wall seconds and peak RSS (bytes) of one command, its stdout to `out` (bench/measure.py). */
const measure = (out, cmd) => JSON.parse(execFileSync('python3', ['bench/measure.py', out, ...cmd], { encoding: 'utf8' }));

const cases = { perl: ['perl', pl, log], timeline: [process.execPath, 'dist/cli.js', 'timeline', '--json', log] };
if (mailbox) cases.withMailbox = [process.execPath, 'dist/cli.js', 'timeline', '--json', log, mailbox];
const best = {};
const cpu = {};
const rss = {};
const outputs = {};
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
for (let i = 0; i < runs; i++) {
  for (const [name, cmd] of Object.entries(cases)) {
    const out = name === 'perl' ? '/dev/null' : `bench/data/timeline-${name}.json`;
    const r = measure(out, cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')}: exit ${r.code}`);
    best[name] = Math.min(best[name] ?? Infinity, r.seconds);
    cpu[name] = Math.min(cpu[name] ?? Infinity, r.cpu);
    rss[name] = Math.max(rss[name] ?? 0, r.maxrss);
    if (name !== 'perl') outputs[name] = JSON.parse(readFileSync(out, 'utf8'));
  }
}
const mb = (b) => (b / 1048576).toFixed(0) + ' MB';
const what = (name) => {
  const o = outputs[name];
  return `${o.buckets.length} buckets of ${o.bucketSeconds} s; ${Object.entries(o.totals).map(([k, v]) => `${k} ${v}`).join(', ')}`;
};
console.log(`MTA log: ${log} (${mb(statSync(log).size)})${mailbox ? `, mailbox.log: ${mailbox} (${mb(statSync(mailbox).size)})` : ''}; best of ${runs}; load average at the start ${load}, at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`perl collate.pl LOG:               ${best.perl.toFixed(2)} s (CPU ${cpu.perl.toFixed(2)} s), peak ${mb(rss.perl)}`);
console.log(`zimbra-logs timeline LOG:          ${best.timeline.toFixed(2)} s (CPU ${cpu.timeline.toFixed(2)} s), peak ${mb(rss.timeline)} (${what('timeline')}; ${outputs.timeline.flagged.length} flagged)`);
console.log(`speed-up over collate.pl: ${(best.perl / best.timeline).toFixed(1)} x (CPU time: ${(cpu.perl / cpu.timeline).toFixed(1)} x)`);
if (mailbox) console.log(`zimbra-logs timeline LOG MAILBOX:  ${best.withMailbox.toFixed(2)} s, peak ${mb(rss.withMailbox)} (${what('withMailbox')}), ${(best.perl / best.withMailbox).toFixed(1)} x collate.pl's time on LOG alone`);
