// The account report's logins beyond audit.log (issue 9): ActiveSync sessions of sync.log, failed
// SASL logins of saslauthd and Postfix (per account and per client address), first and last seen
// per address (test/fixtures/investigate/mobile); the proxy notice in the document's result; and
// the account-flagged Warnings following the zimbraLogs.accounts.* thresholds.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccountReport, defaultReportThresholds } from '../../server/src/engine/investigate/accountReport';
import { fixtures, runCli } from './helpers';

const mobile = path.join(fixtures, 'investigate', 'mobile');

function report(dir: string, names: string[]) {
  const r = new AccountReport();
  r.setYear(2026);
  names.forEach((f, i) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, n) => r.push(l, n, i)));
  return r.report();
}

test('ActiveSync: one login per device session of sync.log (a new one after an hour apart), failures too; addresses first and last seen', () => {
  const r = report(mobile, ['sync.log', 'zimbra.log']);
  const erin = r.accounts.find((a) => a.account === 'erin@example.com')!;
  assert.deepEqual(erin.logins.byProtocol, { activesync: { ok: 3, failed: 1 } });
  assert.deepEqual(erin.logins.addresses['198.51.100.77'], { ok: 2, failed: 0, first: '2026-10-13 08:15:02', last: '2026-10-13 11:20:05' });
  assert.deepEqual(erin.logins.addresses['203.0.113.90'], { ok: 1, failed: 1, first: '2026-10-13 09:02:11', last: '2026-10-13 09:03:30' });
  assert.deepEqual(Object.keys(erin.logins.clients).sort(), ['Android-SAMSUNG-SM-G991B/101.10', 'Apple-iPhone15C2/2104.62']);
  assert.deepEqual(erin.lines.logins.map((l) => l.line), [0, 4, 5, 6]);
  // An audit.log that records ActiveSync logins (protocol=zsync) is the record: sync.log sessions are not counted again.
  const a = new AccountReport();
  a.push('2026-10-13 08:15:01,900 INFO  [qtp1-9:https://192.0.2.21/Microsoft-Server-ActiveSync] [ip=192.0.2.5;oip=198.51.100.77;] security - cmd=Auth; account=erin@example.com; protocol=zsync;', 0, 0);
  fs.readFileSync(path.join(mobile, 'sync.log'), 'utf8').split('\n').forEach((l, n) => a.push(l, n, 1));
  assert.deepEqual(a.report().accounts[0].logins.byProtocol, { activesync: { ok: 1, failed: 0 } });
});

test('failed SASL logins: saslauthd and Postfix lines of one failure count once; per account where named, per client address', () => {
  const r = report(mobile, ['sync.log', 'zimbra.log']);
  const by = (name: string) => r.accounts.find((a) => a.account === name)!;
  // saslauthd named frank, Postfix 2 s later gave the address: one failure, with its address.
  assert.deepEqual([by('frank@example.com').logins.ok, by('frank@example.com').logins.failed], [1, 1]);
  assert.deepEqual(by('frank@example.com').logins.addresses['203.0.113.80'], { ok: 0, failed: 1, first: '2026-10-13 10:00:03', last: '2026-10-13 10:00:03' });
  // Postfix 3.x names the account itself; saslauthd alone has no address.
  assert.deepEqual(by('grace@example.com').logins.byProtocol, { smtp: { ok: 0, failed: 1 } });
  assert.deepEqual([by('henry').logins.failed, Object.keys(by('henry').logins.addresses)], [1, []]);
  assert.deepEqual(Object.keys(r.saslFailures), ['203.0.113.81', '203.0.113.80']);
  assert.deepEqual(r.saslFailures['203.0.113.81'], { failed: 3, accounts: [], first: '2026-10-13 10:06:10', last: '2026-10-13 10:06:15', lines: [3, 4, 5].map((line) => ({ file: 1, line })) });
  assert.deepEqual(r.saslFailures['203.0.113.80'].accounts, ['frank@example.com', 'grace@example.com']);
  const cli = runCli(['accounts', '--json', '--year', '2026', path.join(mobile, 'sync.log'), path.join(mobile, 'zimbra.log')]);
  assert.equal(cli.status, 0, cli.stderr.toString());
  const json = JSON.parse(cli.stdout.toString());
  assert.equal(json.saslFailures['203.0.113.81'].failed, 3);
  assert.equal(json.accounts.find((a: { account: string }) => a.account === 'erin@example.com').logins.byProtocol.activesync.ok, 3);
});

