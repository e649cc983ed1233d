// Investigations: account activity across files, failed logins and bursts, restarts, redaction,
// on the fixtures of test/fixtures/investigate/logs (and, read-only, the real corpus).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafeSources } from './recheck';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, MarkupContent } from 'vscode-languageserver';
import { ActivitySearch, parseActivityQuery, tokenAt } from '../../server/src/engine/investigate/activity';
import { defaultBurstSettings, parseLogin, SecurityScan } from '../../server/src/engine/investigate/security';
import { restartReports } from '../../server/src/engine/investigate/restarts';
import { redact, Redactor } from '../../server/src/engine/investigate/redact';
import { threadGroup } from '../../server/src/engine/investigate/threads';
import { ProblemScan } from '../../server/src/engine/index/problemScan';
import { burstDiagnostics, failedLoginsDocument, securityHover } from '../../server/src/features/investigate/failedLogins';
import { logRestartsDocument } from '../../server/src/features/investigate/restarts';
import { folderActivity, folderFailedLogins, investigationLogs } from '../../server/src/lsp/investigateFiles';
import { LogView } from '../../server/src/lsp/workspace';
import { corpus, fixtures } from './helpers';

const dir = path.join(fixtures, 'investigate', 'logs');
const readText = (name: string) => {
  const b = fs.readFileSync(path.join(dir, name));
  return (name.endsWith('.gz') ? zlib.gunzipSync(b) : b).toString('utf8');
};
const view = (name: string, text = readText(name)) => new LogView(TextDocument.create(`file:///logs/${name}`, 'zimbra-log', 1, text));

/** Runs an ActivitySearch over the fixture files, fed in chunks of `chunk` characters. */
function search(query: string, names: string[], chunk = 7, from?: string, to?: string) {
  const s = new ActivitySearch(parseActivityQuery(query, from, to));
  const texts = names.map(readText);
  for (const t of texts) {
    s.beginFile(new Date(Date.UTC(2026, 9, 14)));
    for (let i = 0; i < t.length; i += chunk) s.append(t.slice(i, i + chunk));
  }
  for (const id of s.needsSecondPass()) {
    const p = s.second(id);
    for (let i = 0; i < texts[id].length; i += chunk) p.append(texts[id].slice(i, i + chunk));
    p.finish();
  }
  return s.result();
}

test('queries: accounts, IPv4 and IPv6 addresses, time bounds', () => {
  assert.deepEqual(parseActivityQuery(' Bob@Example.com '), { kind: 'account', value: 'bob@example.com' });
  assert.equal(parseActivityQuery('203.0.113.9').kind, 'ip');
  assert.equal(parseActivityQuery('2001:db8::5').kind, 'ip');
  const q = parseActivityQuery('bob', '2026-10-13', '2026-10-13 08:30');
  assert.equal(q.from, Date.UTC(2026, 9, 13));
  assert.equal(q.to, Date.UTC(2026, 9, 13, 8, 30, 59, 999));
  assert.throws(() => parseActivityQuery('bob', 'yesterday'), /not a time/);
  assert.throws(() => parseActivityQuery('a b'), /not an account/);
});

test('tokens: whole addresses only; a bare name only after name=, account=, for [', () => {
  const q = parseActivityQuery('bob@example.com');
  const at = (line: string, needle = 'bob') => tokenAt(line, line.toLowerCase().indexOf(needle), needle, q);
  assert.ok(at('[name=bob@example.com;mid=3;]'));
  assert.ok(at('to=<BOB@EXAMPLE.COM>,'));
  assert.ok(at('folderName=Inbox acct=bob@example.com.'));
  assert.ok(at('authentication failed for [bob], invalid password'));
  assert.ok(at('cmd=Auth; account=bob; protocol=imap;'));
  assert.ok(!at('to=<bob.private@freemail.example>'));
  assert.ok(!at('to=<bob@example.com.evil>'));
  assert.ok(!at('from=<jimbob@example.com>', 'bob'));
  assert.ok(!at('Thread bob running'));
  const ip = parseActivityQuery('192.0.2.5');
  const atIp = (line: string) => tokenAt(line, line.indexOf('192.0.2.5'), '192.0.2.5', ip);
  assert.ok(atIp('[ip=192.0.2.5;oip=1.2.3.4;]'));
  assert.ok(atIp('client=unknown[192.0.2.5]'));
  assert.ok(atIp('from 192.0.2.5.'));
  assert.ok(!atIp('[ip=192.0.2.55;]'));
  assert.ok(!atIp('[ip=10.192.0.2.5;]'));
});

