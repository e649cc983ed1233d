#!/usr/bin/env node
// Benchmark: `node dist/cli.js timeline --json` against `perl collate.pl` on the same MTA log, in
// one run, alternating the two (best of --runs each): both times, the speed ratio, both peak RSS;
// with --mailbox, the timeline of the MTA log and its mailbox.log together.
//
//   npm run build && node bench/timeline.mjs --log /work/data/1g.log --mailbox /work/data/1g-mailbox.log --runs 2
//   npm run build && node bench/timeline.mjs [--size 200M] [--runs 3]
//
// Without --log, bench/data/zimbra-SIZE.log (and its mailbox.log) are made by bench/generate.mjs.
import { readFileSync, statSync } from 'node:fs';
import { collatePl, flag, generated, load, mb, measure, opt } from './lib.mjs';

const size = opt('size', '200M');
const runs = Number(opt('runs', '3'));
const mailbox = opt('mailbox', flag('log') ? undefined : `bench/data/zimbra-${size}-mailbox.log`);
const log = generated(opt('log', `bench/data/zimbra-${size}.log`), size, mailbox);
const pl = collatePl();

const cases = { perl: ['perl', pl, log], timeline: [process.execPath, 'dist/cli.js', 'timeline', '--json', log] };
if (mailbox) cases.withMailbox = [process.execPath, 'dist/cli.js', 'timeline', '--json', log, mailbox];
const best = {};
const cpu = {};
const rss = {};
const outputs = {};
const loadAtStart = load();
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
const what = (name) => {
  const o = outputs[name];
  return `${o.buckets.length} buckets of ${o.bucketSeconds} s; ${Object.entries(o.totals).map(([k, v]) => `${k} ${v}`).join(', ')}`;
};
console.log(`MTA log: ${log} (${mb(statSync(log).size)})${mailbox ? `, mailbox.log: ${mailbox} (${mb(statSync(mailbox).size)})` : ''}; best of ${runs}; load average at the start ${loadAtStart}, at the end ${load()}`);
console.log(`perl collate.pl LOG:               ${best.perl.toFixed(2)} s (CPU ${cpu.perl.toFixed(2)} s), peak ${mb(rss.perl)}`);
console.log(`zimbra-logs timeline LOG:          ${best.timeline.toFixed(2)} s (CPU ${cpu.timeline.toFixed(2)} s), peak ${mb(rss.timeline)} (${what('timeline')}; ${outputs.timeline.flagged.length} flagged)`);
console.log(`speed-up over collate.pl: ${(best.perl / best.timeline).toFixed(1)} x (CPU time: ${(cpu.perl / cpu.timeline).toFixed(1)} x)`);
if (mailbox) console.log(`zimbra-logs timeline LOG MAILBOX:  ${best.withMailbox.toFixed(2)} s, peak ${mb(rss.withMailbox)} (${what('withMailbox')}), ${(best.perl / best.withMailbox).toFixed(1)} x collate.pl's time on LOG alone`);
