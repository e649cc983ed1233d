// The Redactor's output (with either scan) is byte for byte the reference's (the redaction before it was made fast,
// test/unit/redactReference.ts): on random and hostile lines built from the pieces the patterns
// look for, and on every file of the real corpus read in place; counts and distinct values too.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Redactor } from '../../server/src/engine/investigate/redact';
import { WasmScan } from '../../server/src/engine/investigate/redactWasm';
import { ReferenceRedactor } from './redactReference';

const corpus = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

/** Both scans (RedactScan and its WebAssembly twin, which the CLI uses) give the reference's output. */
function same(texts: string[], how: 'text' | 'line' = 'text'): void {
  for (const a of [new Redactor(), new Redactor((names) => new WasmScan(names))]) {
    const b = new ReferenceRedactor();
    for (const t of texts) assert.equal(a[how](t), b[how](t), JSON.stringify(t.slice(0, 300)));
    assert.deepEqual(a.counts, b.counts);
    assert.deepEqual(a.distinct, b.distinct);
  }
}

// Pieces that start, end or break a match: address characters, separators, keys, headers.
const PIECES = [
  'a', 'Z', '0', '9', '1', '255', '256', '127', 'ff', 'e', 'com', 'example', 'org', 'java', 'log', 'zimbra', 'mta01', 'Mail',
  '.', '..', ':', '::', '@', '-', '_', '%', '+', "'", '=', '[', ']', '<', '>', ';', ',', ' ', '  ', '\t', '/', '(', ')', '"',
  '\n', '\r', '\r\n', '\u00a0', '\u2028', 'é', '日本', '\ufffd',
  'name=', 'aname=', 'account=', 'sasl_username=', 'user=', 'authentication failed for [', 'username=',
  'bob@example.com', 'Bob.Smith@Mail.Example.ORG', '192.0.2.5', '127.0.0.1', '127.', '1.2.3.4.5', '10.1.2_GA', '2001:db8:5::17', 'fe80::1', '::1', '10:17:09',
  'mail.example.com', 'com.zimbra.cs.Foo', 'java.lang', 'audit.log', 'HOST.EXAMPLE.COM', 'x.y.z.io', 'a-b.c-d.de',
  'Oct 13 08:30:01 ', 'Oct  3 12:39:14 ', '2026-10-13T08:00:00.123+02:00 ', 'mta01 ', '192.0.2.1 ', 'mx.example.com ', 'postfix/smtpd[21800]: ', 'sshd: ',
];
const line = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 40 }).map((xs) => xs.join(''));

test('redaction: random and hostile lines give exactly the reference output', () => {
  fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (ls) => same(ls)), { numRuns: 3000, seed: 17 });
  fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (ls) => same(ls, 'line')), { numRuns: 1000, seed: 18 });
  fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (ls) => same([ls.join('\n')])), { numRuns: 500, seed: 19 });
});

test('redaction: long runs give the reference output', () => {
  same(['a.'.repeat(5000) + ' ' + '1.'.repeat(5000) + ' ' + 'a@'.repeat(2500) + ' ' + 'ab:'.repeat(3000) + 'name=' + 'x'.repeat(3000) + ']']);
});

test('redaction: more distinct values than the Redactor remembers answers for give the reference output', () => {
  // 25,000 distinct addresses, IPs and hosts, then the same again: answers forgotten and made anew.
  const ls = Array.from({ length: 25_000 }, (_, i) => `Oct 13 08:30:01 mx${i % 7} postfix/smtpd[1]: to=<u${i}@d${i % 300}.example.com>, relay=h${i}.example.org[10.${i >> 16}.${(i >> 8) & 255}.${i & 255}]:25, user=acct${i}`);
  same([ls.join('\n'), ls.reverse().join('\n')]);
});

test('redaction: every corpus file gives the reference output', () => {
  if (!fs.existsSync(corpus)) return;
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.join(d, e.name));
    }
  };
  walk(corpus);
  assert.ok(files.length > 50);
  // One Redactor over every file, as `redact` does with several files.
  same(files.sort().map((f) => fs.readFileSync(f).toString('utf8')));
});
