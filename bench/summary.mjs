#!/usr/bin/env node
// Benchmark for issue 7, in one run on the same generated log: `dist/cli.js summary` against
// `perl collate.pl` (the reference everyone has) and against `cat FILE > /dev/null` from cache;
// the language server's disk index of the same file (zimbraLogs/openLarge over stdio); then the
// same for a .gz of about --gz-size. Wall time (best of --runs) and peak RSS of each.
//
//   npm run build && node bench/summary.mjs [--size 1G] [--gz-size 200M] [--runs 1]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync, createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { collatePlSource } from '../scripts/collate-pl.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const args = process.argv.slice(2);
const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
const size = opt('size', '1G');
const gzSize = opt('gz-size', '200M');
const runs = Number(opt('runs', '1'));
mkdirSync('bench/data', { recursive: true });
const log = `bench/data/zimbra-${size}.log`;
if (!existsSync(log)) execFileSync(process.execPath, ['bench/generate.mjs', '--size', size, '--out', log], { stdio: 'inherit' });
const pl = 'bench/data/collate.pl';
writeFileSync(pl, collatePlSource());

const measure = (cmd) => JSON.parse(execFileSync('python3', ['bench/measure.py', '/dev/null', ...cmd], { encoding: 'utf8' }));
const mb = (b) => (b / 1048576).toFixed(1) + ' MB';

function best(cmd) {
  let r = { seconds: Infinity, maxrss: 0 };
  for (let i = 0; i < runs; i++) {
    const m = measure(cmd);
    if (m.code !== 0) throw new Error(`${cmd.join(' ')} exited with ${m.code}`);
    r = { seconds: Math.min(r.seconds, m.seconds), maxrss: Math.max(r.maxrss, m.maxrss) };
  }
  return r;
}

/** The server's disk index: time of zimbraLogs/openLarge, and the server's peak RSS (VmHWM). */
async function serverIndex(file) {
  const proc = spawn(process.execPath, ['dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  c.listen();
  await c.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  c.sendNotification('initialized', {});
  const t0 = performance.now();
  const r = await c.sendRequest('zimbraLogs/openLarge', { uri: pathToFileURL(file).toString(), path: file, maxSize: 2 ** 40 });
  const seconds = (performance.now() - t0) / 1000;
  const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) * 1024;
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
  if (!existsSync(gzLog)) execFileSync(process.execPath, ['bench/generate.mjs', '--size', gzSize, '--out', gzLog], { stdio: 'inherit' });
  await pipeline(createReadStream(gzLog), createGzip({ level: 6 }), createWriteStream(gz));
}
await report(gz, true);
