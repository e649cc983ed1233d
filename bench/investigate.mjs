#!/usr/bin/env node
// Benchmark: each investigation subcommand (activity, restarts, changes, logins, redact) over an MTA
// log and a mailbox.log together, against `perl collate.pl` on the same files, in one run: each
// case's best wall time of --runs, its ratio to collate.pl's best, its peak RSS and exit status.
//
//   npm run build && node bench/investigate.mjs --log /work/data/1g.log --mailbox /work/data/1g-mailbox.log --runs 1
//   npm run build && node bench/investigate.mjs [--size 200M] [--runs 2] [--account judy@example.com] [--address 203.0.113.107] [--only logins] [--skip redact]
//
// Without --log, bench/data/zimbra-SIZE.log and its mailbox.log are made by bench/generate.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { collatePlSource } from '../scripts/collate-pl.mjs';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
const size = opt('size', '200M');
const runs = Number(opt('runs', '2'));
mkdirSync('bench/data', { recursive: true });
const log = opt('log', `bench/data/zimbra-${size}.log`);
const mailbox = opt('mailbox', `bench/data/zimbra-${size}-mailbox.log`);
if (!existsSync(log) || !existsSync(mailbox)) execFileSync(process.execPath, ['bench/generate.mjs', '--size', size, '--out', log, '--mailbox', mailbox], { stdio: 'inherit' });
const pl = 'bench/data/collate.pl';
const source = collatePlSource();
if (!source) throw new Error('collate.pl not found (the seed article is in ../shared/seed)');
writeFileSync(pl, source);

/** Wall seconds, peak RSS (bytes) and exit status of one command, its stdout to `out` (bench/measure.py). */
const measure = (out, cmd) => JSON.parse(execFileSync('python3', ['bench/measure.py', out, ...cmd], { encoding: 'utf8' }));

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
const rss = {};
const codes = {};
const load = [loadavg()[0]];
for (let i = 0; i < runs; i++) {
  for (const name of names) {
    const r = measure('/dev/null', cases[name]);
    if (r.code !== 0 && r.code !== 1) throw new Error(`${cases[name].join(' ')}: exit ${r.code}`);
    best[name] = Math.min(best[name] ?? Infinity, r.seconds);
    rss[name] = Math.max(rss[name] ?? 0, r.maxrss);
    codes[name] = r.code;
  }
  load.push(loadavg()[0]);
}
const mb = (b) => (b / 1048576).toFixed(0) + ' MB';
console.log(`Files: ${log} (${mb(statSync(log).size)}) and ${mailbox} (${mb(statSync(mailbox).size)}); best of ${runs}; load average ${load.map((l) => l.toFixed(2)).join(' -> ')}`);
for (const name of names) {
  const ratio = name === 'perl collate.pl' ? '' : `  ${(best['perl collate.pl'] / best[name]).toFixed(1)}x faster than collate.pl`;
  console.log(`${name.padEnd(34)} ${best[name].toFixed(2).padStart(7)} s  peak ${mb(rss[name]).padStart(7)}  exit ${codes[name]}${ratio}`);
}
