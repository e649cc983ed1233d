#!/usr/bin/env node
// Benchmark: `node dist/cli.js accounts --json` (the account report) against `perl collate.pl` on
// the same MTA log, in one run, alternating the two (best of --runs each). Prints both times, the
// speed ratio, both peak RSS values and how many accounts were flagged; with --mailbox, also the
// report over the MTA log and its mailbox.log together (what a folder holds).
//
//   npm run build && node bench/accounts.mjs [--size 500M] [--runs 3]
//   npm run build && node bench/accounts.mjs --log /work/data/1g.log --mailbox /work/data/1g-mailbox.log --runs 1
//
// --cli FILE runs another build of the CLI (e.g. an older revision's dist/cli.js) in place of dist/cli.js.
// Without --log, bench/data/zimbra-SIZE.log and its mailbox.log are made by bench/generate.mjs.
import { readFileSync, statSync } from 'node:fs';
import { collatePl, flag, generated, mb, measure, opt } from './lib.mjs';

const size = opt('size', '500M');
const runs = Number(opt('runs', '3'));
const mailbox = opt('mailbox', flag('log') ? undefined : `bench/data/zimbra-${size}-mailbox.log`);
const log = generated(opt('log', `bench/data/zimbra-${size}.log`), size, mailbox);
const pl = collatePl();

const cli = opt('cli', 'dist/cli.js');
const cases = { perl: ['perl', pl, log], accounts: [process.execPath, cli, 'accounts', '--json', log] };
if (mailbox) cases.withMailbox = [process.execPath, cli, 'accounts', '--json', mailbox, log];
const best = {};
const rss = {};
const outputs = {};
for (let i = 0; i < runs; i++) {
  for (const [name, cmd] of Object.entries(cases)) {
    const out = name === 'perl' ? '/dev/null' : `bench/data/accounts-${name}.json`;
    const r = measure(out, cmd);
    // accounts exits 1 when some account is flagged.
    if (r.code !== 0 && !(name !== 'perl' && r.code === 1)) throw new Error(`${cmd.join(' ')}: exit ${r.code}`);
    best[name] = Math.min(best[name] ?? Infinity, r.seconds);
    rss[name] = Math.max(rss[name] ?? 0, r.maxrss);
    if (name !== 'perl') outputs[name] = JSON.parse(readFileSync(out, 'utf8'));
  }
}
const what = (name) => {
  const o = outputs[name];
  return `${o.accounts.length} accounts, ${o.accounts.filter((a) => a.flagged).length} flagged`;
};
console.log(`CLI: ${cli}; MTA log: ${log} (${mb(statSync(log).size)})${mailbox ? `, mailbox.log: ${mailbox} (${mb(statSync(mailbox).size)})` : ''}; best of ${runs}`);
console.log(`perl collate.pl LOG:             ${best.perl.toFixed(2)} s, peak ${mb(rss.perl)}`);
console.log(`zimbra-logs accounts LOG:        ${best.accounts.toFixed(2)} s, peak ${mb(rss.accounts)} (${what('accounts')})`);
console.log(`speed-up over collate.pl: ${(best.perl / best.accounts).toFixed(1)} x`);
if (mailbox) console.log(`zimbra-logs accounts MAILBOX LOG: ${best.withMailbox.toFixed(2)} s, peak ${mb(rss.withMailbox)} (${what('withMailbox')}), ${(best.perl / best.withMailbox).toFixed(1)} x collate.pl's time on LOG alone`);
