#!/usr/bin/env node
// Benchmark: this tree's `collate` against another revision's, in one run on the same generated
// log, alternating the two, so that a change's effect shows through this shared machine's swings.
// The other revision is built in a temporary git worktree (removed at the end).
//
//   npm run build && node bench/compare.mjs REV [--size 50M] [--runs 11]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { args, generated, measure, opt } from './lib.mjs';

const rev = args[0];
if (!rev || rev.startsWith('--')) {
  console.error('usage: node bench/compare.mjs REV [--size 50M] [--runs 11]');
  process.exit(2);
}
const size = opt('size', '50M');
const runs = Number(opt('runs', '11'));
const log = `bench/data/zimbra-${size}.log`;
generated(log, size);

const dir = mkdtempSync(join(tmpdir(), 'zimbra-logs-compare-'));
const other = join(dir, 'tree');
try {
  execFileSync('git', ['worktree', 'add', '--detach', '-q', other, rev], { stdio: 'inherit' });
  symlinkSync(resolve('node_modules'), join(other, 'node_modules'));
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: other, stdio: 'inherit' });
  const clis = { [rev]: join(other, 'dist', 'cli.js'), 'this tree': resolve('dist', 'cli.js') };
  const times = Object.fromEntries(Object.keys(clis).map((k) => [k, []]));
  const digests = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, cli] of Object.entries(clis)) {
      const out = join(dir, 'out.txt');
      const r = measure(out, [process.execPath, cli, 'collate', log]);
      times[name].push(r.seconds);
      digests[name] = createHash('sha256').update(readFileSync(out)).digest('hex');
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(`file: ${log}, ${runs} runs each, alternating`);
  for (const [name, t] of Object.entries(times)) {
    console.log(`${name.padEnd(12)} min ${Math.min(...t).toFixed(3)} s, median ${median(t).toFixed(3)} s`);
  }
  const same = new Set(Object.values(digests)).size === 1;
  console.log(`same output: ${same}`);
  if (!same) process.exitCode = 1;
} finally {
  if (existsSync(other)) execFileSync('git', ['worktree', 'remove', '--force', other]);
  rmSync(dir, { recursive: true, force: true });
}
