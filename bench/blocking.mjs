#!/usr/bin/env node
// Benchmark (issue 19): how long one expensive request keeps the language server from answering
// others. The target: never more than about 50 ms at a time. While each expensive request runs, a
// client asks a cheap one (a hover on a small open document) again and again, --every ms after
// the answer before, and the gaps between answers are recorded: the longest, p99 and p50, with
// the same client's gaps on the idle server first (the baseline: the protocol's and the timers'
// own cost) and the load average (a shared machine stretches every gap). This client's own
// longest stall (its event loop, e.g. parsing a large answer) is shown too: a gap that long may
// be the client's, not the server's. And the server's main thread's CPU time between two answers
// (schedstat): the work it did meanwhile, which a busy machine does not stretch (it adds waiting).
//
// Server A: opening a --size zimbra.log as the extension does (zimbraLogs/openFromDisk: the server
// reads the file; --send-text: a didOpen with the text, as other editors do), its passes and
// diagnostics, the
// folder's logs read in the background (the index for paths across files), then Collate File
// of the whole open document, in pages as the extension asks for it (with --unpaged, in one
// answer too). Server B, started cold: trace of a message over the folder (the folder's index
// built first), account activity, the timeline and delivery problems of the folder, and
// openLarge of a --large-size log (the disk index), then Collate File of it.
//
//   npm run build && node bench/blocking.mjs [--size 16M] [--large-size 64M] [--every 2] [--only trace] [--server FILE] [--send-text] [--unpaged]
//   (BENCH_SERVER_PROF=DIR: each server writes a CPU profile there, and DIR/gaps.txt lists the gaps in
//   which the server worked over 40 ms of CPU, with their monotonic times in µs, the profiles' clock)
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import rpc from 'vscode-languageserver-protocol/node.js';
import { flag, generated, importTs, load, mb, opt, startServer } from './lib.mjs';

const size = opt('size', '16M');
const largeSize = opt('large-size', '64M');
const every = Number(opt('every', '2'));
const only = opt('only', '');
/** Also the whole collation in one answer (zimbraLogs/collate without a queue ID, which other editors may ask). */
const unpaged = process.argv.includes('--unpaged');
/** The server to measure (another revision's build, to compare). */
const script = path.resolve(opt('server', 'dist/server.js'));
const dir = path.resolve(`bench/data/blocking-${size}`);
const log = generated(path.join(dir, 'zimbra.log'), size, path.join(dir, 'mailbox.log'));
const large = generated(path.resolve(`bench/data/zimbra-${largeSize}.log`), largeSize);
const folder = pathToFileURL(dir).toString();
const text = readFileSync(log, 'utf8');
/** A Message-ID from the middle of the log (the message trace follows). */
const messageId = /message-id=(<[^>\s]+>)/.exec(text.slice(text.length >> 1))[1];

/** The cheap request: a hover at a queue ID of the sample zimbra.log, open as an untitled document (no folder of its own). */
const sample = readFileSync('samples/zimbra.log', 'utf8');
const cheapUri = 'untitled:cheap';
const cheapAt = { line: 2, character: sample.split('\n')[2].indexOf('4FF14284F45') };

/** Whether the log opens as the extension opens a file of 1 MB or more (client/src/openFromDisk.ts). */
const fromDisk = !flag('send-text');
const { fingerprintOf } = await importTs('common/textFingerprint.ts');

const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const rows = [];
/** Gaps with over 40 ms of the server's CPU, when profiling. */
const long = [];

/** Runs `work()` while hovers are asked one after the other; records the gaps between their answers. */
/** The server's main thread's time on a CPU so far (ms): what it worked, whatever the machine's load (/proc/PID/task/PID/schedstat). */
const cpuMs = (pid) => Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;

