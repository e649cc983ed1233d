#!/usr/bin/env node
// The language server on the sample zimbra.log repeated N times (queue IDs reused all through the
// log, issue 19 item 4): didOpen -> each diagnostics publication, -> the code lenses, and the
// server's peak memory (VmHWM). Run it at two sizes: linear work doubles.
//
//   npm run build && node bench/lspReuse.mjs 3200 [dist/server.js]     (3200: 23 MB)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import lsp from 'vscode-languageserver-protocol/node.js';
const n = Number(process.argv[2]);
const server = path.resolve(process.argv[3] ?? 'dist/server.js');
const s = readFileSync('samples/zimbra.log');
const dir = path.resolve(`bench/data/reuse-${n}`); mkdirSync(dir, { recursive: true });
const file = `${dir}/zimbra.log`; writeFileSync(file, Buffer.concat(Array(n).fill(s)));
const text = readFileSync(file, 'utf8');
const proc = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--optimize-for-size', server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const c = lsp.createProtocolConnection(new lsp.StreamMessageReader(proc.stdout), new lsp.StreamMessageWriter(proc.stdin));
c.listen();
const uri = pathToFileURL(file).toString();
let t0; const diags = [];
c.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => { if (p.uri === uri) diags.push(((performance.now() - t0) / 1000).toFixed(2)); });
c.onRequest('workspace/configuration', () => []);
await c.sendRequest(lsp.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
await c.sendNotification(lsp.InitializedNotification.type, {});
t0 = performance.now();
await c.sendNotification(lsp.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'postfix-log', version: 1, text } });
const lenses = await c.sendRequest(lsp.CodeLensRequest.type, { textDocument: { uri } });
const tl = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 500));
const rss = readFileSync(`/proc/${proc.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1];
console.log(`x${n} ${(text.length / 1e6).toFixed(1)} MB: diagnostics at ${diags.join(', ')} s; ${lenses.length} lenses at ${tl.toFixed(2)} s; peak ${Math.round(rss / 1024)} MB`);
await c.sendRequest(lsp.ShutdownRequest.type); await c.sendNotification(lsp.ExitNotification.type); await new Promise((r) => proc.once('exit', r));
process.exit(0);
