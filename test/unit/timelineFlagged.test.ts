// The timeline's markers of the flagged accounts: the account report's own reasons (the same
// account, reason and lines as `accounts` finds), each with the time span of the lines behind
// it, in the engine, the CLI's --json, text and --html.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccountReport } from '../../server/src/engine/investigate/accountReport';
import { timelineOfTexts } from '../../server/src/engine/timeline/scan';
import { runCli } from './helpers';

const mta = (t: string, rest: string) => `Oct 13 ${t} mta01 ${rest}`;
/** An SMTP AUTH message of `account` from `ip` at `t` (minutes:seconds past 10:00), to `rcpts` recipients. */
function message(n: number, t: string, account: string, ip: string, rcpts = 1): string[] {
  const q = `4F${String(n).padStart(9, '0')}`;
  return [
    mta(`10:${t}`, `postfix/submission/smtpd[2009${n % 10}]: ${q}: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=${account}`),
    ...Array.from({ length: rcpts }, (_, k) => mta(`10:${t}`, `postfix/smtp[3100${k % 10}]: ${q}: to=<r${k}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.27]:25, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=sent (250 ok)`)),
    mta(`10:${t}`, `postfix/qmgr[9946]: ${q}: removed`),
  ];
}
// mallory@example.com logs in from six addresses within twelve minutes (more than 4 within an
// hour flags); bob@example.com from one address all along (not flagged); an account named with
// markup (from the log: shown as text) from five.
const zimbraLog =
  [
    ...message(1, '00:05', 'bob@example.com', '192.0.2.10'),
    ...['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5', '198.51.100.6'].flatMap((ip, i) => message(10 + i, `${String(2 + 2 * i).padStart(2, '0')}:00`, 'mallory@example.com', ip)),
    ...message(2, '20:00', 'bob@example.com', '192.0.2.10'),
    ...['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'].flatMap((ip, i) => message(20 + i, `3${i}:00`, '<b>eve</b>@example.com', ip)),
  ].join('\n') + '\n';

test('flagged accounts: the account report’s reasons, each with the time span and first line of what flagged it', () => {
  const r = timelineOfTexts([zimbraLog], 2026);
  const report = new AccountReport();
  report.setYear(2026);
  zimbraLog.split('\n').forEach((l, n) => report.push(l, n));
  const flagged = report.report().accounts.filter((a) => a.flagged);
  assert.deepEqual(flagged.map((a) => a.account).sort(), ['<b>eve</b>@example.com', 'mallory@example.com']);
  // The same accounts and reasons as the account report, in time order of their first line.
  assert.deepEqual(r.flagged.map((f) => `${f.account} ${f.reason}`).sort(), flagged.flatMap((a) => a.reasons.map((reason) => `${a.account} ${reason}`)).sort());
  assert.deepEqual(r.flagged.map((f) => f.first), [...r.flagged.map((f) => f.first)].sort());
  assert.equal(r.flagged[1].account, '<b>eve</b>@example.com');
  const m = r.flagged.find((f) => f.account === 'mallory@example.com')!;
  assert.match(m.reason, /^5 client addresses within an hour from 2026-10-13 10:02:00 \(more than 4\)$/);
  // The five logins that make the reason: 10:02 to 10:10; the first is the login at line 3.
  assert.deepEqual({ ...m }, { account: 'mallory@example.com', reason: m.reason, first: '2026-10-13T10:02:00', last: '2026-10-13T10:10:00', at: { file: 0, line: 3 } });
  assert.equal(r.flagged.some((f) => f.account === 'bob@example.com'), false);
  // Lower thresholds are the account report's: six addresses within the hour then flag at 6, not at 7.
  assert.equal(timelineOfTexts([zimbraLog], 2026, { accounts: { ...defaults(), maxAddressesPerHour: 5 } }).flagged.filter((f) => f.account === 'mallory@example.com').length, 1);
  assert.equal(timelineOfTexts([zimbraLog], 2026, { accounts: { ...defaults(), maxAddressesPerHour: 6 } }).flagged.filter((f) => f.account === 'mallory@example.com').length, 0);
});

function defaults() {
  return { maxAddressesPerHour: 4, burstRecipients: 50, usualFactor: 10, minUnusualRecipients: 30, maxBounceShare: 0.3, minRecipientsForShare: 20 };
}

test('flagged accounts in the CLI: --json next to the restarts, the text report, and --html escaped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-flagged-'));
  const log = path.join(dir, 'zimbra.log');
  fs.writeFileSync(log, zimbraLog);
  const r = runCli(['timeline', log, '--json', '--year', '2026']);
  assert.equal(r.status, 0, r.stderr.toString());
  const json = JSON.parse(r.stdout.toString());
  assert.deepEqual(Object.keys(json), ['bucketSeconds', 'buckets', 'restarts', 'flagged', 'bursts', 'totals']);
  assert.deepEqual(json.flagged[0], { account: 'mallory@example.com', reason: '5 client addresses within an hour from 2026-10-13 10:02:00 (more than 4)', first: '2026-10-13T10:02:00', last: '2026-10-13T10:10:00' });
  // The same reasons as `accounts --json`.
  const accounts = JSON.parse(runCli(['accounts', log, '--json', '--year', '2026']).stdout.toString()).accounts.filter((a: { flagged: boolean }) => a.flagged);
  assert.deepEqual(json.flagged.map((f: { account: string; reason: string }) => `${f.account} ${f.reason}`).sort(), accounts.flatMap((a: { account: string; reasons: string[] }) => a.reasons.map((x) => `${a.account} ${x}`)).sort());
  const text = runCli(['timeline', log, '--year', '2026']).stdout.toString();
  assert.match(text, /Flagged accounts:\n {2}2026-10-13T10:02:00 to 2026-10-13T10:10:00 {2}mallory@example\.com: 5 client addresses/);
  const html = path.join(dir, 'out.html');
  assert.equal(runCli(['timeline', log, '--year', '2026', '--html', html]).status, 0);
  const page = fs.readFileSync(html, 'utf8');
  // The log's markup is in the page only as JSON text, its `<` escaped.
  assert.ok(!page.includes('<b>eve'), 'no markup from the log');
  assert.ok(page.includes('\\u003cb>eve\\u003c/b>@example.com'));
  assert.match(page, /"flagged":\[\{"account":"mallory@example\.com"/);
});