async function during({ conn, proc }, name, work) {
  const gaps = [];
  /** The server's main-thread CPU time between two answers. */
  const cpu = [];
  let done = false;
  const own = monitorEventLoopDelay({ resolution: 1 });
  own.enable();
  const started = performance.now();
  const asking = (async () => {
    let last = performance.now();
    let lastCpu = cpuMs(proc.pid);
    while (!done) {
      await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: cheapUri }, position: cheapAt });
      const now = performance.now();
      gaps.push(now - last);
      const c = cpuMs(proc.pid);
      // With a CPU profile: the answer's wall gap and its monotonic times in µs (the profile's clock), when the server worked over 40 ms of CPU in it.
      if (process.env.BENCH_SERVER_PROF && c - lastCpu > 40) long.push(`${name}: ${(now - last).toFixed(0)} ms, cpu ${(c - lastCpu).toFixed(0)} ms, ${Math.round(Number(process.hrtime.bigint() / 1000n) - (now - last) * 1000)}-${Number(process.hrtime.bigint() / 1000n)}`);
      cpu.push(c - lastCpu);
      lastCpu = c;
      last = now;
      await new Promise((r) => setTimeout(r, every));
    }
  })();
  let what = '';
  try {
    what = (await work()) ?? '';
  } finally {
    done = true;
    await asking;
    own.disable();
  }
  const row = { name, seconds: (performance.now() - started) / 1000, answers: gaps.length, max: Math.max(...gaps), p99: percentile(gaps, 99), p50: percentile(gaps, 50), own: own.max / 1e6, cpuMax: Math.max(...cpu), cpuP99: percentile(cpu, 99), what };
  rows.push(row);
  console.log(`${name.padEnd(34)} ${row.seconds.toFixed(2).padStart(6)} s ${String(row.answers).padStart(6)} ${row.max.toFixed(1).padStart(8)} ${row.p99.toFixed(1).padStart(8)} ${row.p50.toFixed(1).padStart(6)} ${row.own.toFixed(1).padStart(8)} ${row.cpuMax.toFixed(1).padStart(9)} ${row.cpuP99.toFixed(1).padStart(8)}  ${row.what}`);
}

async function server() {
  const s = await startServer(['--optimize-for-size', ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_SERVER_PROF] : [])], { capabilities: { workspace: { codeLens: { refreshSupport: true } } } }, script);
  const refreshed = [];
  s.conn.onRequest(rpc.CodeLensRefreshRequest.type, () => (refreshed.push(performance.now()), null));
  await s.conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: cheapUri, languageId: 'postfix-log', version: 1, text: sample } });
  await s.conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: cheapUri }, position: cheapAt });
  return { ...s, refreshed };
}

async function stop({ proc, conn }) {
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
  conn.dispose();
}

const want = (name) => !only || name.includes(only);
const loadAtStart = load();
console.log(`server: ${path.relative(process.cwd(), script)}; logs: ${log} (${mb(Buffer.byteLength(text))}) with its mailbox.log, ${large}; a hover ${every} ms after each answer; load average ${loadAtStart}`);
console.log(`${'while'.padEnd(34)} ${'took'.padStart(8)} ${'hovers'.padStart(6)} ${'max gap'.padStart(8)} ${'p99'.padStart(8)} ${'p50'.padStart(6)} ${'client'.padStart(8)} ${'cpu max'.padStart(9)} ${'cpu p99'.padStart(8)}  (ms; client: this process's own longest stall; cpu: the server's main thread's CPU time between two answers)`);

