// The redaction over bytes (redactFind.ts, redactScan.ts, redactTokens.ts) at its edges: tokens
// cut by the CLI's reads, multi-byte UTF-8 and Unicode spaces next to tokens, CRLF, NUL, invalid
// UTF-8, a byte order mark, runs too long to remember, lines longer than the CLI's read area. Each
// output is held to the reference (test/unit/redactReference.ts), directly or through the engine's
// string API, which redactDiff.test.ts holds to it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ByteOut } from '../../server/src/engine/byteOut';
import { redact, Redactor } from '../../server/src/engine/investigate/redact';
import { Events, findRuns } from '../../server/src/engine/investigate/redactFind';
import { WasmScan } from '../../server/src/engine/investigate/redactWasm';
import { ReferenceRedactor } from './redactReference';
import { runCli, tmpFile } from './helpers';

const LINE = (i: number) =>
  `Oct 13 08:30:${String(i % 60).padStart(2, '0')} mta${i % 3} postfix/smtpd[${i}]: ${(i * 7919).toString(16).toUpperCase()}: client=h${i % 50}.example.com[192.0.2.${i % 250}], sasl_username=acct${i % 40}, to=<u${i % 90}@d${i % 20}.example.org>\n`;

/** Redactors with either scan: RedactScan and its WebAssembly twin (the CLI's). */
const wasm = () => new Redactor((names) => new WasmScan(names));
const redactors = () => [new Redactor(), wasm()];

function reference(texts: string[]): string[] {
  const r = new ReferenceRedactor();
  return texts.map((t) => r.text(t));
}

test('redact bytes: tokens next to multi-byte UTF-8, Unicode spaces, CRLF and NUL give the reference output', () => {
  const texts = [
    'é192.0.2.1é bob@example.comé 日本mail.example.com日本 2001:db8:5::17ü',
    // An account name ends at \s: U+00A0, U+3000, U+FEFF, U+2028 are spaces to JavaScript, é is not.
    'user=bob\u00a0 user=carol\u3000 name=dave\ufeff account=erin\u2028 user=frank\u00e9 user=gina\u0085',
    'Oct 13 08:30:01 mtä01 postfix/smtpd[1]: connect from a.example.com[192.0.2.1]\r\nOct 13 08:30:01 MTÄ01 sshd[2]: user=bob\r\n\r\nuser=bob\r',
    // Kelvin sign: lower-cases to "k", as the host "K" does.
    'Oct 13 08:30:01 \u212a postfix/qmgr[1]: x\nOct 13 08:30:01 k postfix/qmgr[1]: x\n',
    'Oct 13 08:30:01 mta\u000001 postfix/qmgr[1]: 192.0.2.1\u0000mail.example.com\u0000bob@example.com\u0000',
    'Oct 13 08:30:01\u00a0mta01 postfix/qmgr[1]: x\n2026-10-13T08:00:00\u3000mta01 x[1]: y\n',
    '\ufeffOct 13 08:30:01 mta01 postfix/qmgr[1]: \ufeff192.0.2.7',
  ];
  const want = reference(texts);
  for (const r of redactors()) {
    texts.forEach((t, k) => assert.equal(r.text(t), want[k], JSON.stringify(t)));
    assert.match(r.text('user=zed\u00a0'), /^user=account\d+\u00a0$/);
    assert.equal(r.text('user=zed\u00e9'), 'user=zed\u00e9');
  }
});

test('redact bytes: pseudonyms written as bytes: kept addresses undo what was written before them, numbers of any length', () => {
  // Kept: 0.0.0.0 and 255.255.255.255 as spelt (not 00.0.0.0), 127.x, parts above 255, times,
  // colon runs neither with '::' nor of 8 groups, names that are not host names; after each, a replaced value.
  const kept = '0.0.0.0 a@b.io 00.0.0.0 255.255.255.255 255.255.255.254 127.0.0.1 256.1.1.1 10:17:09 fe80::1 1:2:3:4:5:6:7:8 1:2:3:4:5:6:7 2001:db8::1:2:3:4:5:6 a.b.java audit.log x.example.com';
  const text = `${kept} 192.0.2.1=${kept}\n` + Array.from({ length: 1100 }, (_, i) => `u${i}@d${i}.example.org 10.${i >> 8}.${i & 255}.1 fe80::${i.toString(16)} name=acct${i}`).join('\n');
  const want = reference([text])[0];
  assert.match(want, /^0\.0\.0\.0 user1@domain1\.example 198\.18\.0\.1 255\.255\.255\.255 /);
  assert.match(want, /user1000@domain\d+\.example 198\.18\.[1-9]\.\d+ 2001:db8::[0-9a-f]{3} name=account\d{3,4}\n/);
  for (const r of redactors()) assert.equal(r.text(text), want);
});

test('redact bytes: runs of digits and three periods after "127" are left out by findRuns, and kept, whatever follows or precedes them', () => {
  const runs = ['127.0.0.1', '127.0.0.1.', '127.0.0.1.5', '127.0.0.1.2.3.4', '127.0.0.01', '127.1.2.300', '127..0.1', '127.0.0.1:25', '1127.0.0.1', '0127.0.0.1', '127.0.0.1x', '127.0.0.1@a.io', '127.0.0.1.a.io'];
  const text = runs.map((r) => `x ${r} [${r}] relay=${r}[${r}]:25 name=${r} <${r}> 10.0.0.1=${r}\n`).join('');
  const want = reference([text])[0];
  for (const r of redactors()) assert.equal(r.text(text), want);
  const b = new TextEncoder().encode(text);
  const events = new Events();
  findRuns(b, 0, b.length, true, events);
  // The runs listed, but for those after an account key (name=), which are listed whatever they hold.
  const listed = new Set(Array.from({ length: events.count }, (_, k) => (events.list[4 * k] === 0 ? text.slice(events.list[4 * k + 1], events.list[4 * k + 2]) : '')));
  assert.ok(!listed.has('127.0.0.1') && !listed.has('127.1.2.300') && !listed.has('127..0.1'), [...listed].join(' '));
  for (const kept of ['127.0.0.1.5', '127.0.0.1:25', '1127.0.0.1', '0127.0.0.1', '127.0.0.1@a.io']) assert.ok(listed.has(kept), kept);
});

