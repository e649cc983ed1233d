// SMTP AUTH (SASL) logins in the security view (test/fixtures/investigate/smtp-auth): Postfix's
// and saslauthd's failed logins as failed `smtp` logins, one failure logged by both counted once
// (the account report's recognition, shared), successful `sasl_username=` logins, bursts across a
// rotated .gz, Warnings and hovers in an open zimbra.log, and the real corpus's lines.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, MarkupContent } from 'vscode-languageserver';
import { AccountReport } from '../../server/src/engine/investigate/accountReport';
import { defaultBurstSettings, SecurityScan } from '../../server/src/engine/investigate/security';
import { SaslFailures, saslFailureOf } from '../../server/src/engine/investigate/smtpAuth';
import { ProblemScan } from '../../server/src/engine/index/problemScan';
import { syslogHeader, SyslogHeader } from '../../server/src/engine/index/syslogHeader';
import { burstDiagnostics, failedLoginsDocument, securityHover, securityScan } from '../../server/src/features/investigate/failedLogins';
import { diagnostics } from '../../server/src/features/diagnostics';
import { folderFailedLogins, investigationLogs } from '../../server/src/lsp/investigateFiles';
import { LogView } from '../../server/src/lsp/workspace';
import { corpusFiles, fixtures } from './helpers';

const dir = path.join(fixtures, 'investigate', 'smtp-auth');
const text = (name: string) => {
  const b = fs.readFileSync(path.join(dir, name));
  return (name.endsWith('.gz') ? zlib.gunzipSync(b) : b).toString('utf8');
};
const zimbraLog = () => text('zimbra.log');
const view = () => new LogView(TextDocument.create('file:///mta/zimbra.log', 'postfix-log', 1, zimbraLog()));
const header = (): SyslogHeader => ({ timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 });

before(() => {
  // BSD syslog lines take their year from the file's modification time.
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), new Date(Date.UTC(2026, 9, 14)), new Date(Date.UTC(2026, 9, 14)));
});

test('one recognition of the line shapes: Postfix warnings (with or without sasl_username=, host[IP]:port) and saslauthd', () => {
  const of = (line: string) => {
    const h = syslogHeader(line, header());
    return h && saslFailureOf(line, h);
  };
  assert.deepEqual(of('Oct 13 02:14:04 mta01 postfix/submission/smtpd[31101]: warning: unknown[203.0.113.77]: SASL LOGIN authentication failed: authentication failure'), { by: 'postfix', ip: '203.0.113.77', account: undefined, mechanism: 'LOGIN', reason: 'authentication failure' });
  assert.deepEqual(of('Oct 13 03:00:06 mta01 postfix/smtps/smtpd[31200]: warning: mail.example.net[198.51.100.11]:50412: SASL PLAIN authentication failed: (reason unavailable), sasl_username=Carol@Example.com'), { by: 'postfix', ip: '198.51.100.11', account: 'carol@example.com', mechanism: 'PLAIN', reason: '(reason unavailable)' });
  assert.deepEqual(of('Oct 13 02:14:04 mta01 saslauthd[2311]: auth_zimbra: admin auth failed: account not found'), { by: 'saslauthd', account: 'admin', reason: 'account not found' });
  assert.equal(of('Oct 13 08:30:00 mta01 saslauthd[2311]: auth_zimbra: bob@example.com auth OK'), undefined);
  assert.equal(of('Oct 13 02:14:04 mta01 postfix/submission/smtpd[31101]: lost connection after AUTH from unknown[203.0.113.77]'), undefined);
  // Not Postfix: another program's look-alike warning is not a login.
  assert.equal(of('Oct 13 02:14:04 mta01 amavis[311]: warning: unknown[203.0.113.77]: SASL LOGIN authentication failed: x'), undefined);
});

