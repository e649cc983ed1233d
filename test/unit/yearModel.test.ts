// Issue 14, defect 7: one year model (engine/time/) for every command. A 2015 zimbra.log copied
// today (modification time now) beside the 2015 audit.log and mailbox.log of the same folder is
// dated 2015 by trace, accounts, activity, mailbox changes and failed logins, as the open log's
// own dated lines date it; --year overrides; a log across New Year written in January keeps its
// December lines in the old year everywhere.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogSet } from '../../server/src/logs/logSet';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { SecurityScan } from '../../server/src/engine/investigate/security';
import { EventClock } from '../../server/src/engine/investigate/eventClock';
import { folderAccountReport, folderActivity, folderFailedLogins } from '../../server/src/lsp/investigateFiles';
import { fixtures, runCli } from './helpers';

const hijack = path.join(fixtures, 'investigate', 'hijack');
const WEBMAIL_ID = '1001.1.1760350000.JavaMail.zimbra@example.com';
const year = (t: number) => new Date(t).getUTCFullYear();

/** The hijack folder as of 2015: its log4j logs' dates moved to 2015, zimbra.log as is, every file modified now. */
function folder2015(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-2015-'));
  for (const f of ['audit.log', 'mailbox.log']) fs.writeFileSync(path.join(dir, f), fs.readFileSync(path.join(hijack, f), 'utf8').replace(/^2026-/gm, '2015-'));
  fs.copyFileSync(path.join(hijack, 'zimbra.log'), path.join(dir, 'zimbra.log'));
  const now = new Date();
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), now, now);
  return dir;
}

const files = (dir: string) => ['audit.log', 'mailbox.log', 'zimbra.log'].map((f) => path.join(dir, f));

test('trace: a 2015 zimbra.log modified today sits in 2015 beside its mailbox.log (indexed and read whole); --year overrides', async () => {
  const dir = folder2015();
  for (const set of [await (await LogSet.index(files(dir))).traceSet(WEBMAIL_ID), await readTraceSet(files(dir))]) {
    const syslog = set.logs.find((l) => l.files[0].name.endsWith('zimbra.log'))!;
    assert.ok(syslog.yearless);
    assert.equal(year(syslog.span()[0]), 2015);
    assert.equal(year(syslog.span()[1]), 2015);
  }
  // Only in the same year is webmail's `Sending message to MTA` next to the MTA's first line.
  const j = JSON.parse(runCli(['trace', WEBMAIL_ID, '--json', ...files(dir)]).stdout.toString());
  assert.equal(j.messages[0].origin.via, 'webmail');
  const given = await (await LogSet.index(files(dir), { year: 2030 })).traceSet(WEBMAIL_ID);
  assert.equal(year(given.logs.find((l) => l.yearless)!.span()[0]), 2030);
  const k = JSON.parse(runCli(['trace', WEBMAIL_ID, '--json', '--year', '2030', ...files(dir)]).stdout.toString());
  assert.notEqual(k.messages[0].origin.via, 'webmail');
  fs.rmSync(dir, { recursive: true });
});

test('accounts (CLI and folder report): SMTP AUTH of the 2015 zimbra.log in 2015; --year overrides', async () => {
  const dir = folder2015();
  const hours = (args: string[]) => {
    const j = JSON.parse(runCli(['accounts', '--json', ...args, ...files(dir)]).stdout.toString());
    const carol = j.accounts.find((a: { account: string }) => a.account === 'carol@example.com');
    return { hours: Object.keys(carol.sent.perHour), smtp: carol.logins.byProtocol.smtp.ok, first: carol.logins.first };
  };
  const dated = hours([]);
  assert.ok(dated.smtp > 0);
  assert.deepEqual(dated.hours.filter((h) => !h.startsWith('2015-10-13 ')), []);
  assert.equal(dated.first.slice(0, 4), '2015');
  const given = hours(['--year', '2030']);
  // The syslog's hours in 2030, webmail's (mailbox.log) still in 2015.
  assert.ok(given.hours.some((h) => h.startsWith('2030-10-13 ')));
  assert.ok(given.hours.some((h) => h.startsWith('2015-10-13 ')));
  const doc = await folderAccountReport(dir);
  assert.match(doc.text, /2015-10-13/);
  assert.doesNotMatch(doc.text, /20(2\d|30)-\d\d-\d\d/);
  fs.rmSync(dir, { recursive: true });
});