test('redact bytes: blocks of whole lines, redacted one after the other, give the whole text\'s output; runs are found the same in any order', () => {
  const text = Array.from({ length: 400 }, (_, i) => LINE(i)).join('');
  const bytes = new TextEncoder().encode(text);
  const whole = redact(text).text;
  for (const cut of [1, 7, 64, 1000]) for (const r of redactors()) {
    const out = new ByteOut(16);
    // Cut after every `cut`-th line.
    let start = 0;
    let lines = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10 && ++lines % cut === 0) {
        r.bytes(bytes, start, i + 1, out);
        start = i + 1;
      }
    }
    r.bytes(bytes, start, bytes.length, out);
    assert.equal(new TextDecoder().decode(out.view()), whole, `cut ${cut}`);
  }
  // findRuns of a block is the same whether the block comes first or after others.
  const first = new Events();
  const again = new Events();
  findRuns(bytes, 0, 2000, true, first);
  findRuns(bytes, 0, bytes.length, true, new Events());
  findRuns(bytes, 0, 2000, true, again);
  assert.ok(first.count > 10);
  assert.deepEqual(again.list.subarray(0, 4 * again.count), first.list.subarray(0, 4 * first.count));
});

test('redact bytes: runs too long to remember, and the same run again, give the reference output', () => {
  const long = '1.2.3.4-'.repeat(60) + 'a.example.com';
  const texts = [long, `x ${long} y\n${long}`, 'bob@' + 'x.'.repeat(300) + 'com', long.toUpperCase()];
  assert.deepEqual(texts.map((t) => new Redactor()).map((r, k) => r.text(texts[k])), texts.map((t) => reference([t])[0]));
  assert.deepEqual(texts.map((t) => wasm()).map((r, k) => r.text(texts[k])), texts.map((t) => reference([t])[0]));
  const want = reference(texts);
  for (const r of redactors()) texts.forEach((t, k) => assert.equal(r.text(t), want[k]));
});

test('redact bytes: more distinct runs than the WebAssembly scan remembers, then the first of them again: the output of RedactScan', () => {
  // 600,000 distinct plain runs (it remembers 524,288), and 170,000 runs of 200 bytes (which fill its 32 MB arena first),
  // with account names (remembered in the table after that arena).
  const many = Array.from({ length: 600_000 }, (_, i) => `x u${i}@d${i % 7}.example y\n`);
  const long = Array.from({ length: 170_000 }, (_, i) => `h ${'a'.repeat(180)}${i}.example.org user=acct${i % 100}\n`);
  for (const [lines, original] of [
    [many, /u\d+@/],
    [long, /aaaa/],
  ] as const) {
    const text = Buffer.from(lines.join('') + lines.slice(0, 50_000).join(''));
    const [want, got] = redactors().map((r) => {
      const out = new ByteOut(text.length);
      r.bytes(text, 0, text.length, out);
      return Buffer.from(out.view()).toString();
    });
    assert.equal(got, want);
    assert.ok(!original.test(want), want.slice(-200));
  }
});

test('redact CLI: tokens cut by the reads of standard input and lines longer than the read area give the engine\'s output', () => {
  // Standard input comes in pipe-sized pieces (64 KB): cuts fall inside addresses.
  const text = Array.from({ length: 4000 }, (_, i) => LINE(i)).join('');
  const r = runCli(['redact'], text);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.toString(), redact(text).text);
  // A 6 MB line (more than half the CLI's 8 MB area) with addresses at its start, middle and end.
  const huge = 'Oct 13 08:30:01 mta01 x[1]: 192.0.2.1 ' + 'a.example.com '.repeat(220_000) + 'bob@example.com ' + 'z'.repeat(3_000_000) + ' 192.0.2.2';
  const f = tmpFile('huge.log', `${LINE(1)}${huge}\n${LINE(2)}`);
  const h = runCli(['redact', f]);
  assert.equal(h.status, 0);
  assert.equal(h.stdout.toString(), redact(`${LINE(1)}${huge}\n${LINE(2)}`).text);
});

test('redact CLI: invalid UTF-8 comes out as U+FFFD, as decoding made it; a byte order mark is dropped; files do not run into each other', () => {
  const bad = Buffer.concat([Buffer.from('\ufeffOct 13 08:30:01 mta01 x[1]: bob@example.com'), Buffer.from([0xff, 0xc3]), Buffer.from('192.0.2.1 \u00e9'), Buffer.from([0xe2, 0x80]), Buffer.from('\nuser=carol\n')]);
  const f = tmpFile('bad.log', bad);
  const decoded = new TextDecoder().decode(bad); // drops the BOM, U+FFFD for each bad sequence
  assert.ok(decoded.includes('\ufffd') && !decoded.startsWith('\ufeff'));
  assert.equal(runCli(['redact', f]).stdout.toString(), redact(decoded).text);
  // A file without a final newline, an empty one, then another: a newline after the first (and, as
  // before, one more for the empty file, which ends nothing either).
  const a = tmpFile('a.log', 'mail.example.com');
  const empty = tmpFile('e.log', '');
  const b = tmpFile('b.log', 'bob@example.com\n');
  assert.equal(runCli(['redact', a, empty, b]).stdout.toString(), redact('mail.example.com\n\nbob@example.com\n').text);
});