test('activity of an account: mailbox.log entries with their traces, audit.log, Postfix transactions, the rotated .gz, in time order', () => {
  const names = ['mailbox.log.2026-10-12.gz', 'mailbox.log', 'audit.log', 'zimbra.log'];
  for (const chunk of [7, 100, 1 << 20]) {
    const entries = search('bob@example.com', names, chunk);
    const where = entries.map((e) => `${names[e.file]}:${e.line + 1}`);
    assert.deepEqual([...where].sort(), [
      'mailbox.log.2026-10-12.gz:1',
      'audit.log:1', 'audit.log:8', 'audit.log:16', // the logins and the admin's ModifyAccount name=bob@example.com
      'mailbox.log:4', 'mailbox.log:5', 'mailbox.log:7', 'mailbox.log:10', 'mailbox.log:15', 'mailbox.log:29',
      'zimbra.log:4', // from=<bob@example.com> ...
      'zimbra.log:2', 'zimbra.log:3', 'zimbra.log:5', 'zimbra.log:6', // ... and the rest of its transaction (pass 2)
      'zimbra.log:9', // sasl_username=bob@example.com ...
      'zimbra.log:10', 'zimbra.log:11', 'zimbra.log:12', 'zimbra.log:13',
    ].sort(), `chunk ${chunk}`);
    assert.equal(where[0], 'mailbox.log.2026-10-12.gz:1');
    // Time order.
    for (let i = 1; i < entries.length; i++) assert.ok(entries[i - 1].time <= entries[i].time, `order at ${i}`);
    // The handler exception comes with its stack trace.
    const exc = entries.find((e) => names[e.file] === 'mailbox.log' && e.line === 9)!;
    assert.equal(exc.text.split('\n').length, 5);
    assert.match(exc.text, /NO_SUCH_MSG\(ServiceException\.java:300\)$/);
    assert.ok(!entries.some((e) => /carol|eve@/.test(e.text.split('\n')[0]) && !/bob/.test(e.text)));
  }
});

test('activity of an address: ip=, oip=, client [IP]; a time range', () => {
  const names = ['mailbox.log', 'audit.log', 'zimbra.log'];
  const ip = search('198.51.100.23', names, 50).map((e) => `${names[e.file]}:${e.line + 1}`);
  assert.ok(ip.includes('audit.log:1') && ip.includes('mailbox.log:5') && ip.includes('zimbra.log:8') && ip.includes('zimbra.log:9'), ip.join(' '));
  assert.ok(ip.includes('zimbra.log:13'), 'the rest of the transaction from that client');
  const burst = search('203.0.113.9', ['audit.log'], 50);
  assert.equal(burst.length, 6);
  const ranged = search('203.0.113.9', ['audit.log'], 50, '2026-10-13 08:11', '2026-10-13 08:13');
  assert.deepEqual(ranged.map((e) => e.line + 1), [4, 5, 6]);
});

test('failed logins: audit.log cmd=Auth (AdminAuth not counted twice), mailbox.log authentication failed', () => {
  const a = parseLogin('2018-10-06 12:32:23,142 WARN  [ImapSSLServer-1] [ip=192.168.20.50;oip=177.128.120.174;via=192.168.20.52(nginx/1.7.1);ua=Zimbra/8.8.8_GA_3008;cid=234;] security - cmd=Auth; account=usuario1@domain.com.org; protocol=imap; error=authentication failed for [usuario1@domain.com.org], invalid password;', 0)!;
  assert.deepEqual([a.account, a.ip, a.protocol, a.ok, a.reason], ['usuario1@domain.com.org', '177.128.120.174', 'imap', false, 'invalid password']);
  const m = parseLogin('2021-03-03 19:51:53,762 INFO  [qtp93314457-324:smtp://smtp.test.fr:7073/service/admin/soap/] [oip=192.168.7.15;oport=57752;oproto=smtp;soapId=688cb579;] SoapEngine - handler exception: authentication failed for [toto.tata], account not found', 3)!;
  assert.deepEqual([m.account, m.ip, m.protocol, m.ok, m.reason, m.line], ['toto.tata', '192.168.7.15', 'smtp', false, 'account not found', 3]);
  const i = parseLogin('2026-10-13 08:10:00,010 INFO  [ImapSSLServer-1] [ip=192.0.2.5;oip=203.0.113.9;] imap - authentication failed for [eve@example.com] (invalid password)', 0)!;
  assert.deepEqual([i.protocol, i.reason], ['imap', 'invalid password']);
  assert.equal(parseLogin('2021-11-16 00:00:07,580 INFO  [qtp1-122:https://localhost:7071/service/admin/soap/AuthRequest] [name=zimbra;] security - cmd=AdminAuth; account=zimbra;', 0), undefined);

  const scan = SecurityScan.of(readText('audit.log').split('\n'));
  assert.equal(scan.failures.length, 13);
  const byIp = scan.tally('ip');
  assert.deepEqual([byIp[0].key, byIp[0].failed, byIp[0].protocols], ['203.0.113.9', 6, { imap: 4, soap: 1, pop3: 1 }]);
  const bursts = scan.bursts({ burstCount: 5, burstMinutes: 10 });
  assert.deepEqual(bursts.map((b) => [b.by, b.key, b.failures[0].line + 1, b.failures.length]), [['ip', '203.0.113.9', 2, 6], ['account', 'carol@example.com', 9, 5]]);
  // Stricter settings: the spread-out failures of eve (4 in 4 minutes) make a burst of their own.
  assert.deepEqual(scan.bursts({ burstCount: 4, burstMinutes: 5 }).map((b) => `${b.by} ${b.key}`), ['ip 203.0.113.9', 'account eve@example.com']);
  assert.deepEqual(scan.bursts({ burstCount: 5, burstMinutes: 1 }), []);
});

