// Bundles the extension client, the language server and the CLI (dist/cli.js and a bundle per
// subcommand in dist/cli/) into dist/, and the
// TypeScript tests into out/ (node:test runs them from there).
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * `import bytes from './x.as.wasm'` bundles the WebAssembly that the AssemblyScript source x.as.ts
 * next to it compiles to, made here at every build: no binary is kept in the repository. The
 * memory is imported, and assumed zeroed: the module's data is then only its constants. A source
 * with a line `// @sharedMemory` gets a shared memory (a worker thread reads or scans in it); the
 * others a plain one, whose views Node's Buffer methods read faster.
 */
const compiled = new Map();
function compileWasm(file) {
  if (!compiled.has(file)) {
    compiled.set(
      file,
      (async () => {
        const asc = (await import('assemblyscript/asc')).default;
        let binary;
        const shared = /^\/\/ @sharedMemory\b/m.test(readFileSync(file, 'utf8')) ? ['--enable', 'threads', '--sharedMemory'] : [];
        const r = await asc.main([relative('.', file), '--runtime', 'stub', '-O3', '--noAssert', '--enable', 'simd', ...shared, '--importMemory', '--maximumMemory', '65536', '--zeroFilledMemory', '--outFile', 'out.wasm'], {
          writeFile: (name, contents) => void (binary = contents),
        });
        if (r.error) throw new Error(`${file}: ${r.error.message}\n${r.stderr.toString()}`);
        return binary;
      })(),
    );
  }
  return compiled.get(file);
}
const assemblyScript = {
  name: 'assemblyscript',
  setup(build) {
    build.onResolve({ filter: /\.wasm$/ }, (a) => ({ path: join(a.resolveDir, a.path.replace(/\.wasm$/, '.ts')), namespace: 'wasm' }));
    build.onLoad({ filter: /.*/, namespace: 'wasm' }, async (a) => ({ contents: await compileWasm(a.path), loader: 'binary', watchFiles: [a.path] }));
  },
};

const common = {
  plugins: [assemblyScript],
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

function testEntries(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.test.ts'))
    .map((f) => join(dir, String(f)));
}

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/server.ts'], outfile: 'dist/server.js' },
  // Indexes parts of a large log in worker threads (server and CLI).
  { ...common, entryPoints: ['server/src/logs/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  // Finds what to redact in a worker thread while the CLI's redact replaces and writes.
  { ...common, entryPoints: ['server/src/cli/redactWorker.ts'], outfile: 'dist/redactWorker.js' },
  // The diagnostics and the index of a document opened from disk, off the server's thread.
  { ...common, entryPoints: ['server/src/disk/openWorker.ts'], outfile: 'dist/openWorker.js' },
  // The timeline's flagged accounts, made while the CLI's main thread counts the buckets.
  { ...common, entryPoints: ['server/src/logs/flaggedWorker.ts'], outfile: 'dist/flaggedWorker.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Each subcommand in a bundle of its own, which dist/cli.js loads only when it runs.
  { ...common, entryPoints: Object.fromEntries(['collate', 'trace', 'summary', 'accounts', 'failures', 'timeline', 'activity', 'restarts', 'changes', 'logins', 'redact'].map((c) => [`cli/${c}`, `server/src/cli/${c}.ts`])), outdir: 'dist' },
  // The timeline page (uPlot bundled in, never fetched): the editor's webview and the CLI's --html report.
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, logLevel: 'warning', entryPoints: ['client/webview/timeline.ts'], outdir: 'dist/media' },
];
const tests = [...testEntries('test/unit'), ...testEntries('test/lsp'), ...testEntries('test/editors')];
if (!production && tests.length) {
  builds.push({ ...common, entryPoints: tests, outdir: 'out/test', outbase: 'test', external: ['vscode'] });
  // Benchmarks of engine code (not of the bundles): the redaction's two scans.
  builds.push({ ...common, entryPoints: ['bench/redactScan.ts'], outdir: 'out/bench' });
}
if (existsSync('test/e2e/suite/index.ts')) {
  builds.push({ ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'out/e2e/suite/index.js', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
