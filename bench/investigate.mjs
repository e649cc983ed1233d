#!/usr/bin/env node
// Benchmark: each investigation subcommand (activity, restarts, changes, logins, redact) over an MTA
// log and a mailbox.log together, against `perl collate.pl` on the same files, in one run: each
// case's best wall and CPU time (user + system, every thread) of --runs, their ratios to
// collate.pl's, its peak RSS and exit status.
//
//   npm run build && node bench/investigate.mjs --log /work/data/1g.log --mailbox /work/data/1g-mailbox.log --runs 1
//   npm run build && node bench/investigate.mjs [--size 200M] [--runs 2] [--account judy@example.com] [--address 203.0.113.107] [--only logins] [--skip redact]
//
// Without --log, bench/data/zimbra-SIZE.log and its mailbox.log are made by bench/generate.mjs.
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { collatePl, generated, mb, measure, opt } from './lib.mjs';

const size = opt('size', '200M');
const runs = Number(opt('runs', '2'));
const mailbox = opt('mailbox', `bench/data/zimbra-${size}-mailbox.log`);
const log = generated(opt('log', `bench/data/zimbra-${size}.log`), size, mailbox);
const pl = collatePl();

const cli = [process.execPath, opt('cli', 'dist/cli.js')];
const files = [log, mailbox];
const account = opt('account', 'judy@example.com');
const address = opt('address', '203.0.113.107');
const cases = {
  'perl collate.pl': ['perl', pl, ...files],
  [`activity ${address}`]: [...cli, 'activity', '--json', address, ...files],
  [`activity ${account}`]: [...cli, 'activity', '--json', account, ...files],
  restarts: [...cli, 'restarts', '--json', ...files],
  [`changes ${account}`]: [...cli, 'changes', '--json', account, ...files],
  logins: [...cli, 'logins', '--json', ...files],
  redact: [...cli, 'redact', ...files],
};
const only = opt('only', undefined);
const skip = opt('skip', undefined);
const names = Object.keys(cases).filter((n) => n === 'perl collate.pl' || ((!only || n.startsWith(only)) && !(skip && n.startsWith(skip))));
const best = {};
const cpu = {};
const rss = {};
const codes = {};
const load = [loadavg()[0]];
for (let i = 0; i < runs; i++) {
  for (const name of names) {
    const r = measure('/dev/null', cases[name]);
    if (r.code !== 0 && r.code !== 1) throw new Error(`${cases[name].join(' ')}: exit ${r.code}`);
    best[name] = Math.min(best[name] ?? Infinity, r.seconds);
    cpu[name] = Math.min(cpu[name] ?? Infinity, r.cpu);
    rss[name] = Math.max(rss[name] ?? 0, r.maxrss);
    codes[name] = r.code;
  }
  load.push(loadavg()[0]);
}
console.log(`Files: ${log} (${mb(statSync(log).size)}) and ${mailbox} (${mb(statSync(mailbox).size)}); best of ${runs}; load average ${load.map((l) => l.toFixed(2)).join(' -> ')}`);
for (const name of names) {
  const ratio = name === 'perl collate.pl' ? '' : `  ${(best['perl collate.pl'] / best[name]).toFixed(1)}x faster than collate.pl (CPU ${(cpu['perl collate.pl'] / cpu[name]).toFixed(1)}x)`;
  console.log(`${name.padEnd(34)} ${best[name].toFixed(2).padStart(7)} s  CPU ${cpu[name].toFixed(2).padStart(6)} s  peak ${mb(rss[name]).padStart(7)}  exit ${codes[name]}${ratio}`);
}
