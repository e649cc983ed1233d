#!/usr/bin/env node
// Benchmark: `node dist/cli.js collate` against `perl collate.pl` on the same generated log, in one
// run, alternating the two (best of N each), checking that both print the same bytes.
// Prints the speed ratio and each one's peak memory against the file size, and how much of the
// CLI's time is Node's own start-up (node -e 0).
//
//   npm run build && node bench/collate.mjs [--size 50M] [--runs 3]
import { statSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { collatePl, generated, mb as megabytes, measure, opt } from './lib.mjs';

const size = opt('size', '50M');
const runs = Number(opt('runs', '3'));
const log = generated(`bench/data/zimbra-${size}.log`, size);
const pl = collatePl();

// NODE_EXTRA_CA_CERTS (set on some machines, this project's sandbox among them) makes every Node
// process parse that certificate file before running any code: 35 ms here, a sixth of a collate
// run, for certificates the CLI never uses. When it is set, the CLI is also timed without it.
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
const plainEnv = { ...process.env };
delete plainEnv.NODE_EXTRA_CA_CERTS;
const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

const bytes = statSync(log).size;
const best = { node: Infinity, perl: Infinity, startup: Infinity, plain: Infinity, plainStartup: Infinity };
const rss = { node: 0, perl: 0 };
for (let i = 0; i < runs; i++) {
  const n = measure('bench/data/out-node.txt', [process.execPath, 'dist/cli.js', 'collate', log]);
  const p = measure('bench/data/out-perl.txt', ['perl', pl, log]);
  best.node = Math.min(best.node, n.seconds);
  best.perl = Math.min(best.perl, p.seconds);
  // Node's own start-up, a fixed cost of every run of the CLI.
  best.startup = Math.min(best.startup, measure('/dev/null', [process.execPath, '-e', '0']).seconds);
  if (extraCerts) {
    best.plain = Math.min(best.plain, measure('/dev/null', [process.execPath, 'dist/cli.js', 'collate', log], plainEnv).seconds);
    best.plainStartup = Math.min(best.plainStartup, measure('/dev/null', [process.execPath, '-e', '0'], plainEnv).seconds);
  }
  rss.node = Math.max(rss.node, n.maxrss);
  rss.perl = Math.max(rss.perl, p.maxrss);
}
const same = sha('bench/data/out-node.txt') === sha('bench/data/out-perl.txt');
const mb = (b) => megabytes(b, 1);
console.log(`file: ${log} (${mb(bytes)}), best of ${runs}`);
console.log(`perl collate.pl:    ${best.perl.toFixed(3)} s, peak ${mb(rss.perl)}`);
console.log(`zimbra-logs collate: ${best.node.toFixed(3)} s, peak ${mb(rss.node)} (${(rss.node / bytes).toFixed(2)} x file size)`);
console.log(`speed-up: ${(best.perl / best.node).toFixed(1)} x; output identical: ${same}`);
console.log(`node's start-up alone (node -e 0): ${best.startup.toFixed(3)} s; collation itself ${(best.node - best.startup).toFixed(3)} s (${(best.perl / (best.node - best.startup)).toFixed(1)} x perl's whole run)`);
if (extraCerts) {
  console.log(`without NODE_EXTRA_CA_CERTS (set here to ${extraCerts}): ${best.plain.toFixed(3)} s, speed-up ${(best.perl / best.plain).toFixed(1)} x; node -e 0 ${best.plainStartup.toFixed(3)} s`);
}
if (!same) process.exitCode = 1;