const a = await server();
await during(a, 'nothing (baseline)', () => new Promise((r) => setTimeout(r, 2000)));
if (want('open') || want('collate')) {
  const uri = pathToFileURL(log).toString();
  const published = [];
  let second;
  const both = new Promise((r) => (second = r));
  a.conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    if (p.uri !== uri) return;
    published.push(p.diagnostics.length);
    if (published.length === 2) second();
  });
  const textDocument = { uri, languageId: 'postfix-log', version: 1 };
  const didOpen = () => a.conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { ...textDocument, text } });
  // The server asks for the text when the file is not it (never here).
  a.conn.onNotification('zimbraLogs/sendText', () => void didOpen());
  await during(a, `${fromDisk ? 'openFromDisk' : 'didOpen'} ${size}: all diagnostics`, async () => {
    if (fromDisk) await a.conn.sendNotification('zimbraLogs/openFromDisk', { textDocument, fingerprint: fingerprintOf(text) });
    else await didOpen();
    await Promise.race([both, new Promise((r) => setTimeout(r, 60_000))]);
    return `${published.join(', ')} diagnostics`;
  });
  await during(a, 'the folder read in the background', async () => {
    for (const end = performance.now() + 60_000; !a.refreshed.length && performance.now() < end; ) await new Promise((r) => setTimeout(r, 20));
    return a.refreshed.length ? 'lens refresh asked' : 'no refresh in 60 s';
  });
  await during(a, `collate the whole ${size} document`, async () => {
    // In pages, as the extension asks for it (zimbraLogs/collatePage).
    let [keys, chars, pages] = [0, 0, 0];
    for (let from = { transaction: 0, line: 0 }; from; pages++) {
      const r = await a.conn.sendRequest('zimbraLogs/collatePage', { uri, from });
      [keys, chars, from] = [keys + r.keys.length, chars + r.text.length, r.next];
    }
    return `${keys} transactions, ${mb(chars)} in ${pages} pages`;
  });
  if (unpaged)
    await during(a, `collate ${size} in one answer (other editors)`, async () => {
      const r = await a.conn.sendRequest('zimbraLogs/collate', { uri });
      return `${r.keys.length} transactions, ${mb(r.text.length)}`;
    });
}
await stop(a);

const b = await server();
await during(b, 'nothing (baseline)', () => new Promise((r) => setTimeout(r, 2000)));
const cases = [
  ['trace over the folder (cold)', async () => `${(await b.conn.sendRequest('zimbraLogs/trace', { query: messageId, folder })).messages} messages`],
  ['account activity', async () => {
    // In parts, as the extension asks for it.
    const r = await b.conn.sendRequest('zimbraLogs/activity', { folder, query: 'bob@example.com', parts: true });
    let bytes = JSON.stringify(r).length;
    for (let part = 0; part < (r.parts?.count ?? 0); part++) bytes += JSON.stringify(await b.conn.sendRequest('zimbraLogs/resultPart', { id: r.parts.id, part })).length;
    return `${r.entries} entries, ${mb(bytes)} in ${r.parts?.count ?? 1} parts`;
  }],
  ['timeline of the folder', async () => `${(await b.conn.sendRequest('zimbraLogs/timeline', { folder })).report.buckets.length} buckets`],
  ['delivery problems of the folder', async () => `${(await b.conn.sendRequest('zimbraLogs/deliveryProblems', { folder })).text.length} characters`],
  [`openLarge ${largeSize}`, async () => `${(await b.conn.sendRequest('zimbraLogs/openLarge', { uri: pathToFileURL(large).toString(), path: large, maxSize: 2 ** 40 })).lines} lines`],
  [`collateToFile ${largeSize}`, async () => `${mb((await b.conn.sendRequest('zimbraLogs/collateToFile', { uri: pathToFileURL(large).toString() }))?.bytes ?? 0)}`],
];
for (const [name, work] of cases) if (want(name.split(' ')[0])) await during(b, name, work);
await stop(b);
const worst = rows.filter((r) => !r.name.startsWith('nothing')).sort((x, y) => y.max - x.max)[0];
const busiest = rows.filter((r) => !r.name.startsWith('nothing')).sort((x, y) => y.cpuMax - x.cpuMax)[0];
if (long.length) writeFileSync(path.join(process.env.BENCH_SERVER_PROF, 'gaps.txt'), long.join('\n') + '\n');
console.log(`longest gap: ${worst?.max.toFixed(1)} ms (${worst?.name}); most server CPU between two answers: ${busiest?.cpuMax.toFixed(1)} ms (${busiest?.name}); baseline longest ${rows.filter((r) => r.name.startsWith('nothing')).map((r) => r.max.toFixed(1)).join(', ')} ms; load average at the start ${loadAtStart}, at the end ${load()}`);