test('every Postfix SASL failure and saslauthd auth_zimbra failure of the real corpus is recognised', () => {
  let seen = 0;
  for (const f of corpusFiles()) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      const h = syslogHeader(line, header());
      if (!h) continue;
      const postfix = line.startsWith('postfix', h.programStart) && /^warning: \S+\[[^\]]+\](?::\d+)?: SASL \S+ authentication failed/.test(line.slice(h.message));
      const saslauthd = line.startsWith('saslauthd', h.programStart) && / auth failed: /.test(line);
      if (!postfix && !saslauthd) continue;
      seen++;
      const f = saslFailureOf(line, h);
      assert.ok(f, line);
      assert.ok(postfix ? f.ip : f.account, line);
    }
  }
  if (corpusFiles().length) assert.ok(seen >= 20, `only ${seen} corpus lines`);
});

test('failed SMTP AUTH logins of zimbra.log: per account and per client address, protocol smtp, each failure once', () => {
  const scan = SecurityScan.of(zimbraLog().split('\n'), 2026);
  // 15 Postfix failures (9 of them also logged by saslauthd: counted once) and henry's saslauthd line alone.
  assert.equal(scan.failures.length, 16);
  assert.equal(scan.attempts.length - scan.failures.length, 2);
  assert.ok(scan.attempts.every((a) => a.protocol === 'smtp'));
  const byIp = scan.tally('ip');
  assert.deepEqual(byIp.slice(0, 2).map((t) => [t.key, t.failed, t.ok, t.protocols, t.others]), [
    ['203.0.113.77', 6, 0, { smtp: 6 }, { admin: 1, 'info@example.com': 2, 'test@example.com': 1, 'admin@example.com': 1, 'sales@example.com': 1 }],
    ['203.0.113.78', 3, 0, { smtp: 3 }, {}],
  ]);
  assert.deepEqual(byIp.find((t) => t.key === '192.0.2.200')!.failed, 1);
  const byAccount = scan.tally('account');
  const carol = byAccount.find((t) => t.key === 'carol@example.com')!;
  assert.deepEqual([carol.failed, carol.ok, Object.keys(carol.others)], [5, 1, ['198.51.100.11', '198.51.100.12', '198.51.100.13', '198.51.100.14', '198.51.100.15']]);
  assert.deepEqual(byAccount.find((t) => t.key === 'henry')!.others, {}, 'saslauthd alone: no address');
  assert.deepEqual(byAccount.find((t) => t.key === 'bob@example.com')!.ok, 1);
  // The failure is shown at Postfix's line, with the reason saslauthd gave.
  const first = scan.failures.find((a) => a.account === 'carol@example.com')!;
  assert.deepEqual([first.line, first.ip, first.reason], [37, '198.51.100.11', 'authentication failed for [carol@example.com], invalid password']);
  const bursts = scan.bursts();
  assert.deepEqual(bursts.map((b) => [b.by, b.key, b.failures[0].line, b.failures.length]), [['ip', '203.0.113.77', 12, 6], ['account', 'carol@example.com', 37, 5]]);
});

test('the security view and the account report count the same SMTP AUTH failures per account', () => {
  const scan = SecurityScan.of(zimbraLog().split('\n'), 2026);
  const report = new AccountReport();
  report.setYear(2026);
  zimbraLog().split('\n').forEach((l, n) => report.push(l, n));
  const accounts = report.report().accounts;
  const tally = new Map(scan.tally('account').map((t) => [t.key, t]));
  assert.equal(accounts.length, tally.size);
  for (const a of accounts) {
    const t = tally.get(a.account)!;
    assert.deepEqual([t.failed, t.ok], [a.logins.byProtocol.smtp.failed, a.logins.byProtocol.smtp.ok], a.account);
  }
});

