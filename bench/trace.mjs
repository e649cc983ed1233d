#!/usr/bin/env node
// Benchmark: `node dist/cli.js trace MESSAGE-ID` through a set of logs made by bench/generate.mjs:
// one generated MTA log (--size, default 200M) split at line ends into a rotated timeline
// (zimbra.log.3.gz, zimbra.log.2.gz, zimbra.log.1, zimbra.log) plus the matching mailbox.log.
// Traces one inbound Message-ID from the middle of the timeline; prints the best wall time of
// --runs, the peak memory and the path found.
//
//   npm run build && node bench/trace.mjs [--size 200M] [--runs 3]
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync, readFileSync, createReadStream, createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';

const args = process.argv.slice(2);
const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
const size = opt('size', '200M');
const runs = Number(opt('runs', '3'));
const dir = `bench/data/trace-${size}`;
mkdirSync(dir, { recursive: true });
const whole = `${dir}/generated.log`;
const mailbox = `${dir}/mailbox.log`;
const parts = [`${dir}/zimbra.log.3.gz`, `${dir}/zimbra.log.2.gz`, `${dir}/zimbra.log.1`, `${dir}/zimbra.log`];

/** Byte offsets that cut `file` into `n` parts at line ends. */
function cuts(file, n) {
  const total = statSync(file).size;
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 16);
  const out = [0];
  for (let i = 1; i < n; i++) {
    let at = Math.floor((total * i) / n);
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, at);
      const nl = buf.subarray(0, got).indexOf(10);
      if (nl >= 0) {
        out.push(at + nl + 1);
        break;
      }
      at += got;
    }
  }
  closeSync(fd);
  out.push(total);
  return out;
}

if (!parts.every(existsSync) || !existsSync(mailbox)) {
  execFileSync(process.execPath, ['bench/generate.mjs', '--size', size, '--out', whole, '--mailbox', mailbox], { stdio: 'inherit' });
  const c = cuts(whole, parts.length);
  for (let i = 0; i < parts.length; i++) {
    const src = createReadStream(whole, { start: c[i], end: c[i + 1] - 1 });
    if (parts[i].endsWith('.gz')) await pipeline(src, createGzip({ level: 1 }), createWriteStream(parts[i]));
    else await pipeline(src, createWriteStream(parts[i]));
  }
  // The Message-ID to trace: an inbound message delivered over LMTP, from the middle of the timeline.
  const fd = openSync(whole, 'r');
  const mid = Buffer.alloc(1 << 20);
  const got = readSync(fd, mid, 0, mid.length, Math.floor(statSync(whole).size * 0.4));
  closeSync(fd);
  const text = mid.subarray(0, got).toString('latin1');
  const mailboxIds = new Set();
  const ids = [...text.matchAll(/postfix\/cleanup\[\d+\]: \w+: message-id=(<[^>]+@(?:partner\.org|gmail\.com|outlook\.com|yahoo\.com|supplier\.net)>)/g)].map((m) => m[1]);
  void mailboxIds;
  writeFileSync(`${dir}/query.txt`, ids[Math.floor(ids.length / 2)] ?? '');
  execFileSync('rm', ['-f', whole]);
}
const query = readFileSync(`${dir}/query.txt`, 'utf8').trim();
const files = [...parts, mailbox];
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);

function measure(cmd) {
  return JSON.parse(execFileSync('python3', ['bench/measure.py', `${dir}/out.txt`, ...cmd], { encoding: 'utf8' }));
}
let best = Infinity;
let rss = 0;
for (let i = 0; i < runs; i++) {
  const r = measure([process.execPath, 'dist/cli.js', 'trace', query, ...files]);
  if (r.code !== 0) throw new Error(`trace exited with ${r.code}`);
  best = Math.min(best, r.seconds);
  rss = Math.max(rss, r.maxrss);
}
const mb = (b) => (b / 1048576).toFixed(1) + ' MB';
const out = readFileSync(`${dir}/out.txt`, 'utf8');
console.log(`files: ${files.map((f) => `${f.split('/').pop()} (${mb(statSync(f).size)})`).join(', ')}; ${mb(bytes)} on disk`);
console.log(`query: ${query}`);
console.log(out.split('\n').filter((l) => l.startsWith('Path: ')).join('\n'));
console.log(`trace: ${best.toFixed(3)} s (best of ${runs}), peak ${mb(rss)}`);
