// Differential tests: our CLI against the reference collate.pl (from ../shared/seed) on the
// fixtures, the samples, the real corpus and a generated log. Skipped where perl is missing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { collatePl, corpusFiles, fixtures, perlCollate, root, runCli, tmpFile } from './helpers';

const skip = collatePl() ? false : 'perl or ../shared/seed not available';

const RFC3339 = /^\d{4}-\d\d-\d\dT/m;

/**
 * collate.pl's output, but for a log saved with CRLF line ends: that one collates as its LF twin
 * (where Perl's `$` would see each CR as text), and its lines keep their CRs.
 */
function reference(file: string): Buffer {
  const text = fs.readFileSync(file, 'latin1');
  if (!text.includes('\r\n') || /[^\r]\n/.test(text)) return perlCollate([file]);
  const twin = tmpFile('lf.log', Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'));
  return Buffer.from(perlCollate([twin]).toString('latin1').replace(/(?<=.)\n/g, '\r\n'), 'latin1');
}

function same(file: string): void {
  const ours = runCli(['collate', file]);
  assert.equal(ours.status, 0, ours.stderr.toString());
  assert.ok(Buffer.compare(ours.stdout, reference(file)) === 0, `output differs from collate.pl on ${file}`);
}

test('byte-identical to collate.pl on every fixture and sample', { skip }, () => {
  const files = [
    ...fs.readdirSync(path.join(fixtures, 'collate')).filter((f) => f.endsWith('.log')).map((f) => path.join(fixtures, 'collate', f)),
    path.join(root, 'samples', 'zimbra.log'),
  ];
  for (const f of files) same(f);
});

test('byte-identical to collate.pl on the real corpus (traditional timestamps)', { skip }, () => {
  const files = corpusFiles().filter((f) => !RFC3339.test(fs.readFileSync(f, 'latin1')));
  assert.ok(files.length > 20 || files.length === 0);
  for (const f of files) same(f);
});

test('on RFC3339 logs, the same transactions as collate.pl finds once the timestamps are traditional', { skip }, () => {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const toBsd = (s: string) =>
    s.replace(/^\d{4}-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)\S*/gm, (_m, mo, d, t) => `${months[Number(mo) - 1]} ${d.replace(/^0/, ' ')} ${t}`);
  const files = corpusFiles().filter((f) => RFC3339.test(fs.readFileSync(f, 'latin1')));
  for (const f of files) {
    const ours = runCli(['collate', f]).stdout.toString('latin1');
    const converted = tmpFile('bsd.log', Buffer.from(toBsd(fs.readFileSync(f, 'latin1')), 'latin1'));
    assert.equal(toBsd(ours), perlCollate([converted]).toString('latin1'), f);
  }
});

test('byte-identical on a generated MTA log with concurrent sessions, amavis, bounces and deferrals', { skip }, () => {
  const out = tmpFile('gen.log', '');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '3M', '--seed', '42', '--out', out], { stdio: 'ignore' });
  same(out);
});

test('byte-identical on hostile bytes: NUL, invalid UTF-8, CRLF, a 5 MB line, no final newline', { skip }, () => {
  const sample = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'));
  const lines = sample.toString('latin1').split('\n');
  const hostile = Buffer.concat([
    Buffer.from(lines.slice(0, 10).join('\n') + '\n', 'latin1'),
    Buffer.from([0, 0, 0xff, 0xfe, 0xc3, 0x28, 10]),
    Buffer.from(lines.slice(10, 20).join('\r\n') + '\r\n', 'latin1'),
    Buffer.from('Oct 13 10:17:08 mta01 postfix/cleanup[26776]: 17B8ED411FA6: ' + 'x'.repeat(5 << 20) + '\n'),
    Buffer.from(lines.slice(20).join('\n').replace(/\n$/, ''), 'latin1'),
  ]);
  same(tmpFile('hostile.log', hostile));
  same(tmpFile('empty.log', ''));
});

test('several files in one run collate as one stream, as collate.pl <> does', { skip }, () => {
  const text = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'latin1');
  const half = text.indexOf('\n', text.length >> 1) + 1;
  const a = tmpFile('zimbra.log.1', Buffer.from(text.slice(0, half), 'latin1'));
  const b = tmpFile('zimbra.log', Buffer.from(text.slice(half), 'latin1'));
  const ours = runCli(['collate', a, b]);
  assert.ok(Buffer.compare(ours.stdout, perlCollate([a, b])) === 0);
});

test('byte-identical on lines whose header is mangled: spacing, tabs, control bytes, timestamps, instances, qualifiers, PIDs, daemon names', { skip }, () => {
  // Every fast path of the header and daemon parsing must fall back to collate.pl's own matching.
  const lines = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'latin1').split('\n').filter((l) => / postfix/.test(l));
  const swaps = [' ', '  ', '\t', '\v', '\r', '\0', '\x1f', '\xa0', '/', '[', ']', ':', '0', '9', 'x', '-', '', ' :', ']:', '[0', '/ '];
  const daemons = ['smtp', 'smtpd', 'lmtp', 'local', 'qmgr', 'cleanup', 'pickup', 'pipe', 'bounce', 'error', 'discard', 'virtual', 'smtpdd', 'smt', 'qmgrr', 'Smtp', 'lmtpd', 'virtua1'];
  let seed = 7;
  const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const out: string[] = [];
  for (let k = 0; k < 6000; k++) {
    let l = lines[rand(lines.length)];
    const mutations = rand(3);
    for (let m = 0; m < mutations; m++) {
      const at = rand(Math.min(l.length, 48));
      l = l.slice(0, at) + swaps[rand(swaps.length)] + l.slice(at + rand(3));
    }
    if (rand(4) === 0) l = l.replace(/(postfix[^/\s]*(?:\/\S+)?\/)(\w+)/, (_m, p) => p + daemons[rand(daemons.length)]);
    if (rand(8) === 0) l = l.replace(/\[(\d+)\]/, (_m, pid) => `[${rand(2) ? '0' : ''}${pid}${rand(2) ? '1234567890' : ''}]`);
    if (rand(8) === 0) l = l.replace('postfix/', rand(2) ? 'postfix-out/' : 'postfix-/');
    out.push(l);
  }
  same(tmpFile('mangled.log', Buffer.from(out.join('\n') + '\n', 'latin1')));
});