test('failed logins on the real corpus: fail2ban issue, CrowdSec brute force', () => {
  const f2b = path.join(corpus, 'github-issue-snippets', 'fail2ban_issue2251.audit.log');
  if (fs.existsSync(f2b)) {
    const s = SecurityScan.of(fs.readFileSync(f2b, 'utf8').split('\n'));
    assert.ok(s.failures.length >= 3);
    assert.ok(s.failures.every((f) => f.protocol === 'imap' && f.account === 'usuario1@domain.com.org' && f.ip && !f.ip.startsWith('192.168.20.')));
  }
  const bf = path.join(corpus, 'crowdsec-hub', 'zimbra-bf__zimbra-bf.log');
  if (fs.existsSync(bf)) {
    const s = SecurityScan.of(fs.readFileSync(bf, 'utf8').split('\n'));
    assert.ok(s.failures.length >= 5);
    assert.ok(s.bursts().some((b) => b.by === 'ip' && b.key === '192.168.7.15'));
  }
  const kh = path.join(corpus, 'khoihng22-zm-mailbox-logs', 'audit.log');
  if (fs.existsSync(kh)) {
    const s = SecurityScan.of(fs.readFileSync(kh, 'utf8').split('\n'));
    assert.ok(s.attempts.length > 50);
    assert.ok(s.attempts.every((a) => a.account && a.protocol));
  }
});

test('burst diagnostics: a Warning on the first line of each burst; settings', () => {
  const v = view('audit.log');
  const ds = burstDiagnostics(v);
  assert.deepEqual(ds.map((d) => [d.range.start.line, d.code, d.severity]), [[1, 'login-burst', DiagnosticSeverity.Warning], [8, 'login-burst', DiagnosticSeverity.Warning]]);
  assert.match(ds[0].message, /^6 failed logins in 4\.2 min from 203\.0\.113\.9 against eve@example\.com, frank@example\.com, admin \(imap, soap, pop3\): at least 5 within 10 min; lines 2, 3, 4, 5, 6, 7$/);
  assert.match(ds[1].message, /against carol@example\.com from 198\.51\.100\.71, 198\.51\.100\.72, 198\.51\.100\.73 and 2 more \(soap\)/);
  assert.equal(burstDiagnostics(v, { ...defaultBurstSettings, burstCount: 7 }).length, 0);
  assert.equal(burstDiagnostics(view('mailbox.log')).length, 0);
});

test('hover on an account or address of audit.log: its counts, escaped', () => {
  const v = view('audit.log');
  const line = v.line(2);
  const h = securityHover(v, { line: 2, character: line.indexOf('oip=') + 6 })!;
  const text = (h.contents as MarkupContent).value;
  assert.match(text, /^\*\*`203\.0\.113\.9`\*\* \(address in this log\): 6 failed logins, 0 successful/);
  assert.match(text, /Protocols: `imap 4, pop3 1, soap 1`/);
  assert.match(text, /against 3 accounts/);
  assert.equal(h.range!.start.character, line.indexOf('oip=') + 4);
  const acc = securityHover(v, { line: 2, character: line.indexOf('account=eve') + 10 })!;
  assert.match((acc.contents as MarkupContent).value, /\*\*`eve@example\.com`\*\* \(account in this log\): 4 failed logins, 0 successful/);
  assert.equal(securityHover(v, { line: 2, character: 3 }), null);
});

