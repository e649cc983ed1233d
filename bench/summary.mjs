#!/usr/bin/env node
// Benchmark for issue 7, in one run on the same generated log: `dist/cli.js summary` against
// `perl collate.pl` (the reference everyone has) and against `cat FILE > /dev/null` from cache;
// the language server's disk index of the same file (zimbraLogs/openLarge over stdio); then the
// same for a .gz of about --gz-size. Wall time (best of --runs) and peak RSS of each.
//
//   npm run build && node bench/summary.mjs [--size 1G] [--gz-size 200M] [--runs 1]
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { collatePl, generated, mb as megabytes, measure, opt, peakRss, startServer } from './lib.mjs';

const size = opt('size', '1G');
const gzSize = opt('gz-size', '200M');
const runs = Number(opt('runs', '1'));
const log = generated(`bench/data/zimbra-${size}.log`, size);
const pl = collatePl();
const mb = (b) => megabytes(b, 1);

function best(cmd) {
  let r = { seconds: Infinity, maxrss: 0 };
  for (let i = 0; i < runs; i++) {
    const m = measure('/dev/null', cmd);
    if (m.code !== 0) throw new Error(`${cmd.join(' ')} exited with ${m.code}`);
    r = { seconds: Math.min(r.seconds, m.seconds), maxrss: Math.max(r.maxrss, m.maxrss) };
  }
  return r;
}

/** The server's disk index: time of zimbraLogs/openLarge, and the server's peak RSS (VmHWM). */
async function serverIndex(file) {
  const { proc, conn: c } = await startServer();
  const t0 = performance.now();
  const r = await c.sendRequest('zimbraLogs/openLarge', { uri: pathToFileURL(file).toString(), path: file, maxSize: 2 ** 40 });
  const seconds = (performance.now() - t0) / 1000;
  const hwm = peakRss(proc.pid);
  await c.sendRequest('shutdown');
  await c.sendNotification('exit');
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  c.dispose();
  return { seconds, maxrss: hwm, lines: r.lines, transactions: r.transactions, problems: r.problems };
}

async function report(file, withPerl) {
  const bytes = statSync(file).size;
  console.log(`\nfile: ${file} (${mb(bytes)})`);
  execFileSync('sh', ['-c', `cat '${file}' > /dev/null`]); // into the page cache
  const cat = best(['sh', '-c', `cat '${file}' > /dev/null`]);
  const summary = best([process.execPath, 'dist/cli.js', 'summary', '--json', file]);
  console.log(`cat > /dev/null:        ${cat.seconds.toFixed(3)} s${file.endsWith('.gz') ? ' (of the compressed file)' : ''}`);
  console.log(`zimbra-logs summary:    ${summary.seconds.toFixed(3)} s, peak ${mb(summary.maxrss)}, ${(bytes / summary.seconds / 1048576).toFixed(0)} MB/s = ${((cat.seconds / summary.seconds) * 100).toFixed(1)}% of cat's throughput`);
  if (withPerl) {
    const perl = best(file.endsWith('.gz') ? ['sh', '-c', `gzip -dc '${file}' | perl ${pl}`] : ['perl', pl, file]);
    console.log(`${file.endsWith('.gz') ? 'gzip -dc | perl collate.pl' : 'perl collate.pl:       '} ${perl.seconds.toFixed(3)} s, peak ${mb(perl.maxrss)}`);
    console.log(`summary vs collate.pl:  ${(perl.seconds / summary.seconds).toFixed(1)} x faster`);
  }
  const s = await serverIndex(file);
  console.log(`server disk index:      ${s.seconds.toFixed(3)} s, server peak ${mb(s.maxrss)} (${s.lines} lines, ${s.transactions} transactions, ${s.problems} problems)`);
}

await report(log, true);
const gzLog = `bench/data/zimbra-${gzSize}.log`;
const gz = `${gzLog}.gz`;
if (!existsSync(gz)) {
  generated(gzLog, gzSize);
  await pipeline(createReadStream(gzLog), createGzip({ level: 6 }), createWriteStream(gz));
}
await report(gz, true);
