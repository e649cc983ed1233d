#!/usr/bin/env node
// Benchmark: "Show Account Activity" over a folder of logs made by bench/generate.mjs (an MTA
// zimbra.log of --size, default 500M, its first quarter rotated to zimbra.log.1.gz, and the
// mailbox.log side), through the language server exactly as the extension asks it
// (zimbraLogs/activity over stdio). Prints the best wall time of --runs for each query, the
// entries found, the document's size and the server's peak memory.
//
//   npm run build && node bench/activity.mjs [--size 500M] [--runs 3] [--query bob@example.com] [--query 192.0.2.10]
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import rpc from 'vscode-languageserver-protocol/node.js';
import { args, cuts, generated, opt, peakRss, startServer } from './lib.mjs';

const size = opt('size', '500M');
const runs = Number(opt('runs', '3'));
const queries = args.flatMap((a, i) => (a === '--query' ? [args[i + 1]] : []));
if (!queries.length) queries.push('bob@example.com', '192.0.2.10');
const dir = resolve(`bench/data/activity-${size}`);
mkdirSync(dir, { recursive: true });

if (!existsSync(`${dir}/zimbra.log`) || !existsSync(`${dir}/mailbox.log`)) {
  const whole = `${dir}/generated.log`;
  generated(whole, size, `${dir}/mailbox.log`);
  // The first quarter, cut at a line end, becomes the rotated zimbra.log.1.gz.
  const cut = cuts(whole, 4)[1];
  await pipeline(createReadStream(whole, { start: 0, end: cut - 1 }), createGzip({ level: 1 }), createWriteStream(`${dir}/zimbra.log.1.gz`));
  await pipeline(createReadStream(whole, { start: cut }), createWriteStream(`${dir}/zimbra.log.tmp`));
  renameSync(`${dir}/zimbra.log.tmp`, `${dir}/zimbra.log`);
  rmSync(whole, { force: true });
}
const files = ['zimbra.log.1.gz', 'zimbra.log', 'mailbox.log'].map((f) => `${dir}/${f}`);
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
const mb = (n) => (n / 1048576).toFixed(0);

const { proc, conn } = await startServer();
const activity = new rpc.RequestType('zimbraLogs/activity');

/** Peak resident memory of the server so far (VmHWM), in MB. */
const peak = () => {
  try {
    return peakRss(proc.pid) / 1048576;
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
