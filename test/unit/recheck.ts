// recheck (an automaton and fuzzing analysis of regular expressions, native backend, a fixed
// seed) for the tests: the verdict on one expression, kept between runs, and the regex literals
// of source files. Deterministic: a test that asks whether a pattern runs in linear time gets the
// same answer on a busy machine as on an idle one (redosCheck.test.ts checks every expression;
// the tests of a module check its own). Not a test file itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { root } from './helpers';

// Loaded from node_modules at run time (not bundled): recheck finds its native binary there.
const load = createRequire(path.join(root, 'package.json'));
const { checkSync } = load('recheck') as { checkSync: (source: string, flags: string, params?: object) => { status: string; complexity?: { type: string }; attack?: { pattern: string; string: string } } };
export const ts = load('typescript') as typeof import('typescript');

export type Verdict = ReturnType<typeof checkSync>;
/**
 * Verdicts of earlier runs on this machine (recheck takes 0.1-6 s an expression, 2.5 min for all):
 * a `safe` or undecided one is kept in the temporary folder, keyed by recheck's version and the expression,
 * so that a run checks only new or changed expressions. Nothing of it is in the repository.
 */
export const cacheFile = path.join(require('node:os').tmpdir(), `zimbra-logs-recheck-${(load('recheck/package.json') as { version: string }).version}.json`);
export const cache: Record<string, Verdict> = fs.existsSync(cacheFile) ? JSON.parse(fs.readFileSync(cacheFile, 'utf8')) : {};

/**
 * recheck's verdict on /source/flags. `timeout` (ms, null for none): past it the verdict is
 * `unknown`, which depends on the machine's load; only a `safe` one is kept for the next run.
 */
export function check(source: string, flags: string, timeout: number | null = 10_000): Verdict {
  const key = `/${source}/${flags}`;
  if (cache[key]?.status === 'safe') return cache[key];
  // A fixed seed: the fuzzer finds the same attack strings on every run.
  const d = checkSync(source, flags, { timeout, randomSeed: 0 });
  if (d.status === 'safe') cache[key] = d;
  return d;
}

/** Keeps the verdicts for the next run. */
export function saveCache(): void {
  fs.writeFileSync(cacheFile, JSON.stringify(cache));
}

/** Every regex literal of the .ts files under `dirs` (or those files themselves), with where it is. */
export function literals(dirs: readonly string[]): { where: string; source: string; flags: string }[] {
  const out: { where: string; source: string; flags: string }[] = [];
  for (const dir of dirs) {
    const isFile = dir.endsWith('.ts');
    for (const rel of isFile ? [''] : (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])) {
      if (!isFile && !rel.endsWith('.ts')) continue;
      const file = path.join(root, dir, rel);
      const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (n: import('typescript').Node) => {
        if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const text = n.getText(sf);
          const slash = text.lastIndexOf('/');
          const { line } = sf.getLineAndCharacterOfPosition(n.getStart(sf));
          out.push({ where: `${isFile ? dir : `${dir}/${rel}`}:${line + 1}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
  }
  return out;
}

/** A bounded range `{m,n}` (n up to 1,000): it multiplies the work by n at the most, a constant. */
const BOUNDED = /\{(\d+),(\d{1,3})\}/g;

/**
 * Asserts that recheck finds `re` safe: no super-linear worst case (polynomial or exponential).
 * recheck counts a bounded range like `.{0,64}?` as polynomial; such a pattern passes when the
 * same pattern with each range cut to its minimum is safe (the range adds a constant factor).
 */
export function assertSafe(re: { source: string; flags: string }, where: string): void {
  // No time limit: the verdict is the same on a busy machine.
  let d = check(re.source, re.flags, null);
  if (d.status === 'vulnerable' && re.source.search(BOUNDED) >= 0) d = check(re.source.replace(BOUNDED, '{$1}'), re.flags, null);
  assert.equal(d.status, 'safe', `${where}: /${re.source}/${re.flags}: ${d.status} ${d.complexity?.type ?? ''} ${JSON.stringify(d.attack?.pattern ?? '')}`);
}

/** Asserts that every regex literal of the source files `files` (relative to the repository) is safe. */
export function assertSafeSources(...files: string[]): void {
  const all = literals(files);
  assert.ok(all.length > 0, `no regex literal in ${files.join(', ')}`);
  for (const r of all) assertSafe(r, r.where);
  saveCache();
}
