#!/usr/bin/env node
// The hostile-log reproductions of issue 19 that are about size and time, in one run (the CLI of
// this build, dist/cli.js): for each, exit code, seconds, peak memory (RSS) and the stderr lines.
// - item 3: a line over 512 MB (600 MB of one letter) in front of the sample zimbra.log, through
//   collate, trace, summary and accounts;
// - item 4: the sample zimbra.log repeated 40 and 4,000 times (queue IDs reused all through it):
//   trace against collate, best of --runs.
//
//   npm run build && node bench/hostile.mjs [--runs 3] [--only long|reuse]
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { opt } from './lib.mjs';

const runs = Number(opt('runs', '3'));
const only = opt('only', '');
const cli = path.resolve('dist/cli.js');
const measure = path.resolve('bench/measure.py');
mkdirSync('bench/data', { recursive: true });
const sample = readFileSync('samples/zimbra.log');

/** Runs the CLI on `argv`: exit code, seconds, peak RSS (MB), stderr's lines. */
function run(argv) {
  const r = spawnSync('python3', [measure, '/dev/null', process.execPath, cli, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const m = JSON.parse(r.stdout.trim().split('\n').pop());
  const err = r.stderr.split('\n').filter(Boolean);
  return { code: m.code, seconds: m.seconds, mb: Math.round(m.maxrss / 1048576), stderr: err };
}

async function longLineLog() {
  const file = path.resolve('bench/data/long-line.log');
  if (existsSync(file)) return file;
  const out = createWriteStream(file);
  const block = Buffer.alloc(1 << 20, 'a');
  for (let i = 0; i < 600; i++) if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  out.write('\n');
  out.write(sample);
  await new Promise((r) => out.end(r));
  return file;
}

function repeated(n) {
  const file = path.resolve(`bench/data/rep${n}.log`);
  if (!existsSync(file)) writeFileSync(file, Buffer.concat(Array(n).fill(sample)));
  return file;
}

if (!only || only === 'long') {
  const file = await longLineLog();
  console.log('item 3: a 600 MB line, then the sample zimbra.log');
  for (const argv of [['collate', file], ['trace', 'backup@example.com', file], ['summary', file], ['accounts', file]]) {
    const r = run(argv);
    console.log(`  ${argv[0].padEnd(8)} exit ${r.code}  ${r.seconds.toFixed(1)} s  ${r.mb} MB  stderr: ${r.stderr.length} line(s)${r.stderr.length ? ' ' + JSON.stringify(r.stderr[0].slice(0, 160)) : ''}`);
  }
}
if (!only || only === 'reuse') {
  console.log('item 4: the sample zimbra.log repeated (queue IDs reused)');
  for (const n of [40, 4000]) {
    const file = repeated(n);
    const best = (argv) => {
      let b;
      for (let i = 0; i < runs; i++) {
        const r = run(argv);
        if (!b || r.seconds < b.seconds) b = r;
      }
      return b;
    };
    const c = best(['collate', file]);
    const t = best(['trace', 'backup@example.com', file]);
    console.log(`  x${n} (${(sample.length * n / 1e6).toFixed(1)} MB): collate ${c.seconds.toFixed(2)} s ${c.mb} MB, trace ${t.seconds.toFixed(2)} s ${t.mb} MB (exit ${t.code}): trace/collate ${(t.seconds / c.seconds).toFixed(2)}`);
  }
}
