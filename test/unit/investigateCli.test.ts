// The investigation subcommands (activity, restarts, changes, logins, redact): their JSON and
// reports on the investigate fixtures and the real corpus, the same results as the editor's
// engine paths, and the exit codes of every subcommand (0 found, 1 nothing, 2 usage or input).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { corpus, fixtures, root, runCli, tmpFile } from './helpers';
import { folderActivity, folderFailedLogins, folderMailboxChanges } from '../../server/src/lsp/investigateFiles';
import { ActivitySearch, parseActivityQuery } from '../../server/src/engine/investigate/activity';
import { restartReports } from '../../server/src/engine/investigate/restarts';
import { ProblemScan } from '../../server/src/engine/index/problemScan';
import { SecurityScan } from '../../server/src/engine/investigate/security';
import { redact } from '../../server/src/engine/investigate/redact';

const inv = path.join(fixtures, 'investigate');
const json = (args: string[], input?: string) => {
  const r = runCli(args, input);
  return { status: r.status, stderr: r.stderr.toString(), out: r.status === 2 ? undefined : JSON.parse(r.stdout.toString()) };
};
const files = (dir: string) => fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => path.join(dir, f));
const lineOf = (file: string, n: number) => {
  const b = fs.readFileSync(file);
  return (file.endsWith('.gz') ? zlib.gunzipSync(b) : b).toString('utf8').split('\n')[n - 1];
};

test('activity: every entry of an account in time order, Postfix transactions whole, 1-based lines, the editor\'s entries', async () => {
  const dir = path.join(inv, 'logs');
  const r = json(['activity', '--json', 'bob@example.com', ...files(dir)]);
  assert.equal(r.status, 0, r.stderr);
  const entries = r.out.entries as { file: string; line: number; time: string; text: string }[];
  assert.ok(entries.length >= 10);
  // Each entry is its line of its file (its first line, for a log4j entry with a stack trace), in time order.
  for (const e of entries) assert.equal(e.text.split('\n')[0], lineOf(e.file, e.line).replace(/\r$/, ''));
  assert.deepEqual([...entries.map((e) => e.time)].sort(), entries.map((e) => e.time));
  // The transaction of bob's message, lines that do not name him included (client=, message-id=, to=, removed).
  const mta = entries.filter((e) => path.basename(e.file) === 'zimbra.log' && e.text.includes('3F2A1B4C5D')).map((e) => e.line);
  assert.deepEqual(mta, [2, 3, 4, 5, 6]);
  // A handler exception comes with its stack trace.
  assert.ok(entries.some((e) => e.text.startsWith('2026-10-13 08:15:30') && e.text.includes('\nCode:mail.NO_SUCH_MSG')));
  // The editor's "Show Account Activity" finds the same entries.
  const editor = await folderActivity(dir, { query: 'bob@example.com' });
  assert.equal(editor.entries, entries.length);
  // An address, and the readable report.
  const byIp = json(['activity', '--json', '203.0.113.9', ...files(dir)]);
  assert.equal(byIp.status, 0);
  assert.ok(byIp.out.entries.length > 0 && byIp.out.entries.every((e: { text: string }) => e.text.includes('203.0.113.9')));
  const text = runCli(['activity', 'bob@example.com', ...files(dir)]);
  assert.equal(text.status, 0);
  assert.match(text.stdout.toString(), /^\d+ entries of bob@example\.com in .*\n\n2026-10-12 23:58:00 {2}.*mailbox\.log\.2026-10-12\.gz:1 {2}2026-10-12 23:58:00,001 INFO/);
});

