#!/usr/bin/env node
// Benchmark for issue 15: `node dist/cli.js failures --json` and `summary --json` against
// `perl collate.pl` on the same MTA log, in one run, alternating the three (best of --runs each).
// Prints the wall and CPU times, the speed ratios to collate.pl (wall and CPU: on a shared machine
// the CPU ratio moves less with the other jobs), the peak RSS values and how many failures were found.
//
//   npm run build && node bench/failures.mjs [--size 1G] [--runs 1]
//   npm run build && node bench/failures.mjs --log /work/data/1g.log --runs 1
//
// Without --log, bench/data/zimbra-SIZE.log is made by bench/generate.mjs.
import { readFileSync, statSync } from 'node:fs';
import { collatePl, generated, mb, measure, opt } from './lib.mjs';

const size = opt('size', '1G');
const runs = Number(opt('runs', '1'));
const log = generated(opt('log', `bench/data/zimbra-${size}.log`), size);
const pl = collatePl();

const cases = {
  perl: ['perl', pl, log],
  failures: [process.execPath, 'dist/cli.js', 'failures', '--json', log],
  summary: [process.execPath, 'dist/cli.js', 'summary', '--json', log],
};
const best = {};
const cpu = {};
const rss = {};
for (let i = 0; i < runs; i++) {
  for (const [name, cmd] of Object.entries(cases)) {
    const out = name === 'perl' ? '/dev/null' : `bench/data/${name}.json`;
    const r = measure(out, cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')}: exit ${r.code}`);
    best[name] = Math.min(best[name] ?? Infinity, r.seconds);
    cpu[name] = Math.min(cpu[name] ?? Infinity, r.cpu);
    rss[name] = Math.max(rss[name] ?? 0, r.maxrss);
  }
}
const failures = JSON.parse(readFileSync('bench/data/failures.json', 'utf8'));
const summary = JSON.parse(readFileSync('bench/data/summary.json', 'utf8'));
console.log(`log: ${log} (${mb(statSync(log).size)}); best of ${runs}`);
const times = (n) => `${best[n].toFixed(2)} s (CPU ${cpu[n].toFixed(2)} s)`;
const ratio = (n) => `${(best.perl / best[n]).toFixed(1)} x faster (CPU ${(cpu.perl / cpu[n]).toFixed(1)} x)`;
console.log(`perl collate.pl LOG:           ${times('perl')}, peak ${mb(rss.perl)}`);
console.log(`zimbra-logs failures --json:   ${times('failures')}, peak ${mb(rss.failures)} (${failures.failures.length} failures, ${Object.keys(failures.byCause).length} causes); ${ratio('failures')}`);
console.log(`zimbra-logs summary --json:    ${times('summary')}, peak ${mb(rss.summary)} (${summary.postfix.deferred + summary.postfix.bounced} deferred+bounced); ${ratio('summary')}`);
