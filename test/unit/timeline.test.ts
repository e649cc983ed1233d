// The timeline (engine/timeline/): the summary's events counted per time bucket, on the one year
// model across files; restarts, bursts, the first line of each bucket, a range's lines; the CLI.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { summarizeText } from '../../server/src/engine/mailSummary';
import { bucketFor, slotFor } from '../../server/src/engine/timeline/buckets';
import { timelineOfTexts } from '../../server/src/engine/timeline/scan';
import { SERIES, TimelineReport } from '../../server/src/engine/timeline/types';
import { rangeOfFiles, scanFiles } from '../../server/src/logs/timelineFiles';
import { root, runCli } from './helpers';

const mta = (day: string, t: string, rest: string) => `${day} ${t} mta01 ${rest}`;
const sent = (d: string, t: string, q: string, relay: string, status = 'sent') =>
  mta(d, t, `postfix/smtp[31001]: ${q}: to=<bob@example.com>, relay=${relay}, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=${status} (250 ok)`);
const zimbraLog = [
  mta('Oct 13', '10:17:08', 'postfix/smtpd[21777]: 17B8ED411FA6: client=mail.partner.org[198.51.100.7]'),
  sent('Oct 13', '10:17:09', '17B8ED411FA6', '127.0.0.1[127.0.0.1]:10032'), // the content filter: not delivered
  sent('Oct 13', '10:17:09', 'EFAF89FC43C', 'mbox01.example.com[192.0.2.21]:7025'),
  sent('Oct 13', '10:17:40', 'EFAF89FC43C', '[::1]:10026'), // the content filter again
  sent('Oct 13', '10:18:02', 'EFAF89FC43C', 'mbox01.example.com[192.0.2.21]:7025', 'deferred'),
  sent('Oct 13', '10:18:03', '4FF14284F45', 'mx.nowhere.example[203.0.113.5]:25', 'bounced'),
  mta('Oct 13', '10:20:00', 'postfix/smtpd[21811]: NOQUEUE: reject: RCPT from unknown[203.0.113.66]: 554 5.7.1 <x@y>: Relay access denied; from=<s@spam.example> to=<x@y> proto=ESMTP helo=<spam>'),
  mta('Oct 13', '10:20:01', 'postfix/smtpd[21811]: NOQUEUE: reject_warning: RCPT from unknown[203.0.113.66]: 554 5.7.1 test'),
  ...[0, 1, 2, 3, 4].map((i) => mta('Oct 13', `10:21:0${i}`, 'postfix/smtpd[21801]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: authentication failure, sasl_username=eve@example.com')),
].join('\n') + '\n';
const mailboxLog = [
  '2026-10-13 10:15:00,001 INFO  [main] [] soap - Servlet SoapServlet starting up',
  '2026-10-13 10:18:30,000 ERROR [qtp-1] [name=bob@example.com;] mailbox - something failed',
  'java.lang.IllegalStateException: boom',
  '\tat com.zimbra.X.y(X.java:1)',
  '2026-10-13 10:19:10,000 INFO  [main] [] soap - Servlet SoapServlet shutting down',
  '2026-10-13 10:19:50,000 INFO  [main] [] soap - Servlet SoapServlet starting up',
  '2026-10-13 10:19:59,000 FATAL [main] [] system - halting',
].join('\n') + '\n';

const nonZero = (r: TimelineReport) => r.buckets.filter((b) => SERIES.some((s) => b[s] > 0));

test('counts per minute are the summary’s: deliveries not to 127.0.0.1/::1, deferred, bounced, NOQUEUE rejects, ERROR/FATAL, failed logins', () => {
  const r = timelineOfTexts([zimbraLog, mailboxLog], 2026);
  assert.equal(r.bucketSeconds, 60);
  const s = summarizeText(zimbraLog + mailboxLog);
  assert.deepEqual(r.totals, { delivered: s.postfix.delivered, deferred: s.postfix.deferred, bounced: s.postfix.bounced, rejected: s.postfix.rejected, errors: s.mailbox.errors + s.mailbox.fatals, failedLogins: s.logins.failed });
  assert.deepEqual(r.totals, { delivered: 1, deferred: 1, bounced: 1, rejected: 1, errors: 2, failedLogins: 5 });
  const at = (start: string) => r.buckets.find((b) => b.start === start);
  assert.deepEqual(at('2026-10-13T10:17:00'), { start: '2026-10-13T10:17:00', delivered: 1, deferred: 0, bounced: 0, rejected: 0, errors: 0, failedLogins: 0 });
  assert.equal(at('2026-10-13T10:18:00')!.deferred, 1);
  assert.equal(at('2026-10-13T10:18:00')!.bounced, 1);
  assert.equal(at('2026-10-13T10:18:00')!.errors, 1);
  assert.equal(at('2026-10-13T10:19:00')!.errors, 1);
  assert.equal(at('2026-10-13T10:20:00')!.rejected, 1);
  assert.equal(at('2026-10-13T10:21:00')!.failedLogins, 5);
  // Buckets are in time order, the two logs on one axis.
  assert.deepEqual(r.buckets.map((b) => b.start), [...r.buckets.map((b) => b.start)].sort());
  assert.equal(r.buckets[0].start, '2026-10-13T10:15:00');
});

