// What the benchmarks (bench/*.mjs) share: their command-line options, the generated logs they
// run on, the seed's collate.pl written where they run it, bench/measure.py's figures of one
// command, the language server started as a client starts it, and the machine's load.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import rpc from 'vscode-languageserver-protocol/node.js';
import { collatePlSource } from '../scripts/collate-pl.mjs';

export const args = process.argv.slice(2);
/** The value after `--name` on the command line, else `d`. */
export const opt = (n, d) => (args.includes('--' + n) ? args[args.indexOf('--' + n) + 1] : d);
/** Whether `--name` is on the command line. */
export const flag = (n) => args.includes('--' + n);

/** Makes `log` of `size` (and `mailbox`, when given) with bench/generate.mjs unless they exist; returns `log`. */
export function generated(log, size, mailbox) {
  for (const f of [log, mailbox ?? log]) mkdirSync(dirname(f), { recursive: true });
  if (!existsSync(log) || (mailbox && !existsSync(mailbox))) execFileSync(process.execPath, ['bench/generate.mjs', '--size', size, '--out', log, ...(mailbox ? ['--mailbox', mailbox] : [])], { stdio: 'inherit' });
  return log;
}

/** Writes the seed's collate.pl to `to` (bench/data/collate.pl); returns that path. */
export function collatePl(to = 'bench/data/collate.pl') {
  const source = collatePlSource();
  if (!source) throw new Error('collate.pl not found (the seed article is in ../shared/seed)');
  mkdirSync('bench/data', { recursive: true });
  writeFileSync(to, source);
  return to;
}

/** Wall seconds, CPU seconds, peak RSS (bytes) and exit status of one command, its stdout to `out` (bench/measure.py). */
export const measure = (out, cmd, env = process.env) => JSON.parse(execFileSync('python3', ['bench/measure.py', out, ...cmd], { encoding: 'utf8', env }));

/** `b` bytes in MB, with `digits` decimals. */
export const mb = (b, digits = 0) => (b / 1048576).toFixed(digits) + ' MB';

/** A TypeScript module of the repository (e.g. common/textFingerprint.ts), bundled by esbuild and imported. */
export async function importTs(file) {
  const { buildSync } = await import('esbuild');
  const out = buildSync({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' });
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}

/** The load averages (1, 5 and 15 minutes), as `uptime` shows them. */
export const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** Starts `node [flags] dist/server.js --stdio` and initializes it (`init`: capabilities, options); returns the process and the connection. */
export async function startServer(flags = [], init = { capabilities: {} }, script = 'dist/server.js') {
  const proc = spawn(process.execPath, [...flags, script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  conn.listen();
  await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, ...init, workspaceFolders: null });
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  return { proc, conn };
}

/** The peak resident memory of process `pid` so far (VmHWM), in bytes. */
export const peakRss = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** Byte offsets that cut `file` into `n` parts at line ends (the first 0, the last its size). */
export function cuts(file, n) {
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
