// Protocol tests of the investigation requests: account activity across the folder's logs,
// failed logins, restarts, redaction; burst diagnostics and the audit.log hover, over stdio.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, MarkupContent, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { AccountReportRequest, ActivityRequest, FailedLoginsRequest, MailboxChangesRequest, RedactRequest, RestartsRequest } from '../../common/investigateProtocol';
import { root, TestServer } from './client';

const dir = path.join(root, 'test', 'fixtures', 'investigate', 'logs');
const smtpAuth = path.join(root, 'test', 'fixtures', 'investigate', 'smtp-auth');
const restarts = path.join(root, 'test', 'fixtures', 'investigate', 'restarts');
const folder = pathToFileURL(dir).toString();
let server: TestServer;
const published = new Map<string, PublishDiagnosticsParams>();

before(async () => {
  for (const d of [dir, smtpAuth]) for (const f of fs.readdirSync(d)) fs.utimesSync(path.join(d, f), new Date(Date.UTC(2026, 9, 14)), new Date(Date.UTC(2026, 9, 14)));
  server = await TestServer.start();
  server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => published.set(p.uri, p));
});
after(() => server.stop());

/**
 * The diagnostics of `uri` once they include `code` (the server publishes the quick scan's
 * problems first, then again with login bursts and flagged accounts).
 */