test('restarts: a clean stop then start is one restart at the stop; the first start of a log is not one', () => {
  const r = timelineOfTexts([mailboxLog], 2026);
  assert.deepEqual(r.restarts, ['2026-10-13T10:19:10']);
  assert.deepEqual(r.restartLines[0].at, { file: 0, line: 4 });
});

test('a burst of failed logins: five from one address within the window', () => {
  const r = timelineOfTexts([zimbraLog], 2026);
  const ip = r.bursts.filter((b) => b.by === 'ip');
  assert.equal(ip.length, 1);
  assert.deepEqual({ ...ip[0] }, { start: '2026-10-13T10:21:00', end: '2026-10-13T10:21:04', by: 'ip', key: '203.0.113.9', failures: 5, at: { file: 0, line: 8 } });
  assert.equal(r.bursts.find((b) => b.by === 'account')?.key, 'eve@example.com');
  // A larger count than there are failures: no burst.
  assert.equal(timelineOfTexts([zimbraLog], 2026, { bursts: { burstCount: 6, burstMinutes: 10 } }).bursts.length, 0);
});

test('each bucket’s first line, across files', () => {
  const r = timelineOfTexts([zimbraLog, mailboxLog], 2026);
  const i = r.buckets.findIndex((b) => b.start === '2026-10-13T10:18:00');
  assert.deepEqual(r.firstLines[i], { file: 0, line: 4 });
  assert.deepEqual(r.firstLines[0], { file: 1, line: 0 });
});

test('buckets adapt to the span (1 minute to 1 day) or are given', () => {
  assert.equal(bucketFor(3600_000), 60);
  assert.equal(bucketFor(3 * 86400_000), 300);
  assert.equal(bucketFor(30 * 86400_000), 1800);
  assert.equal(bucketFor(10 * 365 * 86400_000), 86400);
  assert.equal(slotFor(undefined), 60);
  assert.equal(slotFor(90), 30);
  assert.equal(slotFor(7), 1);
  const hourly = timelineOfTexts([zimbraLog, mailboxLog], 2026, { bucketSeconds: 3600 });
  assert.deepEqual(hourly.buckets.map((b) => b.start), ['2026-10-13T10:00:00']);
  assert.deepEqual(hourly.totals, timelineOfTexts([zimbraLog, mailboxLog], 2026).totals);
  const tenSeconds = timelineOfTexts([zimbraLog], 2026, { bucketSeconds: 10 });
  assert.deepEqual(nonZero(tenSeconds).map((b) => b.start), ['2026-10-13T10:17:00', '2026-10-13T10:18:00', '2026-10-13T10:20:00', '2026-10-13T10:21:00']);
  // A span of two days (2,800 minutes): 2-minute buckets; of four days, 5-minute ones.
  const twoDays = timelineOfTexts([zimbraLog + sent('Oct 15', '09:03:00', 'AAAAAAAAAA', 'mx.example[192.0.2.1]:25')], 2026);
  assert.equal(twoDays.bucketSeconds, 120);
  assert.equal(twoDays.buckets.at(-1)!.start, '2026-10-15T09:02:00');
  const fourDays = timelineOfTexts([zimbraLog + sent('Oct 17', '09:03:00', 'AAAAAAAAAA', 'mx.example[192.0.2.1]:25')], 2026);
  assert.equal(fourDays.bucketSeconds, 300);
  assert.equal(fourDays.buckets.at(-1)!.start, '2026-10-17T09:00:00');
});

