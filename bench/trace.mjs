#!/usr/bin/env node
// Benchmark of trace, in one run, on logs made by bench/generate.mjs:
//
// 1. `node dist/cli.js trace MESSAGE-ID zimbra.log` against the seed's way on the same input,
//    `perl collate.pl zimbra.log | perl -00 -ne 'print if /\Q<msgid>\E/'`, alternating, best of
//    --runs each: the speed ratio and both peak memories (the trace's output is checked: the
//    message's path is found); then the trace with the mailbox.log too (the whole path, into the
//    mailbox), which collate.pl cannot follow;
// 2. the language server (dist/server.js over stdio, flags as the extension starts it): a first
//    zimbraLogs/trace of the folder (indexes it), then a second trace of another message of the
//    same folder (answered from the kept index), and the server's peak memory.
//
//   npm run build && node bench/trace.mjs [--size 1G] [--runs 3] [--log FILE --mailbox FILE]
//   (--rotated: the log split into zimbra.log.3.gz .. zimbra.log, as a week of rotated logs is)
import { closeSync, copyFileSync, createReadStream, createWriteStream, existsSync, linkSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { collatePl as writeCollatePl, cuts, flag, generated, mb, measure as measured, opt, peakRss, startServer } from './lib.mjs';

const size = opt('size', '1G');
const runs = Number(opt('runs', '3'));
const rotated = flag('rotated');
const dir = path.resolve(`bench/data/trace-${size}${rotated ? '-rotated' : ''}`);
mkdirSync(dir, { recursive: true });
const mailbox = path.join(dir, 'mailbox.log');
const whole = path.join(dir, rotated ? 'generated.log' : 'zimbra.log');
const parts = rotated ? ['zimbra.log.3.gz', 'zimbra.log.2.gz', 'zimbra.log.1', 'zimbra.log'].map((f) => path.join(dir, f)) : [whole];

function link(from, to) {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

if (opt('log')) {
  link(path.resolve(opt('log')), whole);
  link(path.resolve(opt('mailbox')), mailbox);
} else {
  generated(whole, size, mailbox);
}
if (rotated && !parts.every(existsSync)) {
  const c = cuts(whole, parts.length);
  for (let i = 0; i < parts.length; i++) {
    const src = createReadStream(whole, { start: c[i], end: c[i + 1] - 1 });
    if (parts[i].endsWith('.gz')) await pipeline(src, createGzip({ level: 1 }), createWriteStream(parts[i]));
    else await pipeline(src, createWriteStream(parts[i]));
  }
}

/** Two Message-IDs of messages delivered over LMTP, from 40% and 70% through the log. */
function messageIds() {
  const fd = openSync(whole, 'r');
  const total = statSync(whole).size;
  const ids = [];
  for (const at of [0.4, 0.7]) {
    const buf = Buffer.alloc(1 << 20);
    const got = readSync(fd, buf, 0, buf.length, Math.floor(total * at));
    const found = [...buf.subarray(0, got).toString('latin1').matchAll(/postfix\/cleanup\[\d+\]: \w+: message-id=(<[^>]+@(?:partner\.org|gmail\.com|outlook\.com|yahoo\.com|supplier\.net)>)/g)].map((m) => m[1]);
    ids.push(found[Math.floor(found.length / 2)]);
  }
  closeSync(fd);
  return ids;
}
const [query, second] = messageIds();
const collatePl = writeCollatePl(path.join(dir, 'collate.pl'));
const files = [...parts, mailbox];
const measure = (cmd, out = '/dev/null') => measured(out, cmd, { ...process.env, Q: query });
const perlCmd = rotated
  ? `(gzip -dc ${parts.slice(0, 2).join(' ')}; cat ${parts.slice(2).join(' ')}) | perl ${collatePl} | perl -00 -ne 'BEGIN { $q = $ENV{Q} } print if /\\Q$q\\E/'`
  : `perl ${collatePl} ${whole} | perl -00 -ne 'BEGIN { $q = $ENV{Q} } print if /\\Q$q\\E/'`;

console.log(`files: ${files.map((f) => `${path.basename(f)} (${mb(statSync(f).size)})`).join(', ')}`);
console.log(`query: ${query}`);
let bestTrace = Infinity;
let bestPerl = Infinity;
let bestWhole = Infinity;
let traceRss = 0;
let perlRss = 0;
let wholeRss = 0;
const out = path.join(dir, 'trace.out');
for (let i = 0; i < runs; i++) {
  const w = measure([process.execPath, 'dist/cli.js', 'trace', query, ...files], out);
  if (w.code !== 0) throw new Error(`trace exited with ${w.code}`);
  bestWhole = Math.min(bestWhole, w.seconds);
  wholeRss = Math.max(wholeRss, w.maxrss);
  const t = measure([process.execPath, 'dist/cli.js', 'trace', query, ...parts], path.join(dir, 'trace-mta.out'));
  if (t.code !== 0) throw new Error(`trace exited with ${t.code}`);
  bestTrace = Math.min(bestTrace, t.seconds);
  traceRss = Math.max(traceRss, t.maxrss);
  const p = measure(['bash', '-c', perlCmd], path.join(dir, 'perl.out'));
  bestPerl = Math.min(bestPerl, p.seconds);
  perlRss = Math.max(perlRss, p.maxrss);
  console.log(`  run ${i + 1}: trace ${t.seconds.toFixed(2)} s, collate.pl | perl -00 ${p.seconds.toFixed(2)} s (${(p.seconds / t.seconds).toFixed(1)}x); with the mailbox.log ${w.seconds.toFixed(2)} s`);
}
const text = readFileSync(out, 'utf8');
const pathLine = text.split('\n').find((l) => l.startsWith('Path: '));
const mtaPath = readFileSync(path.join(dir, 'trace-mta.out'), 'utf8').split('\n').find((l) => l.startsWith('Path: '));
if (!pathLine || !mtaPath || !readFileSync(path.join(dir, 'perl.out'), 'utf8').includes(query)) throw new Error('the message was not found');
console.log(mtaPath);
console.log(`CLI trace of the MTA log: ${bestTrace.toFixed(2)} s, peak ${mb(traceRss)}; collate.pl | perl -00 on it: ${bestPerl.toFixed(2)} s, peak ${mb(perlRss)} (largest process); ${(bestPerl / bestTrace).toFixed(1)}x faster`);
console.log(pathLine);
console.log(`CLI trace with the mailbox.log (${files.length} files): ${bestWhole.toFixed(2)} s, peak ${mb(wholeRss)}; ${(bestPerl / bestWhole).toFixed(1)}x collate.pl's time on the MTA log alone`);

// The language server: a first trace of the folder, then a second one.
const { proc, conn } = await startServer(['--optimize-for-size'], { rootUri: pathToFileURL(dir).toString(), capabilities: {} });
const folder = pathToFileURL(dir).toString();
const timed = async (q) => {
  const t0 = performance.now();
  const r = await conn.sendRequest('zimbraLogs/trace', { query: q, folder });
  if (!r.messages) throw new Error(`the server found no message for ${q}`);
  return performance.now() - t0;
};
const first = await timed(query);
const seconds = [];
for (let i = 0; i < 5; i++) seconds.push(await timed(i % 2 ? query : second));
const peak = peakRss(proc.pid);
console.log(`language server: first trace of the folder ${(first / 1000).toFixed(2)} s (indexing it), next traces ${seconds.map((s) => s.toFixed(0)).join(', ')} ms (best ${Math.min(...seconds).toFixed(0)} ms); peak ${mb(peak)}`);
await conn.sendRequest('shutdown');
conn.sendNotification('exit');
proc.kill();
