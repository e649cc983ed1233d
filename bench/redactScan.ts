// Benchmark: the redaction's scans in one thread over the same blocks of a log, the JavaScript one
// (RedactScan) against the WebAssembly one (WasmScan): the CPU time of findRuns alone, then of the
// whole redaction (find and replace, each Redactor giving its own pseudonyms), checking that the
// events and the output are the same. Bundled by esbuild.mjs with the tests:
//
//   npm run build && node out/bench/redactScan.js --log /work/data/1g.log
import { openSync, readSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ByteOut } from '../server/src/engine/byteOut';
import { Redactor } from '../server/src/engine/investigate/redact';
import { Events, findRuns } from '../server/src/engine/investigate/redactFind';
import { WasmScan } from '../server/src/engine/investigate/redactWasm';

const args = process.argv.slice(2);
const log = args.includes('--log') ? args[args.indexOf('--log') + 1] : 'bench/data/zimbra-200M.log';
const AREA = 8 << 20;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const wasm = new WasmScan(null);
const js = new Redactor();
const wr = new Redactor((names) => new WasmScan(names));
const [ea, eb] = [new Events(), new Events()];
const [oa, ob] = [new ByteOut(AREA), new ByteOut(AREA)];
const t = { findJs: 0, findWasm: 0, redactJs: 0, redactWasm: 0 };
const load = loadavg()[0];
const fd = openSync(log, 'r');
const buf = new Uint8Array(AREA);
let carry = 0;
let bytes = 0;
for (;;) {
  const n = readSync(fd, buf, carry, AREA - carry, null);
  const len = carry + n;
  if (len === 0) break;
  // Whole lines (the last block: the rest).
  const end = n === 0 ? len : buf.lastIndexOf(10, len - 1) + 1;
  bytes += end;
  let s = cpu();
  findRuns(buf, 0, end, true, ea);
  t.findJs += cpu() - s;
  s = cpu();
  wasm.find(buf, 0, end, true, eb);
  t.findWasm += cpu() - s;
  if (ea.count !== eb.count || ea.list.subarray(0, 4 * ea.count).some((v, k) => v !== eb.list[k])) throw new Error('the scans listed different events');
  oa.clear();
  ob.clear();
  s = cpu();
  js.bytes(buf, 0, end, oa);
  t.redactJs += cpu() - s;
  s = cpu();
  wr.bytes(buf, 0, end, ob);
  t.redactWasm += cpu() - s;
  if (Buffer.compare(oa.view(), ob.view()) !== 0) throw new Error('the redactions differ');
  buf.copyWithin(0, end, len);
  carry = len - end;
  if (n === 0) break;
}
const f = (x: number) => `${x.toFixed(2)} s`;
console.log(`${log}: ${(bytes / 1e6).toFixed(0)} MB in one thread; load average ${load.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`);
console.log(`findRuns       JavaScript ${f(t.findJs)}  WebAssembly ${f(t.findWasm)}  ${(t.findJs / t.findWasm).toFixed(2)}x (events identical)`);
console.log(`find + replace JavaScript ${f(t.redactJs)}  WebAssembly ${f(t.redactWasm)}  ${(t.redactJs / t.redactWasm).toFixed(2)}x (output identical)`);