test('failed-logins document: bursts, per account, per address, with links to the lines', () => {
  const scan = SecurityScan.of(readText('audit.log').split('\n'));
  const doc = failedLoginsDocument(scan, [{ label: 'audit.log', uri: 'file:///logs/audit.log' }], { burstCount: 5, burstMinutes: 10 }, 'audit.log');
  const lines = doc.text.split('\n');
  assert.equal(lines[0], 'Failed logins in audit.log: 13 failed, 2 successful');
  assert.equal(doc.bursts, 2);
  assert.match(doc.text, /\n {2}2026-10-13 08:10:00 {2}audit\.log:2 {2}6 failed logins/);
  assert.match(doc.text, /\n {2}carol@example\.com +5 +0 +soap 5 +198\.51\.100\.71 1, 198\.51\.100\.72 1/);
  for (const l of doc.links) assert.equal(lines[l.line].slice(l.start, l.end), l.label);
  assert.ok(doc.links.some((l) => l.label === 'audit.log:15' && l.logLine === 14));
});

test('restarts: each with the last ERROR/FATAL entries before it; a start without a clean stop', () => {
  const v = view('mailbox.log');
  const rs = restartReports(v.scan);
  assert.deepEqual(rs.map((r) => [r.stop?.line, r.start?.line, r.preceding.map((e) => e.line + 1)]), [[26, 27, [17, 23, 24]], [undefined, 29, [29]]]);
  const doc = logRestartsDocument(v, 'mailbox.log');
  assert.match(doc.text, /^Restarts in mailbox\.log: 2\n/);
  assert.match(doc.text, /1\. 2026-10-13 08:41:45 shutting down \(line 27\), started again 2026-10-13 08:43:02 \(line 28\)/);
  assert.match(doc.text, /line 24 {2}2026-10-13 08:41:44,001 FATAL system - Unable to start servlet\n {7}Root cause: java\.sql\.SQLException/);
  assert.match(doc.text, /2\. 2026-10-13 09:12:00 started without a clean shutdown before it/);
  const lines = doc.text.split('\n');
  for (const l of doc.links) assert.equal(lines[l.line].slice(l.start, l.end), `line ${l.logLine + 1}`);
  // The sample: stop, then start.
  const sample = ProblemScan.build(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'samples', 'mailbox.log'), 'utf8'));
  assert.deepEqual(restartReports(sample).map((r) => [r.stop?.line, r.start?.line, r.preceding.map((e) => e.level)]), [[30, 31, ['ERROR', 'FATAL']]]);
});

test('thread groups', () => {
  assert.deepEqual(['LmtpServer-7', 'ImapSSLServer-1', 'Imap-Idle-Proxy-ImapServer-792', 'Pop3Server-2', 'qtp1027007693-121:https://x/service/soap/', 'btpool0-1064', 'main', 'MailboxPurge'].map(threadGroup), ['LmtpServer', 'ImapServer', 'ImapServer', 'Pop3Server', 'SOAP', 'SOAP', undefined, undefined]);
});