test('activity reads bytes as the text search does: the same entries as ActivitySearch fed the whole text, on fixtures and the corpus', async () => {
  const cases: [string, string][] = [
    [path.join(inv, 'logs', 'mailbox.log'), 'bob@example.com'],
    [path.join(inv, 'hijack', 'zimbra.log'), 'carol@example.com'],
    [path.join(corpus, 'khoihng22-zm-mailbox-logs', 'audit.log'), 'admin@mail.nhk.com'],
    [path.join(corpus, 'khoihng22-zm-mailbox-logs', 'mailbox.log'), 'zimbra'],
  ];
  for (const [file, q] of cases) {
    if (!fs.existsSync(file)) continue;
    const s = new ActivitySearch(parseActivityQuery(q));
    s.beginTimeline(2026);
    s.beginFile();
    const text = fs.readFileSync(file, 'utf8');
    s.append(text);
    for (const id of s.needsSecondPass()) {
      const p = s.second(id);
      p.append(text);
      p.finish();
    }
    const expected = s.result().map((e) => ({ line: e.line + 1, text: e.text }));
    const r = json(['activity', '--json', '--year', '2026', q, file]);
    assert.equal(r.status, expected.length ? 0 : 1, file);
    assert.ok(expected.length > 0, `${file}: ${q} is in it`);
    assert.deepEqual(r.out.entries.map((e: { line: number; text: string }) => ({ line: e.line, text: e.text })), expected, file);
  }
});