test('pairing saslauthd with Postfix stays linear on a long attack', () => {
  const f = new SaslFailures();
  const n = 40_000;
  for (let i = 0; i < n; i++) {
    f.add({ by: 'saslauthd', account: `user${i % 50}@example.com` }, i * 500, { file: 0, line: 2 * i });
    f.add({ by: 'postfix', ip: '203.0.113.7', account: i % 2 ? `user${i % 50}@example.com` : undefined }, i * 500 + 300, { file: 0, line: 2 * i + 1 });
  }
  const merged = f.merged();
  // Counted, not timed: each Postfix line looks at the saslauthd lines within 5 s of it (about 20
  // here), not at every earlier one (a pairing that scans from the start looks at n² / 2 = 800 million).
  assert.ok(f.looked <= 25 * n, `${f.looked} saslauthd lines looked at for ${n} Postfix lines`);
  // Each Postfix line naming the account takes saslauthd's line of it; the unnamed ones have 20 candidates within 5 s: none.
  assert.deepEqual([merged.filter((m) => m.by === 'postfix').length, merged.filter((m) => m.saslauthd).length, merged.filter((m) => m.by === 'saslauthd').length], [n, n / 2, n / 2]);
  assert.ok(merged.filter((m) => m.saslauthd).every((m) => m.saslauthd!.line === m.ref.line - 1));
});

test('pairing stays linear when a whole attack falls within one second', () => {
  // Every line within 5 s of every other: a pairing that walks the window from its start for each
  // Postfix line looks at n² / 2 lines (the taken ones and the other accounts' ones again and again).
  const f = new SaslFailures();
  const n = 20_000;
  for (let i = 0; i < n; i++) f.add({ by: 'saslauthd', account: `user${i}@example.com` }, 1000, { file: 0, line: i });
  for (let i = 0; i < n; i++) f.add({ by: 'postfix', ip: '203.0.113.7', account: i % 4 ? `user${n - 1 - i}@example.com` : undefined }, 1000, { file: 0, line: n + i });
  const merged = f.merged();
  assert.ok(f.looked <= 4 * n, `${f.looked} saslauthd lines looked at for ${n} Postfix lines`);
  // The named ones take their account's line; the unnamed ones see thousands of candidates: none.
  const paired = merged.filter((m) => m.saslauthd);
  assert.equal(paired.length, (3 * n) / 4);
  assert.ok(paired.every((m) => m.account === `user${m.saslauthd!.line}@example.com`));
  assert.equal(merged.filter((m) => m.by === 'saslauthd').length, n / 4);
});

test('an unnamed Postfix line takes the only saslauthd line not yet taken, past the taken ones', () => {
  const f = new SaslFailures();
  for (let i = 0; i < 5; i++) f.add({ by: 'saslauthd', account: `u${i}@example.com`, reason: `r${i}` }, 1000 + i, { file: 0, line: i });
  // Four named ones take u0, u1, u3, u4; the unnamed one after them takes u2, the only one left.
  for (const [i, a] of [[0, 'u0'], [1, 'u1'], [3, 'u3'], [4, 'u4']] as const) f.add({ by: 'postfix', ip: '192.0.2.1', account: `${a}@example.com` }, 2000 + i, { file: 0, line: 10 + i });
  f.add({ by: 'postfix', ip: '192.0.2.9' }, 3000, { file: 0, line: 20 });
  const last = f.merged().find((m) => m.ref.line === 20)!;
  assert.deepEqual([last.account, last.reason, last.saslauthd?.line], ['u2@example.com', 'r2', 2]);
  assert.equal(f.merged().filter((m) => m.by === 'saslauthd').length, 0);
});

test('the quick scan marks the SMTP AUTH lines only', () => {
  const s = ProblemScan.build(zimbraLog());
  const lines = zimbraLog().split('\n');
  assert.equal(s.smtpAuthLines.length, 31);
  assert.ok(s.smtpAuthLines.every((n) => /saslauthd|SASL|sasl_username=/.test(lines[n])));
  assert.equal(lines.filter((l) => /saslauthd|SASL|sasl_username=/.test(l)).length, 31);
});

