#!/usr/bin/env node
// Benchmark of the language server on a large generated zimbra.log, in one run:
// - didOpen -> first diagnostics published, against `perl collate.pl` on the same file, and
//   against a server that does nothing but answer didOpen (the cost of moving the text over the
//   protocol); the server is started with the extension's flags and initializationOptions
//   (client/src/extension.ts);
// - the moment the first diagnostics arrive, hover and definition requests (alternating, one
//   after the other) at queue IDs spread through the file: p50/p95/max of the first 60, while
//   whatever the server does in the background after publishing still runs; and when the
//   complete diagnostics (bursts, flagged accounts) arrive;
// - then, once it is idle, hover, definition and code lens request latencies (p50/p95). The
//   client behaves like VS Code with the extension: it opts in to windowed code lenses
//   (initializationOptions.visibleRanges), declares refreshSupport and says which lines it shows
//   (zimbraLogs/visibleRanges); code lenses are timed at 20 places through the file (visible
//   ranges sent, the server's refresh request awaited when it sends one);
// - the server's peak memory (VmHWM), once it has also read the folder's logs in the background;
// - last, in a second server, the whole-file code lens answer that a client which does not opt
//   in gets (every lens of the file).
//
// Like VS Code with the extension, the client opens a file of 1 MB or more without sending its
// text (zimbraLogs/openFromDisk with the text's fingerprint, client/src/openFromDisk.ts: the server
// reads the file) and sends the didOpen only if the server asks for it (zimbraLogs/sendText);
// --send-text: the didOpen with the text, as before (and as other editors do).
//
//   npm run build && node bench/lsp.mjs [--size 50M | --log FILE] [--runs 3] [--server dist/server.js] [--send-text]   (BENCH_SHOW=1: every early request time)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, linkSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import lsp from 'vscode-languageserver-protocol/node.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collatePl, flag, generated, importTs, load, mb, opt } from './lib.mjs';

/** common/protocol.ts's VisibleRangesNotification. */
const VISIBLE_RANGES = new lsp.NotificationType('zimbraLogs/visibleRanges');
/** common/protocol.ts's OpenFromDiskNotification and SendTextNotification, and client/src/openFromDisk.ts's DISK_OPEN_BYTES. */
const OPEN_FROM_DISK = new lsp.NotificationType('zimbraLogs/openFromDisk');
const SEND_TEXT = new lsp.NotificationType('zimbraLogs/sendText');
const DISK_OPEN_BYTES = 1 << 20;
const { fingerprintOf } = await importTs('common/textFingerprint.ts');