test('activity across block boundaries: a 12 MB mailbox.log whose stack traces name the account gives the text search\'s entries', () => {
  const lines: string[] = [];
  for (let i = 0; lines.length < 130_000; i++) {
    const t = `2026-10-13 ${String(8 + Math.floor(i / 3600) % 12).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
    const who = i % 2 === 0 ? 'bob@example.com' : 'carol@example.com';
    lines.push(`${t} WARN  [qtp-${i}] [name=${who};ip=192.0.2.${i % 250};] SoapEngine - handler exception ${'x'.repeat(i % 40)}`);
    // Long stack traces: every block boundary falls inside one, most of them inside bob's.
    const depth = i % 2 === 0 ? 40 : 1;
    for (let k = 0; k < depth; k++) lines.push(`\tat com.zimbra.cs.Frame${k}.call(Frame.java:${i})${i % 11 === 0 && k === depth - 1 ? ' for bob@example.com' : ''}`);
  }
  const text = lines.join('\n') + '\n';
  const file = tmpFile('mailbox.log', text);
  const s = new ActivitySearch(parseActivityQuery('bob@example.com'));
  s.beginTimeline(2026);
  s.beginFile();
  s.append(text);
  const expected = s.result().map((e) => ({ line: e.line + 1, text: e.text }));
  const r = json(['activity', '--json', 'bob@example.com', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(expected.length > 1500);
  assert.deepEqual(r.out.entries.map((e: { line: number; text: string }) => ({ line: e.line, text: e.text })), expected);
});

test('restarts: each restart with the errors before it and their root causes, as JSON; the whole-log engine agrees on the corpus', () => {
  const dir = path.join(inv, 'restarts');
  const r = json(['restarts', '--json', ...files(dir), path.join(dir, 'mbox02', 'mailbox.log')]);
  assert.equal(r.status, 0, r.stderr);
  const rs = r.out.restarts;
  assert.equal(rs.length, 4);
  // A crash: no stop, the start, and the errors of the rotated .gz before it.
  assert.equal(rs[0].stop, null);
  assert.deepEqual(rs[0].start, { line: 2, time: '2026-10-12 00:01:40' });
  assert.equal(path.basename(rs[0].file), 'mailbox.log.2026-10-12');
  assert.deepEqual(rs[0].preceding.map((e: { file: string; line: number; level: string }) => [path.basename(e.file), e.line, e.level]), [['mailbox.log.2026-10-11.gz', 5, 'ERROR'], ['mailbox.log.2026-10-11.gz', 10, 'FATAL'], ['mailbox.log.2026-10-11.gz', 14, 'ERROR']]);
  assert.equal(rs[0].preceding[2].rootCause, 'java.lang.OutOfMemoryError: Java heap space');
  assert.equal(rs[0].preceding[0].rootCause, null);
  assert.equal(rs[0].preceding[1].time, '2026-10-11 23:52:07');
  assert.deepEqual([rs[1].stop, rs[1].start], [{ line: 11, time: '2026-10-12 14:00:00' }, { line: 14, time: '2026-10-12 14:02:10' }]);
  for (const x of rs) for (const e of x.preceding) assert.equal(e.text, lineOf(e.file, e.line));
  const text = runCli(['restarts', ...files(dir)]).stdout.toString();
  assert.match(text, /^3 restarts of the mailbox server\n\n1\. started 2026-10-12 00:01:40 \(.*mailbox\.log\.2026-10-12:2\) without a clean shutdown/);
  assert.match(text, /\n {7}Root cause: java\.lang\.OutOfMemoryError: Java heap space\n/);
  // No restart in an MTA log: exit 1.
  assert.equal(runCli(['restarts', path.join(inv, 'smtp-auth', 'zimbra.log')]).status, 1);
  // The corpus: what restartReports finds in the whole log.
  for (const name of ['mailbox.log', 'mailbox.log.2021-11-15.log']) {
    const file = path.join(corpus, 'khoihng22-zm-mailbox-logs', name);
    if (!fs.existsSync(file)) continue;
    const whole = restartReports(ProblemScan.build(fs.readFileSync(file, 'utf8')));
    assert.ok(whole.length > 0);
    const cli = json(['restarts', '--json', file]).out.restarts;
    const shape = (x: { stop?: { line: number } | null; start?: { line: number } | null; preceding: { line: number; rootCause?: string | null }[] }[], base: number) =>
      x.map((y) => [y.stop ? y.stop.line + base : null, y.start ? y.start.line + base : null, y.preceding.map((e) => [e.line + base, e.rootCause ?? null])]);
    assert.deepEqual(shape(cli, 0), shape(whole, 1), file);
  }
});

test('changes: deletions, moves, emptied folders, redirections, filter/preference and admin changes with item, folder, client address and client', async () => {
  const dir = path.join(inv, 'changes');
  const r = json(['changes', '--json', 'bob@example.com', ...files(dir)]);
  assert.equal(r.status, 0, r.stderr);
  const cs = r.out.changes;
  assert.deepEqual(cs[0], { file: path.join(dir, 'mailbox.log'), line: 1, time: '2026-10-13 09:00:01', kind: 'move', item: 'Message (id=260)', folder: 'Trash (id=3)', ip: '198.51.100.20', client: 'ZimbraWebClient - FF131 (Linux)/10.1.2_GA', by: null });
  const kinds = cs.map((c: { kind: string }) => c.kind);
  for (const k of ['move', 'delete', 'empty', 'filter rules', 'preferences', 'redirect', 'purge', 'password', 'account change']) assert.ok(kinds.includes(k), k);
  const empty = cs.find((c: { kind: string }) => c.kind === 'empty');
  assert.deepEqual([empty.item, empty.folder], ['12 items', 'Trash (id=3)']);
  // An admin's change names the admin.
  assert.equal(cs.find((c: { kind: string }) => c.kind === 'password').by, 'admin@example.com');
  // carol's deletion is not bob's.
  assert.ok(!cs.some((c: { item: string }) => c.item === 'Message (id=99)'));
  // The editor's "Mailbox Changes" lists as many.
  assert.equal((await folderMailboxChanges(dir, { account: 'bob@example.com' })).changes, cs.length);
  assert.match(runCli(['changes', 'bob@example.com', ...files(dir)]).stdout.toString(), /^\d+ changes of bob@example\.com\n\n2026-10-13 09:00:01 {2}move {12}Message \(id=260\) to Folder Trash \(id=3\) · from 198\.51\.100\.20 \(ZimbraWebClient/);
  const none = runCli(['changes', 'nobody@example.com', ...files(dir)]);
  assert.equal(none.status, 1);
  assert.equal(runCli(['changes', '203.0.113.9', ...files(dir)]).status, 2);
});

test('logins: failed logins per account and per address, per protocol, and the bursts; the account report counts the same failures', async () => {
  const dir = path.join(inv, 'smtp-auth');
  const r = json(['logins', '--json', '--year', '2026', ...files(dir)]);
  assert.equal(r.status, 0, r.stderr);
  const { accounts, addresses, bursts } = r.out;
  assert.deepEqual(accounts['carol@example.com'].byProtocol.smtp.failed > 0, true);
  assert.deepEqual(addresses['203.0.113.77'], { failed: 6, accounts: { 'info@example.com': 2, admin: 1, 'admin@example.com': 1, 'sales@example.com': 1, 'test@example.com': 1 } });
  assert.ok(bursts.some((b: { kind: string; key: string; count: number }) => b.kind === 'address' && b.key === '203.0.113.77' && b.count === 6));
  assert.ok(bursts.every((b: { first: string; last: string }) => b.first <= b.last));
  // One definition of a failed login: the account report's counts per account are these.
  const report = JSON.parse(runCli(['accounts', '--json', '--year', '2026', ...files(dir)]).stdout.toString());
  for (const a of report.accounts) if (a.logins.failed) assert.equal(accounts[a.account]?.failed, a.logins.failed, a.account);
  // The editor's failed-logins document counts as many.
  const doc = await folderFailedLogins(dir, { burstCount: 5, burstMinutes: 10 });
  const perAccount = (Object.values(accounts) as { failed: number }[]).reduce((n, a) => n + a.failed, 0);
  // Failures that name no account (Postfix 2.x) count per address only.
  const unnamed = (Object.values(addresses) as { failed: number; accounts: Record<string, number> }[]).reduce((n, a) => n + a.failed - Object.values(a.accounts).reduce((x, y) => x + y, 0), 0);
  assert.equal(doc.failures, perAccount + unnamed);
  // --burst-count changes what a burst is; no failed login at all: exit 1.
  assert.equal(json(['logins', '--json', '--burst-count', '100', ...files(dir)]).out.bursts.length, 0);
  assert.equal(runCli(['logins', path.join(inv, 'restarts', 'mailbox.log')]).status, 1);
  // The corpus: a CrowdSec brute force and the fail2ban issue's audit.log.
  const bf = path.join(corpus, 'crowdsec-hub', 'zimbra-bf__zimbra-bf.log');
  if (fs.existsSync(bf)) {
    const s = SecurityScan.of(fs.readFileSync(bf, 'utf8').split('\n'));
    const c = json(['logins', '--json', bf]).out;
    assert.equal((Object.values(c.accounts) as { failed: number }[]).reduce((n, a) => n + a.failed, 0), s.failures.filter((f) => f.account).length);
    assert.ok(c.bursts.some((b: { kind: string; key: string }) => b.kind === 'address' && b.key === '192.168.7.15'));
  }
  const f2b = path.join(corpus, 'github-issue-snippets', 'fail2ban_issue2251.audit.log');
  if (fs.existsSync(f2b)) assert.ok(json(['logins', '--json', f2b]).out.accounts['usuario1@domain.com.org'].byProtocol.imap.failed >= 3);
});

test('redact: the editor\'s redaction, pseudonyms consistent across files, streamed; standard input', () => {
  const a = path.join(inv, 'logs', 'zimbra.log');
  const b = path.join(inv, 'logs', 'audit.log');
  const r = runCli(['redact', a]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.toString(), redact(fs.readFileSync(a, 'utf8')).text);
  // Two files: one Redactor, as if they were one text.
  const both = runCli(['redact', a, b]).stdout.toString();
  assert.equal(both, redact(fs.readFileSync(a, 'utf8') + fs.readFileSync(b, 'utf8')).text);
  assert.ok(!both.includes('bob@example.com') && !both.includes('198.51.100.23'));
  assert.equal(runCli(['redact'], fs.readFileSync(a)).stdout.toString(), redact(fs.readFileSync(a, 'utf8')).text);
  const gz = tmpFile('zimbra.log.1.gz', zlib.gzipSync(fs.readFileSync(a)));
  assert.equal(runCli(['redact', gz]).stdout.toString(), redact(fs.readFileSync(a, 'utf8')).text);
  assert.equal(runCli(['redact'], 'nothing to hide here\n').status, 1);
  for (const f of [path.join(corpus, 'khoihng22-zm-mailbox-logs', 'audit.log'), path.join(corpus, 'fail2ban', 'postfix.log')]) {
    if (fs.existsSync(f)) assert.equal(runCli(['redact', f]).stdout.toString(), redact(fs.readFileSync(f, 'utf8')).text, f);
  }
});

test('exit codes: 0 found, 1 nothing found, 2 usage or input error, for every subcommand; --help says what each reads and prints', () => {
  const sample = path.join(root, 'samples', 'zimbra.log');
  const logs = path.join(inv, 'logs');
  const empty = tmpFile('empty.log', '');
  const missing = path.join(logs, 'no-such.log');
  const cases: [string[], number][] = [
    [['collate', '--grep', 'no-such-thing', sample], 1],
    [['collate', '--grep', 'postfix', sample], 0],
    [['collate', empty], 0],
    [['summary', sample], 0],
    [['summary', empty], 1],
    [['trace', 'nobody@nowhere.example', sample], 1],
    [['accounts', path.join(inv, 'hijack', 'zimbra.log')], 0],
    [['accounts', empty], 1],
    [['activity', 'bob@example.com', path.join(logs, 'mailbox.log')], 0],
    [['activity', 'nobody@example.com', path.join(logs, 'mailbox.log')], 1],
    [['activity', 'bob@example.com'], 2],
    [['activity', 'bob@example.com', '-'], 2],
    [['activity', 'bob@example.com', missing], 2],
    [['activity', 'a b', path.join(logs, 'mailbox.log')], 2],
    [['activity', '--from', 'yesterday', 'bob@example.com', path.join(logs, 'mailbox.log')], 2],
    [['restarts'], 2],
    [['restarts', missing], 2],
    [['restarts', '--keep', 'x', path.join(logs, 'mailbox.log')], 2],
    [['changes', 'bob@example.com'], 2],
    [['logins', empty], 1],
    [['logins', missing], 2],
    [['logins', '--burst-count', '0', empty], 2],
    [['redact', missing], 2],
    [['redact', '--json', empty], 2],
    [['nonsense'], 2],
  ];
  for (const [args, code] of cases) {
    const r = runCli(args);
    assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
    if (code === 2) assert.match(r.stderr.toString(), /^zimbra-logs: /);
  }
  for (const c of ['collate', 'trace', 'summary', 'accounts', 'activity', 'restarts', 'changes', 'logins', 'redact']) {
    const h = runCli([c, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout.toString(), new RegExp(`^Usage: zimbra-logs ${c}`));
    assert.match(h.stdout.toString(), /Exit status: 0 when [\s\S]*, 1\swhen\s/);
  }
  assert.match(runCli(['--help']).stdout.toString(), /activity QUERY FILE.*\n.*restarts.*\n.*changes ACCOUNT.*\n.*logins.*\n.*redact/);
});

test('log text in the readable reports is made safe for a terminal', () => {
  const f = tmpFile('mailbox.log', '2026-10-13 09:01:00,300 INFO  [ImapServer-4] [name=bob@example.com;mid=3;ip=192.0.2.5;] mailop - Deleting Message (id=257) \x1b[2J\u202eevil.\n');
  for (const args of [['activity', 'bob@example.com', f], ['changes', 'bob@example.com', f]]) {
    const out = runCli(args).stdout.toString();
    assert.ok(!out.includes('\x1b') && !out.includes('\u202e'), args[0]);
    assert.match(out, /\uFFFD\[2J\uFFFDevil/);
  }
  // JSON keeps the text as it is (escaped by JSON).
  assert.ok(json(['activity', '--json', 'bob@example.com', f]).out.entries[0].text.includes('\x1b[2J'));
});

test('without WebAssembly (node --jitless) the investigations give the same output as with it', () => {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const run = (flags: string[], args: string[]) => spawnSync(process.execPath, [...flags, path.join(root, 'dist', 'cli.js'), ...args], { maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  const all = ['logs', 'changes', 'hijack', 'newyear', 'smtp-auth', 'proxy'].flatMap((d) => files(path.join(inv, d)));
  const cases = [['activity', '--json', 'bob@example.com'], ['activity', '--json', '203.0.113.9'], ['logins', '--json'], ['changes', '--json', 'bob@example.com'], ['redact']];
  for (const args of cases) {
    const wasm = run([], [...args, ...all]);
    const plain = run(['--jitless'], [...args, ...all]);
    assert.ok(wasm.status === 0 || wasm.status === 1, `${args.join(' ')}: ${wasm.stderr}`);
    assert.equal(plain.status, wasm.status, args.join(' '));
    assert.ok(wasm.stdout.length > 100, args.join(' '));
    assert.equal(plain.stdout.toString(), wasm.stdout.toString(), args.join(' '));
  }
});
