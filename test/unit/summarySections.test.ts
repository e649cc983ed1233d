// The summary's sections admins expect of pflogsumm and of an error digest: Postfix fatal/panic/
// warning lines and mailbox.log errors grouped by folded message, failed logins as the account
// report counts them, and the failure causes with their top domains.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summarizeText } from '../../server/src/engine/mailSummary';
import { foldMessage } from '../../server/src/engine/summary/messageGroups';
import { accountReport } from '../../server/src/cli/accounts';
import { SaslPairs, CountedFailure } from '../../server/src/engine/summary/saslPairs';
import { SaslFailures, SaslFailureLine } from '../../server/src/engine/investigate/smtpAuth';
import { corpus, fixtures, root, runCli } from './helpers';

test('Postfix fatal: lines of a real log are grouped with counts and first and last times', { skip: !fs.existsSync(path.join(corpus, 'sourav1maity-TestRepo')) }, () => {
  const r = JSON.parse(runCli(['summary', '--json', path.join(corpus, 'sourav1maity-TestRepo', 'zimbra.log')]).stdout.toString());
  const g = r.problems.find((p: { message: string }) => p.message === 'Queue report unavailable - mail system is down');
  assert.ok(g, JSON.stringify(r.problems));
  assert.equal(g.count, 59);
  assert.equal(g.level, 'fatal');
  assert.equal(g.source, 'postfix/postqueue');
  assert.equal(g.first, 'Mar 16 12:00:02');
  assert.equal(g.last, 'Mar 16 21:40:03');
});

test('summary and accounts agree on failed logins: mailbox.log "authentication failed for [...]" counts', { skip: !fs.existsSync(path.join(corpus, 'crowdsec-hub')) }, async () => {
  const file = path.join(corpus, 'crowdsec-hub', 'zimbra-bf__zimbra-bf.log');
  const s = JSON.parse(runCli(['summary', '--json', file]).stdout.toString());
  const a = await accountReport([file]);
  const failedByAccount = Object.fromEntries(a.accounts.map((x) => [x.account, x.logins.failed]));
  assert.ok(s.logins.failed > 0);
  assert.equal(s.logins.failed, Object.values(failedByAccount).reduce((x, y) => x + y, 0));
  assert.deepEqual(Object.fromEntries(s.logins.byAccount.map((x: { name: string; count: number }) => [x.name, x.count])), failedByAccount);
  assert.deepEqual(s.logins.bySource, { mailbox: s.logins.failed });
});

test('summary and accounts agree on the samples: audit.log is the record (mailbox.log failures then left out), one SMTP AUTH failure logged twice counts once', async () => {
  const files = ['zimbra.log', 'audit.log', 'mailbox.log'].map((f) => path.join(root, 'samples', f));
  const s = JSON.parse(runCli(['summary', '--json', ...files]).stdout.toString());
  const a = await accountReport(files);
  const byAccount = Object.fromEntries(a.accounts.filter((x) => x.logins.failed).map((x) => [x.account, x.logins.failed]));
  assert.deepEqual(Object.fromEntries(s.logins.byAccount.map((x: { name: string; count: number }) => [x.name, x.count])), byAccount);
  assert.equal(s.logins.failed, 4);
  assert.deepEqual(s.logins.bySource, { audit: 3, 'smtp-sasl': 1 });
  // Without audit.log, mailbox.log's failures count (the account report's rule too).
  const noAudit = JSON.parse(runCli(['summary', '--json', files[0], files[2]]).stdout.toString());
  const b = await accountReport([files[0], files[2]]);
  assert.equal(noAudit.logins.failed, b.accounts.reduce((n, x) => n + x.logins.failed, 0));
  assert.ok(noAudit.logins.bySource.mailbox > 0);
});