const size = opt('size', '50M');
/** Whether the client opens a large file from disk (as the extension does). */
const fromDisk = !flag('send-text');
/** The server to measure (another revision's build, to compare). */
const server = path.resolve(opt('server', 'dist/server.js'));
// --log FILE: an existing log instead of a generated one (e.g. the sample repeated: queue IDs reused).
const log = generated(path.resolve(opt('log', `bench/data/zimbra-${size}.log`)), size);
collatePl();
const text = readFileSync(log, 'utf8');
// Opened as the editor opens a server's log: a zimbra.log in its folder (the server then also
// reads the folder's logs in the background, for paths across them). A link to the generated file.
const opened = path.resolve(`bench/data/lsp-${flag('log') ? path.basename(log, '.log') : size}/zimbra.log`);
mkdirSync(path.dirname(opened), { recursive: true });
if (!existsSync(opened)) linkSync(log, opened);
const uri = pathToFileURL(opened).toString();
// This process's own garbage (the didOpen message, 50 MB of JSON) is collected while the server
// reads the log, so that a collection here does not count in the request times that follow.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
/** Waits until `done()` (checked every 20 ms) for at most `ms`; whether it became true. */
async function until(done, ms) {
  for (const end = performance.now() + ms; !done(); ) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function start(script) {
  // The extension starts the server with --optimize-for-size (client/src/extension.ts); so does this.
  const flags = script.endsWith('server.js') ? (process.env.BENCH_SERVER_FLAGS ?? '--optimize-for-size').split(' ').filter(Boolean) : [];
  const proc = spawn(process.execPath, [...flags, ...(process.env.BENCH_SERVER_PROF && script.endsWith('server.js') ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_SERVER_PROF] : []), script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = lsp.createProtocolConnection(new lsp.StreamMessageReader(proc.stdout), new lsp.StreamMessageWriter(proc.stdin));
  conn.listen();
  return { proc, conn };
}

/** What VS Code with the extension says at initialization (client/src/extension.ts). */
const likeVsCode = { capabilities: { workspace: { codeLens: { refreshSupport: true } } }, initializationOptions: { visibleRanges: true, openFromDisk: fromDisk } };

/** The position of the queue ID that is the subject of Postfix line `i`, if it has one. */
function queueIdOn(i) {
  const m = /^\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ postfix\S*\[\d+\]: ([0-9A-F]{6,}): /.exec(lines[i]);
  return m ? { line: i, character: m[0].length - m[1].length - 1 } : undefined;
}
/** Positions of `n` queue IDs spread through the file: the first one from each n-th of it. */
function spread(n) {
  const out = [];
  for (let k = 0; k < n; k++) {
    for (let i = Math.floor((k * lines.length) / n); i < lines.length; i++) {
      const q = queueIdOn(i);
      if (q) {
        out.push(q);
        break;
      }
    }
  }
  return out;
}
const lines = text.split('\n');
/** Where the requests fired right after the first diagnostics point. */
const early = spread(60);

async function openAndWait(script, init = likeVsCode, fire = false) {
  const { proc, conn } = start(script);
  let refreshes = 0;
  let textAsked = 0;
  // BENCH_SHOW=1: what the server logs, with the time since the didOpen was sent.
  if (process.env.BENCH_SHOW) conn.onNotification(lsp.LogMessageNotification.type, (m) => console.log(`  [server, ${((performance.now() - t0) / 1000).toFixed(3)} s] ${m.message}`));
  conn.onRequest(lsp.CodeLensRefreshRequest.type, () => {
    refreshes++;
    return null;
  });
  await conn.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, ...init, workspaceFolders: null });
  await conn.sendNotification(lsp.InitializedNotification.type, {});
  /** Every publication for the file: seconds since didOpen, count. */
  const publications = [];
  let t0 = 0;
  const published = new Promise((resolve) =>
    conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
      if (p.uri !== uri) return;
      publications.push({ at: (performance.now() - t0) / 1000, count: p.diagnostics.length });
      resolve(p);
    }),
  );
  t0 = performance.now();
  const textDocument = { uri, languageId: 'postfix-log', version: 1 };
  const didOpen = () => conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { ...textDocument, text } });
  // As the extension's didOpen middleware does: a large file's didOpen without its text, its text only when the server asks.
  if (fire && fromDisk && statSync(opened).size >= DISK_OPEN_BYTES) {
    conn.onNotification(SEND_TEXT, (p) => {
      textAsked++;
      if (p.uri === uri) void didOpen();
    });
    await conn.sendNotification(OPEN_FROM_DISK, { textDocument, fingerprint: fingerprintOf(text) });
  } else await didOpen();
  // (Only before the requests that are timed: the null server answers sooner than this takes.)
  if (fire) collectGarbage();
  const p = await published;
  // When they came, not when this client looked: they can come while this client still writes or
  // collects (the awaits above).
  const seconds = publications[0].at;
  // At once: hover, definition, hover, ... each sent when the one before is answered.
  const latencies = [];
  // This process's own stalls while it sends them (they would count in the request times).
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  if (fire) {
    for (let i = 0; i < early.length; i++) {
      const type = i % 2 ? lsp.DefinitionRequest.type : lsp.HoverRequest.type;
      latencies.push(await timed(() => conn.sendRequest(type, { textDocument: { uri }, position: early[i] })));
    }
  }
  stalls.disable();
  return { proc, conn, seconds, count: p.diagnostics.length, latencies, clientStall: stalls.max / 1e6, publications, refreshes: () => refreshes, textAsked: () => textAsked };
}

function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function stop({ proc, conn }) {
  await conn.sendRequest(lsp.ShutdownRequest.type);
  await conn.sendNotification(lsp.ExitNotification.type);
  conn.dispose();
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
}


// Perl, the null server and ours, alternating, best of --runs each (the machine is shared and
// noisy); the last server of ours stays up for the requests.
const runs = Number(opt('runs', '3'));
let perl = Infinity;
let nul;
let nullRss = 0;
let ours;
/** Per run of ours: the requests fired right after the first diagnostics, the publications, the peak. */
const fired = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  execFileSync('perl', ['bench/data/collate.pl', log], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  perl = Math.min(perl, (performance.now() - t0) / 1000);
  const n = await openAndWait(path.resolve('bench/null-server.mjs'));
  nullRss = Math.max(nullRss, peakRss(n.proc.pid));
  await stop(n);
  if (!nul || n.seconds < nul.seconds) nul = n;
  const o = await openAndWait(server, likeVsCode, true);
  // Then the rest of the server's work on the open: the complete diagnostics, and the folder's
  // logs read (it asks for a code lens refresh then), so that the peak counts them.
  const read = await until(() => o.publications.length >= 2 && o.refreshes() >= 1, 60_000);
  fired.push({ latencies: o.latencies, publications: o.publications, rss: peakRss(o.proc.pid), clientStall: o.clientStall, read });
  if (process.env.BENCH_SHOW) console.log(o.latencies.map((x) => x.toFixed(0)).join(" "));
  const best = Math.min(o.seconds, ours?.seconds ?? Infinity);
  if (i < runs - 1) await stop(o);
  ours = { ...o, seconds: best };
}

