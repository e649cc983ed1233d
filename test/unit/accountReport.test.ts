// The account report: a hijacked account (logins from new addresses, then a burst of mail to
// free-mail recipients with bounces) among ordinary ones (test/fixtures/investigate/hijack), the
// verdict's reasons and thresholds, the proxy notice, and the CLI's JSON.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccountReport, defaultReportThresholds, isFreemail } from '../../server/src/engine/investigate/accountReport';
import { fixtures, runCli } from './helpers';

const dir = path.join(fixtures, 'investigate', 'hijack');
const names = ['audit.log', 'mailbox.log', 'zimbra.log'];

function report(thresholds = defaultReportThresholds, files = names) {
  const r = new AccountReport();
  r.setYear(2026);
  files.forEach((f, i) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, n) => r.push(l, n, i)));
  return r.report(thresholds);
}

test('the hijacked account is flagged first, with every reason; ordinary accounts are not', () => {
  const r = report();
  assert.deepEqual(r.accounts.map((a) => [a.account, a.flagged]), [['dave@example.com', true], ['bob@example.com', false], ['carol@example.com', false], ['alice@example.com', false]]);
  const dave = r.accounts[0];
  assert.equal(dave.reasons.length, 4);
  assert.match(dave.reasons[0], /^5 client addresses within an hour from 2026-10-13 14:02:10 \(more than 4\)$/);
  assert.match(dave.reasons[1], /^login from a new address 203\.0\.113\.11 at 2026-10-13 14:02:10, then 84 recipients in 14 messages within the hour/);
  assert.match(dave.reasons[2], /^84 recipients in the hour 2026-10-13 14:00, the account's usual hour has 1/);
  assert.match(dave.reasons[3], /bounced or deferred .*; 97 % at free-mail domains$/);
  assert.deepEqual([dave.sent.smtpAuth.messages, dave.sent.smtpAuth.recipients, dave.sent.webmail.messages], [14, 84, 3]);
  assert.equal(dave.logins.byProtocol.smtp.ok, 14);
  assert.equal(dave.sent.perHour['2026-10-13 14'].recipients, 84);
  // The lines behind each reason: the new address's login line and the messages of the burst.
  assert.equal(dave.lines.reasons[1].length, 15);
  assert.ok(dave.lines.reasons[1].every((ref) => ref.file === 2));
  const bob = r.accounts.find((a) => a.account === 'bob@example.com')!;
  assert.deepEqual([bob.logins.failed, bob.logins.byProtocol.imap.failed, bob.sent.webmail.messages > 0], [2, 2, true]);
  assert.equal(r.notices.length, 0, 'oip= is logged: no proxy notice');
});

test('thresholds: stricter ones flag more, looser ones flag nothing; webmail recipients come from the MTA', () => {
  const loose = report({ maxAddressesPerHour: 10, burstRecipients: 500, usualFactor: 1000, minUnusualRecipients: 1000, maxBounceShare: 0.9, minRecipientsForShare: 1000 });
  assert.ok(loose.accounts.every((a) => !a.flagged));
  const strict = report({ ...defaultReportThresholds, maxAddressesPerHour: 1 });
  assert.deepEqual(strict.accounts.filter((a) => a.flagged).map((a) => a.account), ['dave@example.com', 'carol@example.com']);
  // Without the MTA's log, webmail messages are counted without recipients.
  const alone = report(defaultReportThresholds, ['audit.log', 'mailbox.log']);
  const alice = alone.accounts.find((a) => a.account === 'alice@example.com')!;
  assert.deepEqual([alice.sent.webmail.messages, alice.sent.recipients], [2, 0]);
});

test('free-mail domains; the proxy notice when no line has oip= and one address is every client', () => {
  assert.ok(isFreemail('x@gmail.com') && isFreemail('y@yahoo.co.uk') && isFreemail('z@mail.ru'));
  assert.ok(!isFreemail('a@example.com') && !isFreemail('a@notgmail.com'));
  const r = new AccountReport();
  r.push('2026-10-13 08:00:00,000 INFO  [ImapServer-1] [name=bob@example.com;ip=192.0.2.5;] security - cmd=Auth; account=bob@example.com; protocol=imap;', 0);
  r.push('2026-10-13 08:00:01,000 INFO  [ImapServer-2] [name=eve@example.com;ip=192.0.2.5;] security - cmd=Auth; account=eve@example.com; protocol=imap;', 1);
  const out = r.report();
  assert.equal(out.notices.length, 1);
  assert.match(out.notices[0], /every client address is 192\.0\.2\.5.*zimbraMailTrustedIP/);
});

test('CLI accounts --json: the shape of the issue; exit 0 when accounts are found (flagged or not, issue 17), 2 on a missing file', () => {
  const r = runCli(['accounts', '--json', '--year', '2026', ...names.map((n) => path.join(dir, n))]);
  assert.equal(r.status, 0, r.stderr.toString());
  const json = JSON.parse(r.stdout.toString());
  assert.deepEqual(Object.keys(json.accounts[0]), ['account', 'flagged', 'reasons', 'logins', 'sent']);
  assert.equal(json.accounts[0].account, 'dave@example.com');
  assert.equal(json.accounts[0].flagged, true);
  assert.ok(json.accounts.slice(1).every((a: { flagged: boolean }) => !a.flagged));
  const text = runCli(['accounts', '--burst-recipients', '1000', '--max-addresses-per-hour', '9', '--min-unusual-recipients', '1000', '--max-bounce-share', '1', path.join(dir, 'zimbra.log')]);
  assert.equal(text.status, 0, text.stdout.toString());
  assert.match(text.stdout.toString(), /^2 accounts, 0 flagged\n/);
  const missing = runCli(['accounts', path.join(dir, 'nope.log')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr.toString(), /nope\.log: no such file/);
});

test('mailbox changes of an account: deletions, moves, emptying, purge, redirect, filter rules, prefs, admin changes, in time order', async () => {
  const { folderMailboxChanges } = await import('../../server/src/lsp/investigateFiles');
  const changesDir = path.join(fixtures, 'investigate', 'changes');
  const r = await folderMailboxChanges(changesDir, { account: 'bob@example.com' });
  const lines = r.text.split('\n');
  assert.equal(lines[0], `Mailbox changes of bob@example.com in ${changesDir}: 12`);
  const kinds = lines.slice(2, 14).map((l) => l.slice(21, 36).trim());
  assert.deepEqual(kinds, ['move', 'move', 'delete', 'delete', 'empty', 'filter rules', 'preferences', 'redirect', 'password', 'account change', 'delegated login', 'purge']);
  assert.match(r.text, /09:00:01 {2}move {12}Message \(id=260\) to Folder Trash \(id=3\) · from 198\.51\.100\.20 \(ZimbraWebClient - FF131 \(Linux\)\/10\.1\.2_GA\) · mailbox\.log:1/);
  assert.match(r.text, /09:01:02 {2}delete {10}items: 258,259,262 · from 203\.0\.113\.77 \(Thunderbird\/128\.3\)/);
  assert.match(r.text, /09:10:00 {2}redirect {8}to bob\.forward@gmail\.com · from 192\.0\.2\.10 · mailbox\.log:8/);
  assert.match(r.text, /09:21:13 {2}account change {2}name=bob@example\.com; zimbraPrefMailForwardingAddress=bob\.forward@gmail\.com · by admin@example\.com from 192\.0\.2\.5/);
  assert.match(r.text, /09:25:19 {2}delegated login {1}accountId=.* · by admin@example\.com/);
  assert.doesNotMatch(r.text, /id=99|cmd=Auth/);
  for (const l of r.links) assert.equal(lines[l.line].slice(l.start, l.end), l.label);
  assert.equal(r.links.length, r.changes);
});

test('diagnostics: a Warning on the first line behind each reason of a flagged account; none for ordinary logs', async () => {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { LogView } = await import('../../server/src/lsp/workspace');
  const { diagnostics } = await import('../../server/src/features/diagnostics');
  const text = fs.readFileSync(path.join(dir, 'zimbra.log'), 'utf8');
  const ds = diagnostics(new LogView(TextDocument.create('file:///h/zimbra.log', 'postfix-log', 1, text))).filter((d) => d.code === 'account-flagged');
  assert.ok(ds.length >= 2);
  const lines = text.split('\n');
  assert.match(lines[ds[0].range.start.line], /: client=unknown\[203\.0\.113\.11\], sasl_method=LOGIN, sasl_username=dave@example\.com$/);
  assert.ok(ds.every((d) => d.severity === 2 && d.message.startsWith('dave@example.com may be hijacked: ')));
  const sample = fs.readFileSync(path.join(fixtures, '..', '..', 'samples', 'zimbra.log'), 'utf8');
  assert.deepEqual(diagnostics(new LogView(TextDocument.create('file:///s/zimbra.log', 'postfix-log', 1, sample))).filter((d) => d.code === 'account-flagged'), []);
});