test('warnings folded: numbers, queue IDs, name[ip] and addresses; mailbox.log errors with their exception', () => {
  assert.equal(foldMessage('hostname mail7.example.net does not resolve to address 198.51.100.7: Name or service not known'), 'hostname mailN.example.net does not resolve to address N.N.N.N: Name or service not known');
  assert.equal(foldMessage('3A1B2C3D4E: read timeout on unknown[203.0.113.9] from <bob@example.com>'), 'ID: read timeout on HOST[ADDR] from <ADDR>');
  const r = summarizeText(
    [
      'Oct 13 10:00:00 mta01 postfix/smtpd[100]: warning: hostname x.example does not resolve to address 198.51.100.7',
      'Oct 13 10:05:00 mta01 postfix/smtpd[101]: warning: hostname x.example does not resolve to address 198.51.100.8',
      'Oct 13 10:06:00 mta01 postfix/trivial-rewrite[102]: panic: mymalloc: negative length -1',
      '2026-10-13 10:16:40,564 ERROR [qtp-12] [name=bob@example.com;] mailbox - unable to open item 1234',
      'com.zimbra.common.service.ServiceException: system failure: no such item 1234',
      '\tat com.zimbra.cs.mailbox.Mailbox.getItem(Mailbox.java:100)',
      '2026-10-13 10:17:40,000 ERROR [qtp-13] [name=carol@example.com;] mailbox - unable to open item 98',
      'com.zimbra.common.service.ServiceException: system failure: no such item 98',
      '2026-10-13 10:18:00,000 FATAL [main] [] system - out of memory',
    ].join('\n'),
  );
  assert.deepEqual(
    r.problems.map((p) => [p.level, p.source, p.message, p.count, p.first, p.last]),
    [
      ['warning', 'postfix/smtpd', 'hostname x.example does not resolve to address N.N.N.N', 2, 'Oct 13 10:00:00', 'Oct 13 10:05:00'],
      ['panic', 'postfix/trivial-rewrite', 'mymalloc: negative length -N', 1, 'Oct 13 10:06:00', 'Oct 13 10:06:00'],
    ],
  );
  assert.deepEqual(
    r.mailbox.byMessage.map((p) => [p.level, p.source, p.message, p.count, p.first, p.last]),
    [
      ['ERROR', 'mailbox', 'unable to open item N | com.zimbra.common.service.ServiceException: system failure: no such item N', 2, '2026-10-13 10:16:40,564', '2026-10-13 10:17:40,000'],
      ['FATAL', 'system', 'out of memory', 1, '2026-10-13 10:18:00,000', '2026-10-13 10:18:00,000'],
    ],
  );
});

test('the summary counts failures by cause with the top domains of each, as the failures command does', () => {
  const dir = path.join(fixtures, 'failures');
  const text = ['zimbra.log.1', 'zimbra.log'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
  const r = summarizeText(text);
  assert.equal(r.failures.total, 6);
  assert.deepEqual(
    r.failures.byCause.map((c) => [c.cause, c.count, c.topDomains.map((d) => `${d.domain} ${d.count}`).join(',')]),
    [
      ['connection-failed', 3, 'far.example 3'],
      ['authentication-policy', 1, 'gmail.com 1'],
      ['rate-limited', 1, 'yahoo.com 1'],
      ['recipient-unknown', 1, 'example.com 1'],
    ],
  );
  const out = runCli(['summary', path.join(dir, 'zimbra.log.1'), path.join(dir, 'zimbra.log')]).stdout.toString();
  assert.match(out, /Failed deliveries and rejects by cause \(6\)/);
  assert.match(out, /3 {2}connection-failed .*\n +top domains: far\.example 3/);
});

test('the summary pairs saslauthd and Postfix lines as the account report does, holding only the last seconds', () => {
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 50; round++) {
    const all = new SaslFailures();
    const counted: CountedFailure[] = [];
    const pairs = new SaslPairs((f) => counted.push(f));
    let t = 0;
    for (let i = 0; i < 200; i++) {
      t += Math.floor(rand() * 4000);
      const account = rand() < 0.8 ? `u${Math.floor(rand() * 3)}@example.com` : undefined;
      const f: SaslFailureLine = rand() < 0.5 ? { by: 'saslauthd', account: account ?? 'x@example.com' } : { by: 'postfix', ip: '203.0.113.7', account: rand() < 0.5 ? account : undefined };
      all.add(f, t, { file: 0, line: i });
      pairs.add(f, t);
    }
    pairs.finish();
    const tally = (fs: { by: string; account?: string }[]) => fs.map((f) => `${f.by} ${f.account ?? '-'}`).sort();
    assert.deepEqual(tally(counted), tally(all.merged()), `round ${round}`);
  }
});