// Positions of queue IDs: the subject of every 500th line that has one.
const positions = [];
for (let i = 0; i < lines.length && positions.length < 200; i += 500) {
  const q = queueIdOn(i);
  if (q) positions.push(q);
}
const doc = { textDocument: { uri } };
// The editor shows the top of the file.
const shown = (line) => ours.conn.sendNotification(VISIBLE_RANGES, { uri, ranges: [{ start: line, end: line + 50 }] });
await shown(0);
const stages = [`after open and the first requests ${(peakRss(ours.proc.pid) / 1048576).toFixed(0)} MB`];
const hover = [], def = [], lens = [];
for (const position of positions) {
  hover.push(await timed(() => ours.conn.sendRequest(lsp.HoverRequest.type, { ...doc, position })));
  def.push(await timed(() => ours.conn.sendRequest(lsp.DefinitionRequest.type, { ...doc, position })));
}
let lenses = [];
const firstLens = await timed(async () => (lenses = await ours.conn.sendRequest(lsp.CodeLensRequest.type, doc)));
const counts = [];
let moves = 0;
for (let i = 0; i < 20; i++) {
  // Scrolled (or jumped) to the i-th twentieth of the file, as VS Code says it.
  const line = Math.floor(((i + 0.5) * lines.length) / 20);
  const before = ours.refreshes();
  await shown(line);
  // The server handles messages in order: the answer to this cheap request comes after its refresh request, if it sends one.
  await ours.conn.sendRequest(lsp.HoverRequest.type, { ...doc, position: { line: 0, character: 0 } });
  if (ours.refreshes() > before) moves++;
  lens.push(await timed(async () => (lenses = await ours.conn.sendRequest(lsp.CodeLensRequest.type, doc))));
  counts.push(lenses.length);
}
stages.push(`after the code lenses ${(peakRss(ours.proc.pid) / 1048576).toFixed(0)} MB`);
const resolve = [];
for (const l of lenses.slice(0, 200)) resolve.push(await timed(() => ours.conn.sendRequest(lsp.CodeLensResolveRequest.type, l)));
const rss = peakRss(ours.proc.pid);
await stop(ours);

// A client that does not opt in (any other LSP client): every lens of the file in each answer.
const plain = await openAndWait(server, { capabilities: {} });
const whole = [];
let all = [];
for (let i = 0; i < 10; i++) whole.push(await timed(async () => (all = await plain.conn.sendRequest(lsp.CodeLensRequest.type, doc))));
const allBytes = JSON.stringify(all).length;
await stop(plain);

const ms = (xs) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms`;
console.log(`file: ${opened} (${mb(text.length)}, ${lines.length} lines; linked to ${path.basename(log)})`);
console.log(`perl collate.pl:                         ${perl.toFixed(3)} s (best of ${runs}, as the two below)`);
console.log(`null server, didOpen -> diagnostics:     ${nul.seconds.toFixed(3)} s (${(nul.seconds / perl).toFixed(2)} x perl)`);
console.log(`zimbra-logs, didOpen -> diagnostics:     ${ours.seconds.toFixed(3)} s (${(ours.seconds / perl).toFixed(2)} x perl; target <= 0.6), ${ours.count} diagnostics${fromDisk ? `, opened from disk (text asked for ${ours.textAsked()} times)` : ', the text sent in the didOpen'}; load average ${load()}`);
const all60 = fired.flatMap((f) => f.latencies);
const ms3 = (xs) => `p50 ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
console.log(`hover/definition fired right after the first diagnostics (${early.length} per run, alternating, each after the answer before):`);
fired.forEach((f, i) => console.log(`  run ${i + 1}: ${ms3(f.latencies)}; first ${f.latencies[0].toFixed(1)} ms; diagnostics published at ${f.publications.map((p) => `${p.at.toFixed(3)} s (${p.count})`).join(', ')}; this client's longest stall meanwhile ${f.clientStall.toFixed(0)} ms; peak ${mb(f.rss)} once the folder's logs were read${f.read ? '' : ' (not within 60 s!)'}`));
console.log(`  all runs (${all60.length}): ${ms3(all60)} (target p95 < 20 ms)`);
console.log('then, with the server idle:');
console.log(`hover (${hover.length}):        ${ms(hover)}`);
console.log(`definition (${def.length}):   ${ms(def)}`);
console.log(`first code lens (makes the file's lens list, top window): ${firstLens.toFixed(0)} ms`);
console.log(`code lens, visible part (${lens.length} places through the file, ${moves} window moves with a refresh; ${Math.min(...counts)}-${Math.max(...counts)} lenses each): ${ms(lens)}`);
console.log(`code lens resolve (${resolve.length}): ${ms(resolve)}`);
console.log(`server peak memory: ${mb(Math.max(rss, ...fired.map((f) => f.rss)))} (target < 400 MB); the null server's: ${mb(nullRss)}; peak ${stages.join(', ')}`);
console.log(`code lens, whole file, client not opting in (${whole.length}, ${all.length} lenses, ${mb(allBytes)} of JSON): ${ms(whole)}`);