test('activity: the 2015 zimbra.log\'s lines in 2015', async () => {
  const dir = folder2015();
  const sasl = (r: { text: string }) => r.text.split('\n').filter((l) => l.includes('sasl_username=carol@example.com')).length;
  const in2015 = await folderActivity(dir, { query: 'carol@example.com', from: '2015-10-13', to: '2015-10-13' });
  assert.ok(sasl(in2015) >= 2);
  const now = await folderActivity(dir, { query: 'carol@example.com', from: `${new Date().getFullYear() - 2}-01-01`, to: `${new Date().getFullYear() + 1}-12-31` });
  assert.equal(sasl(now), 0);
  fs.rmSync(dir, { recursive: true });
});

test('an open document without a modification time: its own dated lines give the syslog lines their year', () => {
  const lines = [
    '2015-10-13 10:00:00,000 INFO  [ImapSSLServer-5] [ip=192.0.2.5;oip=198.51.100.40;] security - cmd=Auth; account=dave@example.com; protocol=imap;',
    'Oct 13 10:05:01 mta01 postfix/submission/smtpd[4110]: warning: unknown[198.51.100.66]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=zoe@example.com',
  ];
  const times = SecurityScan.of(lines).attempts.map((a) => new Date(a.time).toISOString().slice(0, 19));
  assert.deepEqual(times, ['2015-10-13T10:00:00', '2015-10-13T10:05:01']);
  // --year (setYear) is not moved.
  assert.deepEqual(SecurityScan.of(lines, 2020).attempts.map((a) => year(a.time)), [2015, 2020]);
});

test('New Year: a log across December 31 written on January 1 keeps December in the old year in every command', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-ny-'));
  const f = path.join(dir, 'zimbra.log');
  fs.copyFileSync(path.join(fixtures, 'investigate', 'newyear', 'zimbra.log'), f);
  const jan1 = new Date('2027-01-01T12:00:00Z');
  fs.utimesSync(f, jan1, jan1);
  const set = await (await LogSet.index([f])).traceSet('ny-1@example.com');
  assert.deepEqual([year(set.logs[0].timeOf(0)), year(set.logs[0].span()[1])], [2026, 2027]);
  const j = JSON.parse(runCli(['accounts', '--json', f]).stdout.toString());
  assert.deepEqual(Object.keys(j.accounts[0].sent.perHour), ['2026-12-31 23', '2027-01-01 00']);
  const december = await folderActivity(dir, { query: 'zoe@example.com', from: '2026-12-31', to: '2026-12-31' });
  const january = await folderActivity(dir, { query: 'zoe@example.com', from: '2027-01-01', to: '2027-01-01' });
  assert.deepEqual([december.entries, january.entries], [8, 9]);
  assert.match(december.text, /Dec 31 23:59:40/);
  assert.doesNotMatch(december.text, /Jan {2}1 /);
  const failed = await folderFailedLogins(dir, { burstCount: 5, burstMinutes: 10 });
  assert.match(failed.text, /2026-12-31 23:57:10/);
  fs.rmSync(dir, { recursive: true });
});

test('a syslog written at its modification time stays in that year beside older dated logs; a copied one moves to theirs', () => {
  const audit = '2015-10-13 10:00:00,000 INFO  [ImapSSLServer-5] [ip=192.0.2.5;] security - cmd=Auth; account=dave@example.com; protocol=imap;';
  const syslog = 'Oct 13 09:59:00 mta01 postfix/smtpd[1]: 3A1F30B2: client=unknown[198.51.100.31], sasl_method=LOGIN, sasl_username=carol@example.com';
  const yearOf = (written: Date) => {
    const clock = new EventClock();
    clock.beginTimeline(written);
    clock.next(audit, 0);
    clock.beginTimeline(written);
    clock.next(syslog, 0);
    const stamp = clock.stamp(syslog);
    clock.finish();
    return year(clock.time(stamp));
  };
  // Written at 10:00 on October 13, 2026 (local time, as syslog writes): its own year holds.
  assert.equal(yearOf(new Date(2026, 9, 13, 10, 0, 0)), 2026);
  // Modified on December 6, 2026 (a copy): the audit.log's year.
  assert.equal(yearOf(new Date(2026, 11, 6, 10, 0, 0)), 2015);
});