test('redaction: consistent pseudonyms for addresses, IPs, hosts and account names; Java names and times kept', () => {
  const text = [
    '2026-10-13 08:05:40,564 INFO  [qtp1027007693-121:https://192.0.2.21/service/soap/SendMsgRequest] [name=bob@example.com;mid=3;ip=192.0.2.5;oip=198.51.100.23;ua=ZimbraWebClient - FF131 (Linux)/10.1.2_GA;] smtp - Sending message to MTA at mta01.example.com, port 25: Message-ID=<1001.1.17603.JavaMail.zimbra@example.com>',
    'Oct 13 08:30:01 mta01 postfix/smtpd[21800]: 4B5C6D7E8F: client=unknown[198.51.100.23], sasl_method=PLAIN, sasl_username=bob@example.com',
    '2026-10-13 08:12:05,010 INFO  [qtp1-130:https://mail.example.com/service/soap/AuthRequest] [oip=2001:db8:5::17;] SoapEngine - handler exception: authentication failed for [admin], account not found',
    'com.zimbra.cs.account.AccountServiceException: no such server: mbox02.example.com',
    '\tat com.zimbra.cs.account.AccountServiceException.NO_SUCH_SERVER(AccountServiceException.java:256)',
    'Caused by: java.sql.SQLException: Cannot connect to MySQL server on 127.0.0.1:7306 (Connection refused) in mailbox.log',
  ].join('\n');
  const r = redact(text);
  const out = r.text.split('\n');
  assert.doesNotMatch(r.text, /bob|example\.com|192\.0\.2|198\.51|mta01|\[admin\]|2001:db8:5::17/);
  assert.match(out[0], /^2026-10-13 08:05:40,564 INFO {2}\[qtp1027007693-121:https:\/\/198\.18\.0\.1\/service\/soap\/SendMsgRequest\] \[name=user1@domain1\.example;mid=3;ip=198\.18\.0\.2;oip=198\.18\.0\.3;ua=ZimbraWebClient - FF131 \(Linux\)\/10\.1\.2_GA;\] smtp - Sending message to MTA at domain2\.example, port 25: Message-ID=<user2@domain1\.example>$/);
  assert.equal(out[1], 'Oct 13 08:30:01 host1 postfix/smtpd[21800]: 4B5C6D7E8F: client=unknown[198.18.0.3], sasl_method=PLAIN, sasl_username=user1@domain1.example');
  assert.match(out[2], /https:\/\/domain3\.example\/service.*\[oip=2001:db8::4;\].*failed for \[account1\], account not found$/);
  assert.equal(out[3], 'com.zimbra.cs.account.AccountServiceException: no such server: domain4.example');
  assert.equal(out[4], '\tat com.zimbra.cs.account.AccountServiceException.NO_SUCH_SERVER(AccountServiceException.java:256)');
  assert.match(out[5], /on 127\.0\.0\.1:7306 .* in mailbox\.log$/);
  assert.deepEqual(r.distinct, { email: 2, ip: 4, host: 5, account: 1 });
  // The same Redactor keeps pseudonyms across texts (one export of several files).
  const red = new Redactor();
  assert.equal(red.line('to=<bob@example.com>'), red.line('from=<BOB@example.com>').replace('from', 'to'));
  // Linear on long lines: the Redactor scans bytes (no regular expression); the host-name test it
  // asks has no super-linear worst case (recheck, deterministic).
  assertSafeSources('server/src/engine/formats/hostNames.ts');
  redact('a.'.repeat(100_000) + ' ' + '1.'.repeat(100_000) + ' ' + 'a@'.repeat(50_000) + ' ' + 'ab:'.repeat(60_000));
});

test('redaction of the real corpus leaves no address of the original', () => {
  const f = path.join(corpus, 'khoihng22-zm-mailbox-logs', 'audit.log');
  if (!fs.existsSync(f)) return;
  const r = redact(fs.readFileSync(f, 'utf8'));
  assert.doesNotMatch(r.text, /192\.168\.1\.\d|mail\.nhk\.com|admin@/);
  assert.equal(r.text.split('\n').length, fs.readFileSync(f, 'utf8').split('\n').length);
});

test('the folder: discovery (audit.log and rotations included), activity and failed logins read from disk', async () => {
  // BSD syslog lines get their year from the file's modification time.
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), new Date(Date.UTC(2026, 9, 14)), new Date(Date.UTC(2026, 9, 14)));
  const files = investigationLogs(dir).map((f) => path.basename(f));
  assert.deepEqual([...files].sort(), ['audit.log', 'mailbox.log', 'mailbox.log.2026-10-12.gz', 'zimbra.log']);
  assert.ok(files.indexOf('mailbox.log.2026-10-12.gz') < files.indexOf('mailbox.log'), 'rotated first');
  const r = await folderActivity(dir, { query: 'bob@example.com' });
  assert.equal(r.entries, 20);
  assert.equal(r.language, 'zimbra-log');
  const lines = r.text.split('\n');
  assert.match(lines[0], /^# Activity of bob@example\.com: 20 entries in 4 log file\(s\)$/);
  assert.equal(lines[lines.indexOf('── mailbox.log.2026-10-12.gz ──') + 1].slice(0, 23), '2026-10-12 23:58:00,001');
  assert.equal(r.links.length, 20);
  for (const l of r.links) {
    assert.ok(l.uri.startsWith('file:///') && !l.uri.includes('..'), l.uri);
    const target = readText(path.basename(new URL(l.uri).pathname)).split('\n')[l.logLine];
    assert.equal(lines[l.line].slice(0, l.end), target.slice(0, l.end), l.label);
  }
  const ranged = await folderActivity(dir, { query: 'bob@example.com', from: '2026-10-13 08:30', to: '2026-10-13 09:00' });
  assert.equal(ranged.entries, 5);
  const logins = await folderFailedLogins(dir, { burstCount: 5, burstMinutes: 10 });
  assert.equal(logins.failures, 13);
  assert.equal(logins.bursts, 2);
  assert.match(logins.text, /^Failed logins in audit\.log, zimbra\.log \(/);
});
