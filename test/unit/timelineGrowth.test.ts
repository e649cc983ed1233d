// A timeline that follows growing logs (logs/timelineGrowth.ts): appended lines extend the counts
// (only the new bytes are read), as a new read of the grown files counts them; a line still being
// written waits for its end; a file replaced, truncated or compressed is read again.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { scanFiles } from '../../server/src/logs/timelineFiles';
import { extendFiles } from '../../server/src/logs/timelineGrowth';

const deferred = (t: string, q: string) => `Oct 13 ${t} mta01 postfix/lmtp[31003]: ${q}: to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, delays=0/0/0/0.2, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)\n`;
const sasl = (t: string, ip: string) => `Oct 13 ${t} mta01 postfix/submission/smtpd[20091]: 5A${ip.replace(/\./g, '')}: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=mallory@example.com\n`;
const error = (t: string) => `2026-10-13 ${t},000 ERROR [qtp-1] [name=bob@example.com;] mailbox - something failed\n`;

function setUp(): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-growth-'));
  fs.writeFileSync(path.join(dir, 'zimbra.log'), deferred('10:00:01', 'AAAAA11111') + sasl('10:00:02', '198.51.100.1') + sasl('10:01:00', '198.51.100.2'));
  fs.writeFileSync(path.join(dir, 'mailbox.log'), error('10:00:30'));
  return { dir, files: ['zimbra.log', 'mailbox.log'].map((f) => path.join(dir, f)) };
}

test('appended lines extend the counts: only the new bytes are read, and the counts are a new read’s', async () => {
  const { files } = setUp();
  const { report, scan, read } = await scanFiles(files, { year: 2026 });
  assert.deepEqual([report.totals.deferred, report.totals.errors, report.flagged.length], [1, 1, 0]);
  const more = deferred('10:02:00', 'BBBBB22222') + deferred('10:03:00', 'CCCCC33333') + ['198.51.100.3', '198.51.100.4', '198.51.100.5'].map((ip, i) => sasl(`10:0${4 + i}:00`, ip)).join('');
  const moreMailbox = error('10:05:00');
  fs.appendFileSync(files[0], more);
  fs.appendFileSync(files[1], moreMailbox);
  assert.equal(await extendFiles(files, scan, read), Buffer.byteLength(more) + Buffer.byteLength(moreMailbox));
  const grown = scan.report();
  assert.deepEqual([grown.totals.deferred, grown.totals.errors], [3, 2]);
  // As a new read of the grown files counts them, the flagged account too (five addresses within the hour).
  const fresh = (await scanFiles(files, { year: 2026 })).report;
  assert.deepEqual(grown.buckets, fresh.buckets);
  assert.deepEqual(grown.totals, fresh.totals);
  assert.deepEqual(grown.flagged, fresh.flagged);
  assert.equal(grown.flagged[0]?.account, 'mallory@example.com');
  assert.deepEqual(grown.firstLines.at(-1), { file: 0, line: 7 }, 'line numbers go on in the grown file');
  // Nothing appended: nothing read.
  assert.equal(await extendFiles(files, scan, read), 0);
});

test('a line still being written waits for its end', async () => {
  const { files } = setUp();
  const { scan, read } = await scanFiles(files, { year: 2026 });
  const line = deferred('10:02:00', 'BBBBB22222');
  fs.appendFileSync(files[0], line.slice(0, 40));
  assert.equal(await extendFiles(files, scan, read), 0);
  assert.equal(scan.report().totals.deferred, 1);
  fs.appendFileSync(files[0], line.slice(40));
  assert.equal(await extendFiles(files, scan, read), Buffer.byteLength(line));
  assert.equal(scan.report().totals.deferred, 2);
});

test('a file truncated, replaced or compressed is read again from the start', async () => {
  const { dir, files } = setUp();
  const first = await scanFiles(files, { year: 2026 });
  fs.writeFileSync(files[0], deferred('11:00:00', 'DDDDD44444'));
  assert.equal(await extendFiles(files, first.scan, first.read), -1, 'shorter');
  const second = await scanFiles(files, { year: 2026 });
  fs.writeFileSync(files[0], deferred('11:00:00', 'EEEEE55555') + deferred('11:01:00', 'FFFFF66666'));
  assert.equal(await extendFiles(files, second.scan, second.read), -1, 'longer, but another start');
  const gz = path.join(dir, 'zimbra.log.1.gz');
  fs.writeFileSync(gz, zlib.gzipSync(deferred('09:00:00', 'GGGGG77777')));
  const third = await scanFiles([gz, ...files], { year: 2026 });
  fs.appendFileSync(gz, zlib.gzipSync(deferred('09:01:00', 'HHHHH88888')));
  assert.equal(await extendFiles([gz, ...files], third.scan, third.read), -1, 'compressed');
});