test('the folder: sync.log is among its logs; the document lists SASL failures per address, addresses first to last, the proxy notice in the result', async () => {
  const { folderAccountReport, investigationLogs } = await import('../../server/src/lsp/investigateFiles');
  assert.deepEqual(investigationLogs(mobile).map((f) => path.basename(f)).sort(), ['sync.log', 'zimbra.log']);
  const doc = await folderAccountReport(mobile);
  assert.deepEqual([doc.accounts, doc.flagged, doc.notices], [4, 0, []]);
  assert.match(doc.text, /^Failed SMTP AUTH \(SASL\) logins per client address: 2\n {2}203\.0\.113\.81 3 failed, 10-13 10:06:10 to 10-13 10:06:15 · zimbra\.log:4, zimbra\.log:6$/m);
  assert.match(doc.text, /^ {2}logins: 3 ok, 1 failed: activesync 3 \(\+1 failed\); 2026-10-13 08:15:02 to 2026-10-13 11:20:05 · sync\.log:1, sync\.log:7$/m);
  assert.match(doc.text, /addresses: 198\.51\.100\.77 2 10-13 08:15:02 to 10-13 11:20:05, 203\.0\.113\.90 2 \(1 failed\) 10-13 09:02:11 to 10-13 09:03:30/);
  const lines = doc.text.split('\n');
  for (const l of doc.links) assert.equal(lines[l.line].slice(l.start, l.end), l.label);
  const proxy = await folderAccountReport(path.join(fixtures, 'investigate', 'proxy'));
  assert.equal(proxy.notices.length, 1);
  assert.match(proxy.notices[0], /every client address is 192\.0\.2\.5.*zimbraMailTrustedIP/);
  assert.equal(proxy.text.split('\n').filter((l) => l.startsWith('Notice: ')).length, 1, 'said once');
});

test('account-flagged Warnings follow the zimbraLogs.accounts.* thresholds of the settings', async () => {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { LogView } = await import('../../server/src/lsp/workspace');
  const { diagnostics } = await import('../../server/src/features/diagnostics');
  const { parseSettings } = await import('../../server/src/lsp/settings');
  const text = fs.readFileSync(path.join(fixtures, 'investigate', 'hijack', 'zimbra.log'), 'utf8');
  const flagged = (settings: object) => diagnostics(new LogView(TextDocument.create('file:///h/zimbra.log', 'postfix-log', 1, text)), parseSettings({ accounts: settings })).filter((d) => d.code === 'account-flagged');
  const byDefault = flagged({});
  assert.ok(byDefault.some((d) => /client addresses within an hour/.test(d.message)));
  assert.ok(byDefault.some((d) => /bounced or deferred/.test(d.message)));
  // More addresses allowed: that reason goes; a higher bounce share: that one too; every threshold loose: none.
  const moreAddresses = flagged({ maxAddressesPerHour: 20 });
  assert.equal(moreAddresses.length, byDefault.length - 1);
  assert.ok(!moreAddresses.some((d) => /client addresses within an hour/.test(d.message)));
  assert.ok(!flagged({ maxBounceShare: 0.5 }).some((d) => /bounced or deferred/.test(d.message)));
  assert.deepEqual(flagged({ maxAddressesPerHour: 20, burstRecipients: 500, minUnusualRecipients: 500, maxBounceShare: 1 }), []);
  // Stricter: the reasons go by the lower thresholds; an invalid value keeps the default, and so does
  // a count below the schema's minimum of 1 (0 used to flag every account with a login).
  assert.deepEqual(flagged({ maxBounceShare: 0, maxAddressesPerHour: 1 }).map((d) => /\(more than (\d+)/.exec(d.message)?.[1]), ['1', '0']);
  assert.deepEqual(flagged({ maxAddressesPerHour: 0, minRecipientsForShare: 0 }), byDefault);
  assert.deepEqual(flagged({ maxAddressesPerHour: -1, burstRecipients: 'many' }), byDefault);
  assert.equal(defaultReportThresholds.maxAddressesPerHour, 4);
});
