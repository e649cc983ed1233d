#!/usr/bin/env node
// Benchmark: "Show Account Activity" over a folder of logs made by bench/generate.mjs (an MTA
// zimbra.log of --size, default 500M, its first quarter rotated to zimbra.log.1.gz, and the
// mailbox.log side), through the language server exactly as the extension asks it
// (zimbraLogs/activity over stdio). Prints the best wall time of --runs for each query, the
// entries found, the document's size and the server's peak memory.
//
//   npm run build && node bench/activity.mjs [--size 500M] [--runs 3] [--query bob@example.com] [--query 192.0.2.10]
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, closeSync, openSync, readSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import rpc from 'vscode-languageserver-protocol/node.js';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
const size = opt('size', '500M');
const runs = Number(opt('runs', '3'));
const queries = args.flatMap((a, i) => (a === '--query' ? [args[i + 1]] : []));
if (!queries.length) queries.push('bob@example.com', '192.0.2.10');
const dir = resolve(`bench/data/activity-${size}`);
mkdirSync(dir, { recursive: true });

if (!existsSync(`${dir}/zimbra.log`) || !existsSync(`${dir}/mailbox.log`)) {
  const whole = `${dir}/generated.log`;
  if (!existsSync(whole) || !existsSync(`${dir}/mailbox.log`)) execFileSync(process.execPath, ['bench/generate.mjs', '--size', size, '--out', whole, '--mailbox', `${dir}/mailbox.log`], { stdio: 'inherit' });
  // The first quarter, cut at a line end, becomes the rotated zimbra.log.1.gz.
  const total = statSync(whole).size;
  const fd = openSync(whole, 'r');
  const buf = Buffer.alloc(1 << 16);
  let cut = Math.floor(total / 4);
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, cut);
    const nl = buf.subarray(0, got).indexOf(10);
    if (nl >= 0) {
      cut += nl + 1;
      break;
    }
    cut += got;
  }
  closeSync(fd);
  await pipeline(createReadStream(whole, { start: 0, end: cut - 1 }), createGzip({ level: 1 }), createWriteStream(`${dir}/zimbra.log.1.gz`));
  await pipeline(createReadStream(whole, { start: cut }), createWriteStream(`${dir}/zimbra.log.tmp`));
  renameSync(`${dir}/zimbra.log.tmp`, `${dir}/zimbra.log`);
  execFileSync('rm', ['-f', whole]);
}
const files = ['zimbra.log.1.gz', 'zimbra.log', 'mailbox.log'].map((f) => `${dir}/${f}`);
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const mb = (n) => (n / 1048576).toFixed(0);

const proc = spawn(process.execPath, ['dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
conn.listen();
await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
await conn.sendNotification(rpc.InitializedNotification.type, {});
const activity = new rpc.RequestType('zimbraLogs/activity');

/** Peak resident memory of the server so far (VmHWM), in MB. */
const peak = () => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
};

console.log(`logs: ${files.map((f) => f.slice(dir.length + 1)).join(', ')} = ${mb(bytes)} MB on disk (zimbra.log.1.gz holds a quarter of the MTA log, compressed)`);
for (const query of queries) {
  let best = Infinity;
  let r;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    r = await conn.sendRequest(activity, { folder: pathToFileURL(dir).toString(), query });
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`activity of ${query}: best of ${runs}: ${(best / 1000).toFixed(2)} s; ${r.entries} entries, ${r.links.length} links, document ${mb(Buffer.byteLength(r.text))} MB${r.truncated ? ' (truncated)' : ''}`);
}
console.log(`server peak memory: ${peak().toFixed(0)} MB`);
await conn.sendRequest(rpc.ShutdownRequest.type);
await conn.sendNotification(rpc.ExitNotification.type);
conn.dispose();