test('the year model across files: a syslog timeline turning December -> January, anchored next to a dated mailbox.log', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-years-'));
  // zimbra.log.1.gz (December) then zimbra.log (January): one timeline, the year turns between them.
  fs.writeFileSync(path.join(dir, 'zimbra.log.1.gz'), zlib.gzipSync(sent('Dec 31', '23:59:30', 'AAAAAAAAAA', 'mx.example[192.0.2.1]:25') + '\n'));
  fs.writeFileSync(path.join(dir, 'zimbra.log'), sent('Jan  1', '00:00:10', 'BBBBBBBBBB', 'mx.example[192.0.2.1]:25', 'deferred') + '\n');
  fs.writeFileSync(path.join(dir, 'mailbox.log'), '2025-12-31 23:58:00,000 ERROR [main] [] mailbox - before\n2026-01-01 00:01:00,000 ERROR [main] [] mailbox - after\n');
  // Modification times far from the lines (copied files): the dated mailbox.log moves the MTA's year next to it.
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), new Date('2030-06-01'), new Date('2030-06-01'));
  const files = ['zimbra.log', 'mailbox.log', 'zimbra.log.1.gz'].map((f) => path.join(dir, f));
  const { report, scan } = await scanFiles(files);
  assert.deepEqual(
    nonZero(report).map((b) => [b.start, b.delivered, b.deferred, b.errors]),
    [
      ['2025-12-31T23:58:00', 0, 0, 1],
      ['2025-12-31T23:59:00', 1, 0, 0],
      ['2026-01-01T00:00:00', 0, 1, 0],
      ['2026-01-01T00:01:00', 0, 0, 1],
    ],
  );
  assert.deepEqual(report.firstLines[1], { file: 2, line: 0 }, 'the December line is the .gz file’s');
  // The lines of a range are read with the same years (in the order the files are read: a timeline oldest first).
  const got: string[] = [];
  await rangeOfFiles(files, scan, Date.parse('2025-12-31T23:59:00Z'), Date.parse('2026-01-01T00:01:00Z'), (file, line, b, s, e) => got.push(`${file}:${line}:${Buffer.from(b.subarray(s, e)).toString().slice(0, 15)}`));
  assert.deepEqual(got, ['2:0:Dec 31 23:59:30', '0:0:Jan  1 00:00:10']);
  // --year sets the last line's year: no anchoring (and the span of four years makes day buckets).
  const given = (await scanFiles(files, { year: 2030 })).report;
  assert.equal(given.bucketSeconds, 86400);
  assert.deepEqual(nonZero(given).map((b) => [b.start, b.delivered, b.deferred]).filter(([, a, b]) => a || b), [['2029-12-31T00:00:00', 1, 0], ['2030-01-01T00:00:00', 0, 1]]);
});

test('CLI: --json in the issue’s shape, exit status, --bucket, --html, errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-cli-'));
  const log = path.join(dir, 'zimbra.log');
  fs.writeFileSync(log, zimbraLog);
  const mbox = path.join(dir, 'mailbox.log');
  fs.writeFileSync(mbox, mailboxLog);
  const r = runCli(['timeline', log, mbox, '--json', '--year', '2026']);
  assert.equal(r.status, 0, r.stderr.toString());
  const json = JSON.parse(r.stdout.toString());
  assert.equal(json.bucketSeconds, 60);
  assert.deepEqual(Object.keys(json.buckets[0]), ['start', 'delivered', 'deferred', 'bounced', 'rejected', 'errors', 'failedLogins']);
  assert.deepEqual(json.restarts, ['2026-10-13T10:19:10']);
  assert.equal(JSON.parse(runCli(['timeline', log, '--json', '--bucket', '86400', '--year', '2026']).stdout.toString()).buckets[0].start, '2026-10-13T00:00:00');
  const html = path.join(dir, 'out.html');
  assert.equal(runCli(['timeline', log, '--html', html]).status, 0);
  assert.match(fs.readFileSync(html, 'utf8'), /^<!DOCTYPE html>[\s\S]*Content-Security-Policy[\s\S]*id="timeline-data"/);
  const empty = path.join(dir, 'empty.log');
  fs.writeFileSync(empty, 'no time here\n');
  assert.equal(runCli(['timeline', empty]).status, 1);
  const missing = runCli(['timeline', path.join(dir, 'nope.log')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr.toString(), /nope\.log: no such file/);
  assert.equal(runCli(['timeline', log, '--bucket', '0']).status, 2);
  assert.equal(runCli(['timeline']).status, 2);
  assert.equal(runCli(['timeline', '--help']).status, 0);
  // The samples: the same totals as `summary`.
  const samples = ['zimbra.log', 'mailbox.log', 'audit.log'].map((f) => path.join(root, 'samples', f));
  const t = JSON.parse(runCli(['timeline', ...samples, '--json']).stdout.toString()).totals;
  const s = JSON.parse(runCli(['summary', '--json', ...samples]).stdout.toString());
  assert.deepEqual(t, { delivered: s.postfix.delivered, deferred: s.postfix.deferred, bounced: s.postfix.bounced, rejected: s.postfix.rejected, errors: s.mailbox.errors + s.mailbox.fatals, failedLogins: s.logins.failed });
});