async function diagnosticsOf(uri: string, code: string): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + 10_000;
  while (!published.get(uri)?.diagnostics.some((d) => d.code === code)) {
    if (Date.now() > deadline) throw new Error(`no ${code} diagnostics for ${uri}: ${JSON.stringify(published.get(uri)?.diagnostics.map((d) => d.code))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return published.get(uri)!;
}

test('zimbraLogs/activity: every entry of an account across the folder, in time order, with links to files of the folder', async () => {
  const r = await server.connection.sendRequest(ActivityRequest, { folder, query: 'bob@example.com' });
  assert.equal(r.entries, 20);
  assert.equal(r.language, 'zimbra-log');
  assert.equal(r.files.length, 4);
  assert.ok(r.links.every((l) => r.files.includes(l.uri)));
  assert.deepEqual(r.links.slice(0, 3).map((l) => l.label), ['mailbox.log.2026-10-12.gz:1', 'audit.log:1', 'mailbox.log:4']);
  // Given a log instead of a folder: its folder. A time range and an address.
  const ip = await server.connection.sendRequest(ActivityRequest, { uri: pathToFileURL(path.join(dir, 'audit.log')).toString(), query: '203.0.113.9', from: '2026-10-13 08:11', to: '2026-10-13 08:13' });
  assert.deepEqual(ip.links.map((l) => l.label), ['audit.log:4', 'audit.log:5', 'mailbox.log:9', 'audit.log:6']);
  await assert.rejects(server.connection.sendRequest(ActivityRequest, { folder, query: 'bob', from: 'last week' }), /not a time/);
});

test('zimbraLogs/failedLogins: the folder\'s audit.log, or one open log', async () => {
  const r = await server.connection.sendRequest(FailedLoginsRequest, { folder });
  assert.deepEqual([r.failures, r.bursts, r.language], [13, 2, 'plaintext']);
  const strict = await server.connection.sendRequest(FailedLoginsRequest, { folder, burstCount: 4, burstMinutes: 5 });
  assert.equal(strict.bursts, 2);
  const uri = await server.open(path.join(dir, 'audit.log'), 'zimbra-log');
  const one = await server.connection.sendRequest(FailedLoginsRequest, { uri });
  assert.equal(one.failures, 13);
  assert.ok(one.links.every((l) => l.uri === uri));
});

test('burst diagnostics and the hover on an address of audit.log', async () => {
  const uri = pathToFileURL(path.join(dir, 'audit.log')).toString();
  const d = await diagnosticsOf(uri, 'login-burst');
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.range.start.line, x.severity]), [['login-burst', 1, 2], ['login-burst', 8, 2]]);
  const line = fs.readFileSync(path.join(dir, 'audit.log'), 'utf8').split('\n')[2];
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: line.indexOf('oip=') + 6 } });
  assert.match((h!.contents as MarkupContent).value, /6 failed logins, 0 successful/);
});

test('zimbraLogs/restarts: each restart with the ERROR/FATAL before it; a log that is not open is an error', async () => {
  const uri = await server.open(path.join(dir, 'mailbox.log'), 'zimbra-log');
  const r = await server.connection.sendRequest(RestartsRequest, { uri });
  assert.equal(r!.restarts, 2);
  assert.match(r!.text, /Last ERROR\/FATAL entries before it:\n {5}line 17 /);
  assert.ok(r!.links.every((l) => l.uri === uri));
  await assert.rejects(server.connection.sendRequest(RestartsRequest, { uri: 'file:///nowhere/mailbox.log' }), /not open/);
});

test('zimbraLogs/failedLogins: SMTP AUTH failures of the folder\'s zimbra.log files (rotated .gz too) with its audit.log', async () => {
  const r = await server.connection.sendRequest(FailedLoginsRequest, { folder: pathToFileURL(smtpAuth).toString() });
  assert.deepEqual([r.failures, r.bursts], [21, 3]);
  assert.match(r.text, /^Failed logins in audit\.log, zimbra\.log\.1\.gz, zimbra\.log .*: 21 failed, 3 successful$/m);
  assert.match(r.text, /zimbra\.log\.1\.gz:3 {2}6 failed logins in 6\.7 min from 203\.0\.113\.78 \(smtp\)/);
  assert.ok(r.links.some((l) => l.label === 'zimbra.log.1.gz:3' && l.uri === pathToFileURL(path.join(smtpAuth, 'zimbra.log.1.gz')).toString()));
});

test('login-burst Warnings and the hover in an open zimbra.log: Postfix and saslauthd SASL failures', async () => {
  const file = path.join(smtpAuth, 'zimbra.log');
  const uri = await server.open(file, 'postfix-log');
  const d = await diagnosticsOf(uri, 'login-burst');
  const bursts = d.diagnostics.filter((x) => x.code === 'login-burst');
  assert.deepEqual(bursts.map((x) => [x.range.start.line, x.severity]), [[12, 2], [37, 2]]);
  assert.match(bursts[0].message, /^6 failed logins in 3\.6 min from 203\.0\.113\.77 against admin, info@example\.com/);
  const line = fs.readFileSync(file, 'utf8').split('\n')[37];
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 37, character: line.indexOf('sasl_username=carol') + 16 } });
  assert.match((h!.contents as MarkupContent).value, /^\*\*`carol@example\.com`\*\* \(account in this log\): 5 failed logins, 1 successful/);
  const one = await server.connection.sendRequest(FailedLoginsRequest, { uri });
  assert.deepEqual([one.failures, one.bursts], [16, 2]);
});

test('zimbraLogs/restarts with a folder: every mailbox.log of it (rotated, .gz, a subfolder) in time order; the log alone otherwise', async () => {
  const folder = pathToFileURL(restarts).toString();
  const uri = await server.open(path.join(restarts, 'mailbox.log'), 'zimbra-log');
  const all = await server.connection.sendRequest(RestartsRequest, { uri, folder });
  assert.equal(all!.restarts, 4);
  assert.match(all!.text, /^1\. 2026-10-12 00:01:40 started without a clean shutdown .*\(mailbox\.log\.2026-10-12:2\)$/m);
  assert.match(all!.text, /^ {5}mailbox\.log\.2026-10-11\.gz:10 {2}2026-10-11 23:52:07,004 FATAL system - out of memory$/m);
  assert.deepEqual([...new Set(all!.links.map((l) => path.relative(restarts, new URL(l.uri).pathname)))].sort(), ['mailbox.log', 'mailbox.log.2026-10-11.gz', 'mailbox.log.2026-10-12', path.join('mbox02', 'mailbox.log')]);
  const gz = all!.links.find((l) => l.label === 'mailbox.log.2026-10-11.gz:10')!;
  assert.deepEqual([gz.logLine, gz.uri], [9, pathToFileURL(path.join(restarts, 'mailbox.log.2026-10-11.gz')).toString()]);
  // A folder alone: the same; the log alone: its one restart.
  assert.equal((await server.connection.sendRequest(RestartsRequest, { folder }))!.restarts, 4);
  const alone = await server.connection.sendRequest(RestartsRequest, { uri });
  assert.deepEqual([alone!.restarts, alone!.links.every((l) => l.uri === uri)], [1, true]);
  assert.match(alone!.text, /^1\. 2026-10-13 09:30:00 shutting down \(line 5\), started again 2026-10-13 09:31:12 \(line 6\)$/m);
  // A log that is not one of the folder's mailbox.log files: that log alone.
  const other = await server.open(path.join(dir, 'mailbox.log'), 'zimbra-log');
  const outside = await server.connection.sendRequest(RestartsRequest, { uri: other, folder, keep: 1 });
  assert.deepEqual([outside!.restarts, outside!.links.every((l) => l.uri === other)], [2, true]);
  assert.match(outside!.text, /\(2 older ones not shown\)/);
});

test('zimbraLogs/redact: consistent pseudonyms, counts', async () => {
  const r = await server.connection.sendRequest(RedactRequest, { text: 'from=<bob@example.com> ip=192.0.2.5\nto=<bob@example.com> [name=zimbra;]\n' });
  assert.equal(r.text, 'from=<user1@domain1.example> ip=198.18.0.1\nto=<user1@domain1.example> [name=account1;]\n');
  assert.deepEqual(r.counts, { email: 2, ip: 1, host: 0, account: 1 });
});

test('zimbraLogs/accountReport and zimbraLogs/mailboxChanges: documents with links to the lines behind them', async () => {
  const hijack = path.join(root, 'test', 'fixtures', 'investigate', 'hijack');
  const r = await server.connection.sendRequest(AccountReportRequest, { folder: pathToFileURL(hijack).toString() });
  assert.deepEqual([r.accounts, r.flagged], [4, 1]);
  assert.match(r.text, /\n\nFLAGGED dave@example\.com\n/);
  assert.ok(r.text.indexOf('FLAGGED dave@example.com') < r.text.indexOf('\nbob@example.com'), 'flagged first');
  const lines = r.text.split('\n');
  for (const l of r.links) assert.equal(lines[l.line].slice(l.start, l.end), l.label);
  assert.ok(r.links.some((l) => l.label.startsWith('zimbra.log:')));
  assert.deepEqual(r.notices, []);
  const loose = await server.connection.sendRequest(AccountReportRequest, { folder: pathToFileURL(hijack).toString(), thresholds: { maxAddressesPerHour: 9, burstRecipients: 999, minUnusualRecipients: 999, maxBounceShare: 1 } });
  assert.equal(loose.flagged, 0);
  const changes = await server.connection.sendRequest(MailboxChangesRequest, { folder: pathToFileURL(path.join(root, 'test', 'fixtures', 'investigate', 'changes')).toString(), account: 'bob@example.com', from: '2026-10-13 09:01', to: '2026-10-13 09:02' });
  assert.equal(changes.changes, 3);
  assert.match(changes.text, /delete {10}Message \(id=257\)/);
});

test('zimbraLogs/accountReport: the proxy notice once in the result; ActiveSync (sync.log) and failed SASL logins counted', async () => {
  const proxy = await server.connection.sendRequest(AccountReportRequest, { folder: pathToFileURL(path.join(root, 'test', 'fixtures', 'investigate', 'proxy')).toString() });
  assert.equal(proxy.notices.length, 1);
  assert.match(proxy.notices[0], /records the proxy's address.*zimbraMailTrustedIP/);
  const mobile = await server.connection.sendRequest(AccountReportRequest, { folder: pathToFileURL(path.join(root, 'test', 'fixtures', 'investigate', 'mobile')).toString() });
  assert.deepEqual([mobile.accounts, mobile.notices], [4, []]);
  assert.match(mobile.text, /^erin@example\.com\n {2}logins: 3 ok, 1 failed: activesync 3 \(\+1 failed\);/m);
  assert.match(mobile.text, /^ {2}203\.0\.113\.80 2 failed \(frank@example\.com, grace@example\.com\), 10-13 10:00:03 to 10-13 10:05:00 · zimbra\.log:2, zimbra\.log:3$/m);
  assert.ok(mobile.links.some((l) => l.label === 'sync.log:1'));
});

test('account-flagged Warnings of an open MTA log, on the first line behind each reason', async () => {
  const file = path.join(root, 'test', 'fixtures', 'investigate', 'hijack', 'zimbra.log');
  const uri = await server.open(file, 'postfix-log');
  const d = await diagnosticsOf(uri, 'account-flagged');
  const flagged = d.diagnostics.filter((x) => x.code === 'account-flagged');
  assert.deepEqual(flagged.map((x) => [x.range.start.line, x.severity]), [[61, 2], [61, 2]]);
  assert.match(flagged[0].message, /^dave@example\.com may be hijacked: 5 client addresses within an hour/);
});
