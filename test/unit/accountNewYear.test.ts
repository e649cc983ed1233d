// Issue 14, defect 1: a zimbra.log running from December 31 into January 1, written on January 1.
// The account report and the failed-login bursts date its lines with the tracer's year model
// (engine/time's Years: the newest file's modification time, or --year, for the last line; the
// year turns at December -> January), so that December stays in the old year and a burst of
// failures across midnight is one burst.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventClock } from '../../server/src/engine/investigate/eventClock';
import { lineTime } from '../../server/src/engine/time/lineTime';
import { Years } from '../../server/src/engine/time/years';
import { fixtures, runCli } from './helpers';

const source = path.join(fixtures, 'investigate', 'newyear', 'zimbra.log');
const NEW_YEAR = new Date('2027-01-01T12:00:00Z');

/** The fixture copied to a folder of its own, modified on January 1, 2027. */
function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-newyear-'));
  const f = path.join(dir, 'zimbra.log');
  fs.copyFileSync(source, f);
  fs.utimesSync(f, NEW_YEAR, NEW_YEAR);
  return dir;
}

test('account report: first and last logins, addresses and hours of a log across New Year, by its modification time', async () => {
  const dir = folder();
  const { accountReport } = await import('../../server/src/cli/accounts');
  const r = await accountReport([path.join(dir, 'zimbra.log')]);
  const zoe = r.accounts.find((a) => a.account === 'zoe@example.com')!;
  assert.deepEqual([zoe.logins.first, zoe.logins.last], ['2026-12-31 23:50:01', '2027-01-01 00:20:00']);
  assert.deepEqual(zoe.logins.addresses['203.0.113.50'], { ok: 2, failed: 0, first: '2026-12-31 23:50:01', last: '2027-01-01 00:20:00' });
  assert.deepEqual(zoe.logins.addresses['198.51.100.66'], { ok: 0, failed: 6, first: '2026-12-31 23:57:10', last: '2027-01-01 00:03:05' });
  assert.deepEqual(Object.keys(zoe.sent.perHour), ['2026-12-31 23', '2027-01-01 00']);
  // In time order: the December login first, the failures, then January's login.
  assert.deepEqual(zoe.lines.logins.map((l) => l.line), [0, 5, 6, 7, 8, 9, 10, 11]);
  assert.deepEqual([r.saslFailures['198.51.100.66'].first, r.saslFailures['198.51.100.66'].last], ['2026-12-31 23:57:10', '2027-01-01 00:03:05']);
  // --year names the year of the last line.
  const cli = runCli(['accounts', '--json', '--year', '2030', path.join(dir, 'zimbra.log')]);
  const json = JSON.parse(cli.stdout.toString());
  assert.deepEqual([json.accounts[0].logins.first, json.accounts[0].logins.last], ['2029-12-31 23:50:01', '2030-01-01 00:20:00']);
  fs.rmSync(dir, { recursive: true });
});

test('the same times as the tracer gives the same lines', async () => {
  const dir = folder();
  const { readTraceSet } = await import('../../server/src/logs/wholeLogs');
  const { accountReport } = await import('../../server/src/cli/accounts');
  const log = (await readTraceSet([path.join(dir, 'zimbra.log')])).logs[0];
  const show = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
  const zoe = (await accountReport([path.join(dir, 'zimbra.log')])).accounts[0];
  assert.deepEqual([zoe.logins.first, zoe.logins.last], [show(log.timeOf(0)), show(log.timeOf(11))]);
  fs.rmSync(dir, { recursive: true });
});

test('failed logins: a burst across midnight is found, dated in both years', async () => {
  const dir = folder();
  const { folderFailedLogins } = await import('../../server/src/lsp/investigateFiles');
  const r = await folderFailedLogins(dir, { burstCount: 5, burstMinutes: 10 });
  assert.deepEqual([r.failures, r.bursts], [6, 2]);
  assert.match(r.text, /\n {2}2026-12-31 23:57:10 {2}zimbra\.log:6 {2}6 failed logins in 5\.9 min from 198\.51\.100\.66 against zoe@example\.com \(smtp\)/);
  assert.match(r.text, /\n {2}2026-12-31 23:57:10 {2}zimbra\.log:6 {2}6 failed logins in 5\.9 min against zoe@example\.com from 198\.51\.100\.66 \(smtp\)/);
  fs.rmSync(dir, { recursive: true });
});

test('EventClock: the times of engine/time (Years per timeline, lineTime), February 29 of a common year included', () => {
  const timelines = [
    { reference: new Date('2027-01-02T12:00:00Z') as number | Date, lines: ['Dec 30 10:00:00 h p: a', 'Dec 31 23:59:59 h p: b', '2026-12-31 23:59:59,100 INFO  [main] [] x - log4j', 'Jan  1 00:00:01 h p: c'] },
    { reference: 2027, lines: ['Feb 28 23:00:00 h p: a', 'Feb 29 01:00:00 h p: leap day', 'Mar  1 02:00:00 h p: b', 'Nov  3 04:05:06 h p: c', 'Jan  9 00:00:00 h p: d'] },
    { reference: 2029, lines: ['Feb 29 01:00:00 h p: a', 'Sep  1 00:00:00 h p: b', 'Jan  9 00:00:00 h p: c'] },
  ];
  const clock = new EventClock();
  const stamps: number[] = [];
  const expected: number[] = [];
  for (const t of timelines) {
    clock.beginTimeline(t.reference);
    const years = new Years();
    t.lines.forEach((l, n) => years.observe(n, l));
    years.finish(t.reference);
    t.lines.forEach((l, n) => {
      clock.next(l, 0);
      stamps.push(clock.stamp(l));
      expected.push(lineTime(l, years.at(n)));
    });
  }
  clock.finish();
  assert.deepEqual(stamps.map((s) => clock.time(s)), expected);
  const iso = (s: number) => new Date(clock.time(s)).toISOString().slice(0, 19);
  assert.deepEqual([iso(stamps[0]), iso(stamps[3])], ['2026-12-30T10:00:00', '2027-01-01T00:00:01']);
  // 2026 is a common year: February 29 is March 1, as Date.UTC has it; 2028 is a leap year.
  assert.deepEqual([iso(stamps[5]), iso(stamps[6]), iso(stamps[9])], ['2026-03-01T01:00:00', '2026-03-01T02:00:00', '2028-02-29T01:00:00']);
});
