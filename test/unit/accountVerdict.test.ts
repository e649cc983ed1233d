// The flagged accounts alone (AccountReport.flagged, the timeline's markers: the verdict read from
// the report's rows) are the flagged accounts of the full report, with the same reasons, lines and
// spans: on the fixtures, and on generated logins and messages read out of time order.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AccountReport, defaultReportThresholds, FlaggedAccount, ReportThresholds } from '../../server/src/engine/investigate/accountReport';
import { Columns } from '../../server/src/engine/investigate/accountVerdict';
import { fixtureFiles, random } from './helpers';

function reportOf(files: string[][]): AccountReport {
  const r = new AccountReport();
  r.setYear(2026);
  files.forEach((lines, file) => lines.forEach((l, n) => r.push(l, n, file)));
  return r;
}

/** Both ways, sorted by account: the flagged accounts alone, and the full report's flagged entries. */
function both(files: string[][], t: ReportThresholds): { alone: FlaggedAccount[]; full: FlaggedAccount[] } {
  const byName = (x: FlaggedAccount, y: FlaggedAccount) => (x.account < y.account ? -1 : 1);
  const alone = reportOf(files).flagged(t).sort(byName);
  const full = reportOf(files)
    .report(t)
    .accounts.filter((a) => a.flagged)
    .map((a) => ({ account: a.account, reasons: a.reasons, refs: a.lines.reasons, spans: a.spans }))
    .sort(byName);
  return { alone, full };
}

const dir = (name: string): string[][] => fixtureFiles(name).map((b) => b.toString('utf8').split('\n'));

const strict: ReportThresholds = { maxAddressesPerHour: 1, burstRecipients: 3, usualFactor: 1, minUnusualRecipients: 2, maxBounceShare: 0, minRecipientsForShare: 1 };

test('the flagged accounts alone are the full report\'s, on the fixtures, with the default and strict thresholds', () => {
  let flagged = 0; // reasons given
  for (const name of ['investigate/smtp-auth', 'investigate/hijack', 'investigate/logs', 'investigate/newyear', 'investigate/mobile', 'trace/webmail', 'trace/outbound', 'trace/bounce']) {
    for (const t of [defaultReportThresholds, strict]) {
      const { alone, full } = both(dir(name), t);
      assert.deepEqual(alone, full, name);
      flagged += alone.reduce((n, a) => n + a.reasons.length, 0);
    }
  }
  assert.ok(flagged >= 8, `reasons: ${flagged}`);
});

/** Two accounts' audit.log logins (read out of time order) and SMTP AUTH messages (zimbra.log). */
function generated(seed: number): string[][] {
  const rnd = random(seed);
  const audit: string[] = [];
  const mta: string[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const account of ['bob@example.com', 'eve@example.com']) {
    for (let i = 0; i < 60; i++) {
      const m = Math.floor(rnd() * 600);
      const ip = `198.51.100.${Math.floor(rnd() * (account === 'eve@example.com' ? 12 : 3))}`;
      audit.push(`2026-10-13 ${pad(8 + Math.floor(m / 60))}:${pad(m % 60)}:${pad(Math.floor(rnd() * 60))},000 INFO  [ImapServer-${i}] [name=${account};ip=${ip};] security - cmd=Auth; account=${account}; protocol=imap;`);
    }
  }
  // Shuffled: the rows are not in time order (ties too, to the second).
  for (let i = audit.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [audit[i], audit[j]] = [audit[j], audit[i]];
  }
  let m = 0;
  for (let i = 0; i < 80; i++) {
    m += Math.floor(rnd() * 15);
    const time = `Oct 13 ${pad(8 + Math.floor(m / 60) % 14)}:${pad(m % 60)}:${pad(i % 60)}`;
    const q = (0x3000000 + i).toString(16).toUpperCase();
    const account = rnd() < 0.5 ? 'bob@example.com' : 'eve@example.com';
    mta.push(`${time} mta01 postfix/submission/smtpd[41]: ${q}: client=unknown[192.0.2.${i % 7}], sasl_method=PLAIN, sasl_username=${account}`);
    for (let k = 0; k < 1 + Math.floor(rnd() * 6); k++) {
      const bad = rnd() < 0.2;
      mta.push(`${time} mta01 postfix/smtp[43]: ${q}: to=<r${k}-${i}@${rnd() < 0.5 ? 'gmail.com' : 'example.org'}>, relay=mx.example.org[192.0.2.50]:25, delay=1, dsn=${bad ? '4.4.1' : '2.0.0'}, status=${bad ? 'deferred (timeout)' : 'sent (250 ok)'}`);
    }
    mta.push(`${time} mta01 postfix/qmgr[42]: ${q}: removed`);
  }
  return [audit, mta];
}

test('generated logins out of time order and bursts of mail: the same flagged accounts, for every reason', () => {
  const reasons = new Map<string, number>();
  for (let seed = 1; seed <= 40; seed++) {
    const rnd = random(seed + 1000);
    const t: ReportThresholds = { maxAddressesPerHour: 2 + Math.floor(rnd() * 8), burstRecipients: 5 + Math.floor(rnd() * 40), usualFactor: 1 + rnd() * 3, minUnusualRecipients: 5 + Math.floor(rnd() * 20), maxBounceShare: rnd() * 0.3, minRecipientsForShare: 10 };
    const { alone, full } = both(generated(seed), t);
    assert.deepEqual(alone, full, `seed ${seed}`);
    for (const a of alone) for (const r of a.reasons) reasons.set(r.split(' ').slice(1, 3).join(' '), (reasons.get(r.split(' ').slice(1, 3).join(' ')) ?? 0) + 1);
  }
  // Each of the four reasons is given for some seeds.
  assert.deepEqual([...reasons.keys()].sort(), ['% of', 'client addresses', 'from a', 'recipients in'], JSON.stringify([...reasons]));
});

test('Columns.sorted: a stable sort by time, and the columns themselves when they are in order', () => {
  const rnd = random(5);
  const n = 500;
  const c = new Columns(n);
  for (let i = 0; i < n; i++) {
    c.time[i] = Math.floor(rnd() * 50);
    c.key[i] = i;
    c.line[i] = 1000 + i;
  }
  const s = c.sorted();
  const want = Array.from({ length: n }, (_, i) => i).sort((a, b) => c.time[a] - c.time[b]);
  assert.deepEqual([...s.key], want);
  assert.deepEqual([...s.line], want.map((i) => 1000 + i));
  assert.equal(s.sorted(), s);
});