test('an open zimbra.log: a login-burst Warning on the first line of each burst, the failed-logins document, the hover', () => {
  const v = view();
  const ds = burstDiagnostics(v);
  assert.deepEqual(ds.map((d) => [d.range.start.line, d.code, d.severity]), [[12, 'login-burst', DiagnosticSeverity.Warning], [37, 'login-burst', DiagnosticSeverity.Warning]]);
  assert.match(ds[0].message, /^6 failed logins in 3\.6 min from 203\.0\.113\.77 against admin, info@example\.com, test@example\.com and 2 more \(smtp\): at least 5 within 10 min; lines 13, 18, 22, 26, 30, 34$/);
  assert.match(ds[1].message, /^5 failed logins in 6 min against carol@example\.com from 198\.51\.100\.11, 198\.51\.100\.12, 198\.51\.100\.13 and 2 more \(smtp\)/);
  assert.deepEqual(diagnostics(v).filter((d) => d.code === 'login-burst').map((d) => d.range.start.line), [12, 37]);
  assert.equal(burstDiagnostics(v, { ...defaultBurstSettings, burstCount: 7 }).length, 0);

  const doc = failedLoginsDocument(securityScan(v), [{ label: 'zimbra.log', uri: v.document.uri }], { burstCount: 5, burstMinutes: 10 }, 'zimbra.log');
  const lines = doc.text.split('\n');
  assert.equal(lines[0], 'Failed logins in zimbra.log: 16 failed, 2 successful');
  assert.match(doc.text, /\n {2}203\.0\.113\.78 +3 +0 +smtp 3 +- · zimbra\.log:9\n/);
  for (const l of doc.links) assert.equal(lines[l.line].slice(l.start, l.end), l.label);

  const warning = v.line(12);
  const h = securityHover(v, { line: 12, character: warning.indexOf('203.0.113.77') + 3 })!;
  assert.match((h.contents as MarkupContent).value, /^\*\*`203\.0\.113\.77`\*\* \(address in this log\): 6 failed logins, 0 successful/);
  assert.match((h.contents as MarkupContent).value, /Protocols: smtp 6/);
  const sasl = v.line(11);
  const acc = securityHover(v, { line: 11, character: sasl.indexOf('admin auth') + 1 })!;
  assert.match((acc.contents as MarkupContent).value, /^\*\*admin\*\* \(account in this log\): 1 failed login, 0 successful/);
});

test('the folder: audit.log and every zimbra.log (rotated .gz too), bursts across the rotation', async () => {
  assert.deepEqual(investigationLogs(dir).map((f) => path.basename(f)), ['audit.log', 'zimbra.log.1.gz', 'zimbra.log']);
  const r = await folderFailedLogins(dir, { burstCount: 5, burstMinutes: 10 });
  // audit.log: carol twice over IMAP; zimbra.log.1.gz: 3 more from 203.0.113.78.
  assert.deepEqual([r.failures, r.bursts], [21, 3]);
  const lines = r.text.split('\n');
  assert.match(lines[0], /^Failed logins in audit\.log, zimbra\.log\.1\.gz, zimbra\.log \(.*\): 21 failed, 3 successful$/);
  assert.match(r.text, /\n {2}2026-10-12 23:57:12 {2}zimbra\.log\.1\.gz:3 {2}6 failed logins in 6\.7 min from 203\.0\.113\.78 \(smtp\): /);
  assert.match(r.text, /\n {2}2026-10-13 03:00:06 {2}zimbra\.log:38 {2}7 failed logins in 8\.6 min against carol@example\.com from .* \(smtp, imap\)/);
  assert.match(r.text, /\n {2}carol@example\.com +7 +1 +smtp 6, imap 2 +198\.51\.100\.16 2, 198\.51\.100\.11 1, .* · audit\.log:2\n/);
  for (const l of r.links) {
    assert.equal(lines[l.line].slice(l.start, l.end), l.label);
    const [file, n] = l.label.split(':');
    assert.equal(text(file).split('\n')[l.logLine], text(file).split('\n')[Number(n) - 1]);
  }
  assert.ok(r.links.some((l) => l.label === 'zimbra.log.1.gz:3' && l.uri.endsWith('/smtp-auth/zimbra.log.1.gz')));
});
