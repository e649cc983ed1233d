// The WebAssembly scan (engine/investigate/wasm/redactFind.as.ts, what the CLI's `redact` uses) lists exactly the
// events of findRuns (redactFind.ts): on blocks that start inside a larger array after bytes that
// would change a match, that end before bytes that would extend a run, with multi-byte UTF-8, CRLF,
// NUL bytes and lone '\r' at their edges, long lines, and more events than its first room holds.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Events, findRuns } from '../../server/src/engine/investigate/redactFind';
import { WasmScan } from '../../server/src/engine/investigate/redactWasm';

/** findRuns in an instance of its own. */
const scan = new WasmScan(null);
const wasm = (b: Uint8Array, start: number, end: number, lines: boolean, events: Events) => scan.find(b, start, end, lines, events);
const enc = new TextEncoder();

/** The events of both scans over [start, end) of `b`, compared; how many there were. */
function sameEvents(b: Uint8Array, start: number, end: number, lines = true): number {
  const a = new Events();
  const w = new Events();
  findRuns(b, start, end, lines, a);
  wasm(b, start, end, lines, w);
  assert.equal(w.count, a.count, `count over [${start}, ${end})`);
  assert.deepEqual(w.list.subarray(0, 4 * w.count), a.list.subarray(0, 4 * a.count), `events over [${start}, ${end})`);
  return a.count;
}

const HEADERS = ['Oct 13 08:30:01 mta01 postfix/smtpd[1]: ', 'Oct  3 12:39:14 mx.example.com sshd: ', '2026-10-13T08:00:00.123+02:00 MTÄ01 x[1]: ', 'Oct 13 08:30:01 192.0.2.1 x: '];
const BODIES = [
  'client=h1.example.com[192.0.2.5], sasl_username=acct1, to=<Bob.Smith@Mail.Example.ORG>',
  'user=bob\u00a0 name=dave\ufeff account=erin\u2028 authentication failed for [carol] 2001:db8:5::17 fe80::1 10:17:09',
  'é192.0.2.1é 日本mail.example.com日本 a\u0000b.example.com\u0000 1.2.3.4.5 com.zimbra.cs.Foo audit.log a::b::c 1:2:3:4:5:6:7:8',
];

test('wasm findRuns: the events of findRuns on log lines, CRLF, NUL and multi-byte UTF-8, in blocks cut anywhere', () => {
  const text = Array.from({ length: 300 }, (_, i) => HEADERS[i % 4] + BODIES[i % 3] + ['\n', '\r\n', '\r'][i % 3]).join('');
  const b = enc.encode(text);
  assert.ok(sameEvents(b, 0, b.length) > 1000);
  assert.ok(sameEvents(b, 0, b.length, false) > 1000);
  // Blocks starting and ending at every kind of byte: inside a header, a run, a UTF-8 sequence, after '='.
  for (let start = 0; start < 400; start += 7) for (const end of [start, start + 1, start + 15, start + 16, start + 17, start + 333, b.length - start]) sameEvents(b, start, Math.min(end, b.length));
});

test('wasm findRuns: random bytes of the pieces the scan stops at, at any offset', () => {
  const piece = fc.oneof(fc.constantFrom('.', ':', '=', '[', '\n', '\r', ' ', 'name=', 'user=', '::', '1.2.3', '127.', '127.0.0.1', '@', 'a', 'é', '\u00a0', ...HEADERS, ...BODIES), fc.string({ maxLength: 3 }));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 60 }), fc.nat(40), fc.nat(40), (ps, s, cut) => {
      const b = enc.encode(ps.join(''));
      const start = Math.min(s, b.length);
      sameEvents(b, start, Math.max(start, b.length - cut));
    }),
    { numRuns: 2000, seed: 17 },
  );
});

test('wasm findRuns: a syslog header with any one of its first 16 bytes changed to a byte at the edge of a class', () => {
  // The edges of the classes the header is checked for (digits, lower and upper-case letters, space, colon), and others.
  const edges = [0x2f, 0x30, 0x39, 0x3a, 0x3b, 0x40, 0x41, 0x5a, 0x5b, 0x60, 0x61, 0x7a, 0x7b, 0x20, 0x1f, 0x21, 0x09, 0x00, 0x7f, 0x80, 0xb2, 0xe0, 0xff];
  const line = enc.encode('Oct 13 08:30:01 mta01 postfix/smtpd[1]: client=h1.example.com[192.0.2.5]\n');
  let replaced = 0;
  for (let k = 0; k < 16; k++)
    for (const v of edges) {
      const b = line.slice();
      b[k] = v;
      // The host is replaced only where the header is one.
      const events = new Events();
      findRuns(b, 0, b.length, true, events);
      if (events.count && events.list[0] === 2) replaced++;
      sameEvents(b, 0, b.length);
    }
  // Where the change keeps a header ("Oct  3", a day's first digit, a month's letters): the host is still replaced.
  assert.ok(replaced > 20 && replaced < 16 * 23 - 100, `${replaced} headers`);
});

test('wasm findRuns: a long line, then more events than its first room holds, then a small block again', () => {
  const long = enc.encode('Oct 13 08:30:01 mta01 x[1]: ' + 'a.example.com '.repeat(100_000) + 'z'.repeat(1_000_000) + ' 192.0.2.2\n');
  assert.equal(sameEvents(long, 0, long.length), 100_002);
  const many = enc.encode('1.2.3.4 '.repeat(200_000));
  assert.equal(sameEvents(many, 0, many.length), 200_000);
  const small = enc.encode('x name=bob y\n');
  assert.equal(sameEvents(small, 2, small.length), 1);
});
