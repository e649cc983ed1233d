// `summary`: pflogsumm-like counts across zimbra.log, mailbox.log and audit.log, streamed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { MailSummary, summarizeText } from '../../server/src/engine/mailSummary';
import { QueueFlags } from '../../server/src/engine/summary/queueFlags';
import { NameCounts } from '../../server/src/engine/summary/nameCounts';
import { root, runCli, tmpFile } from './helpers';

const samples = ['zimbra.log', 'mailbox.log', 'audit.log'].map((f) => path.join(root, 'samples', f));

const mta = [
  'Oct 13 10:17:08 mta01 postfix/smtpd[21777]: 17B8ED411FA6: client=mail.partner.org[198.51.100.7]',
  'Oct 13 10:17:08 mta01 postfix/qmgr[9946]: 17B8ED411FA6: from=<alice@partner.org>, size=3606, nrcpt=2 (queue active)',
  'Oct 13 10:17:09 mta01 postfix/smtp[31001]: 17B8ED411FA6: to=<bob@example.com>, relay=127.0.0.1[127.0.0.1]:10032, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as EFAF89FC43C)',
  'Oct 13 10:17:09 mta01 postfix/smtp[31001]: 17B8ED411FA6: to=<carol@example.com>, relay=127.0.0.1[127.0.0.1]:10032, delay=0.9, delays=0.1/0/0/0.8, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as EFAF89FC43C)',
  'Oct 13 10:17:09 mta01 postfix/amavisd/smtpd[31002]: EFAF89FC43C: client=localhost[127.0.0.1], orig_queue_id=17B8ED411FA6, orig_client=mail.partner.org[198.51.100.7]',
  'Oct 13 10:17:09 mta01 postfix/qmgr[9946]: EFAF89FC43C: from=<alice@partner.org>, size=4120, nrcpt=2 (queue active)',
  'Oct 13 10:17:09 mta01 postfix/lmtp[31003]: EFAF89FC43C: to=<bob@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, delays=0/0/0/0.2, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)',
  'Oct 13 10:17:09 mta01 postfix/lmtp[31003]: EFAF89FC43C: to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, delays=0/0/0/0.2, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)',
  'Oct 13 10:17:09 mta01 postfix/qmgr[9946]: 17B8ED411FA6: removed',
  'Oct 13 11:40:00 mta01 postfix/qmgr[9946]: EFAF89FC43C: from=<alice@partner.org>, size=4120, nrcpt=2 (queue active)',
  'Oct 13 11:40:01 mta01 postfix/lmtp[31003]: EFAF89FC43C: to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=900, delays=900/0/0/0.2, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)',
  'Oct 13 11:50:00 mta01 postfix/pickup[4089]: 4FF14284F45: uid=1034 from=<zimbra@example.com>',
  'Oct 13 11:50:00 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<zimbra@example.com>, size=900, nrcpt=1 (queue active)',
  'Oct 13 11:50:01 mta01 postfix/smtp[31005]: 4FF14284F45: to=<x@nowhere.example>, relay=mx.nowhere.example[203.0.113.5]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host said: 550 5.1.1 no such user)',
  'Oct 13 11:51:00 mta01 postfix/smtpd[21811]: NOQUEUE: reject: RCPT from unknown[203.0.113.66]: 554 5.7.1 <x@y>: Relay access denied; from=<s@spam.example> to=<x@y> proto=ESMTP helo=<spam>',
  'Oct 13 11:51:00 mta01 postfix/smtpd[21811]: NOQUEUE: reject_warning: RCPT from unknown[203.0.113.66]: 554 5.7.1 test',
  'Oct 13 11:52:00 mta01 postfix/cleanup[21812]: 6B2D3E4F50: discard: header Subject: win from unknown[203.0.113.67]; from=<a@b> to=<c@d>',
  'Oct 13 11:53:00 mta01 postfix/smtpd[21801]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: authentication failure, sasl_username=eve@example.com',
  'Oct 13 11:53:01 mta01 saslauthd[1402]: auth_zimbra: eve@example.com auth failed: authentication failed for [eve@example.com], invalid password',
  '2026-10-13T11:54:00.123456+03:00 mta01 postfix/smtp[31005]: 4FF14284F45: to=<y@nowhere.example>, relay=mx.nowhere.example[203.0.113.5]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 ok)',
].join('\n') + '\n';

test('postfix counts: once per recipient delivery, content-filter hand-offs and re-injections apart', () => {
  const p = summarizeText(mta).postfix;
  assert.equal(p.received, 2); // smtpd client= and pickup uid=; not the re-injection
  assert.equal(p.reinjected, 1);
  assert.equal(p.filtered, 2); // status=sent to 127.0.0.1 is the content filter
  assert.equal(p.delivered, 2); // bob over LMTP, y@ over SMTP
  assert.equal(p.deferred, 2);
  assert.equal(p.deferredMessages, 1);
  assert.equal(p.bounced, 1);
  assert.equal(p.rejected, 1); // reject_warning is not a rejection
  assert.equal(p.discarded, 1);
  assert.deepEqual(p.topSenders, [{ name: 'alice@partner.org', count: 1 }, { name: 'zimbra@example.com', count: 1 }]);
  assert.equal(p.bytesReceived, 3606 + 900);
  assert.deepEqual(p.topClients, [{ name: 'mail.partner.org[198.51.100.7]', count: 1 }]);
  assert.deepEqual(p.topRelays.map((r) => r.name).sort(), ['mbox01.example.com[192.0.2.21]', 'mx.nowhere.example[203.0.113.5]']);
  assert.deepEqual(p.topRejected, [{ name: 'unknown[203.0.113.66]', count: 1 }]);
  assert.deepEqual(
    p.perHour.map((h) => [h.hour, h.received, h.delivered, h.deferred, h.bounced, h.rejected, h.discarded]),
    [
      ['Oct 13 10:00', 1, 1, 1, 0, 0, 0],
      ['Oct 13 11:00', 1, 0, 1, 1, 1, 1],
      ['2026-10-13 11:00', 0, 1, 0, 0, 0, 0],
    ],
  );
});

test('failed logins from Postfix SASL, saslauthd and audit.log; ERROR/FATAL by logger', () => {
  const audit =
    '2026-10-13 10:17:29,990 WARN  [qtp1-130:https://192.0.2.21/service/soap/AuthRequest] [oip=203.0.113.9;ua=ZimbraWebClient - GC88 (Linux);soapId=9fd8101;] security - cmd=Auth; account=eve@example.com; protocol=soap; error=authentication failed for [eve@example.com], invalid password;\n' +
    '2026-10-13 10:18:11,220 ERROR [qtp1-131:https://192.0.2.21/service/admin/soap/GetServerRequest] [name=admin@example.com;ua=zmprov - x;] SoapEngine - handler exception\n' +
    '\tat com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471)\n' +
    '2026-10-13 10:21:44,001 FATAL [main] [] system - Unable to start servlet\n' +
    '2026-10-13 10:21:45,001 ERROR [main] [] system - again\n';
  const r = summarizeText(mta + audit);
  // Eve's SMTP AUTH failure is logged by Postfix and by saslauthd a second apart: one failure, as
  // the account report counts it (issue 15: one definition of a failed login for both).
  assert.equal(r.logins.failed, 2);
  assert.deepEqual(r.logins.bySource, { 'smtp-sasl': 1, audit: 1 });
  assert.deepEqual(r.logins.byAccount, [{ name: 'eve@example.com', count: 2 }]);
  assert.deepEqual(r.logins.byAddress, [{ name: '203.0.113.9', count: 2 }]);
  assert.equal(r.mailbox.entries, 4);
  assert.equal(r.mailbox.errors, 2);
  assert.equal(r.mailbox.fatals, 1);
  assert.deepEqual(r.mailbox.byLogger.map((x) => `${x.level} ${x.logger} ${x.count}`), ['ERROR SoapEngine 1', 'ERROR system 1', 'FATAL system 1']);
});

test('CLI: summary --json over the samples, plain and gzip alike; text report', () => {
  const r = runCli(['summary', '--json', ...samples]);
  assert.equal(r.status, 0, r.stderr.toString());
  const j = JSON.parse(r.stdout.toString());
  for (const k of ['received', 'delivered', 'deferred', 'bounced', 'rejected', 'discarded']) assert.equal(typeof j.postfix[k], 'number', k);
  assert.ok(j.postfix.delivered > 0 && j.logins.failed > 0 && j.mailbox.errors > 0);
  const gz = samples.map((f) => tmpFile(path.basename(f) + '.gz', zlib.gzipSync(fs.readFileSync(f))));
  assert.deepEqual(JSON.parse(runCli(['summary', '--json', ...gz]).stdout.toString()), j);
  const text = runCli(['summary', ...samples]).stdout.toString();
  assert.match(text, new RegExp(`\\s${j.postfix.delivered}\\s+delivered`));
  assert.match(text, /Failed logins: \d+/);
  const bad = runCli(['summary', tmpFile('broken.log.gz', zlib.gzipSync(fs.readFileSync(samples[0])).subarray(0, 200))]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr.toString(), /truncated|corrupt/);
});

test('byte-keyed queue flags: set, update and delete agree with a Map over many IDs (backward-shift deletion)', () => {
  const q = new QueueFlags();
  const ref = new Map<string, number>();
  const enc = new TextEncoder();
  let seed = 7;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (let i = 0; i < 50000; i++) {
    // Few distinct IDs, so that the table fills, grows and empties in runs; some longer than a slot.
    const id = rnd(3) ? (1000 + rnd(4000)).toString(16).toUpperCase() + 'A1B2C3' : 'L'.repeat(40) + rnd(50);
    const b = enc.encode(`xx${id}yy`);
    const op = rnd(4);
    if (op === 0) {
      q.delete(b, 2, b.length - 2);
      ref.delete(id);
    } else if (op === 1) {
      q.put(b, 2, b.length - 2, 1);
      ref.set(id, 1);
    } else {
      const bit = op === 2 ? 2 : 4;
      const old = ref.get(id) ?? 0;
      assert.equal(q.update(b, 2, b.length - 2, bit), old, id);
      ref.set(id, old | bit);
    }
  }
  for (const [id, v] of ref) {
    const b = enc.encode(id);
    assert.equal(q.update(b, 0, b.length, 0), v, id);
  }
});

test('byte-keyed name counts: top N as a full sort by count then name, names byte for byte', () => {
  const n = new NameCounts();
  const ref = new Map<string, number>();
  for (let i = 0; i < 3000; i++) {
    const name = `user${(i * 7919) % 257}@ex\u00e9mple.org`; // one character per byte (latin1)
    const b = Uint8Array.from(name, (c) => c.charCodeAt(0));
    n.add(b, 0, b.length, 1 + (i % 3));
    ref.set(name, (ref.get(name) ?? 0) + 1 + (i % 3));
  }
  const full = [...ref].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  for (const limit of [0, 1, 5, 10, 256, 257, 1000]) assert.deepEqual(n.top(limit), full.slice(0, limit), String(limit));
});

test('summary: CRLF line ends, a last line without a line end, non-UTF-8 bytes kept as one character per byte', () => {
  const lf = summarizeText(mta);
  assert.deepEqual(summarizeText(mta.replace(/\n/g, '\r\n')), lf);
  assert.deepEqual(summarizeText(mta.slice(0, -1)), lf);
  const line = Buffer.from('Oct 13 12:00:00 mta01 postfix/qmgr[9946]: 5A5A5A5A5A: from=<j\xfcrgen@example.de>, size=10, nrcpt=1 (queue active)\n', 'latin1');
  const s = new MailSummary();
  s.pushLines(line, 0, line.length);
  assert.deepEqual(s.report().postfix.topSenders, [{ name: 'j\xfcrgen@example.de', count: 1 }]);
});

test('summary: the null sender counted as <>, and the report the same when asked twice', () => {
  const s = new MailSummary();
  const text = Buffer.from(
    'Oct 13 12:00:00 mta01 postfix/qmgr[9946]: 5A5A5A5A5A: from=<>, size=10, nrcpt=1 (queue active)\n' +
      'Oct 13 12:00:01 mta01 postfix/qmgr[9946]: 5B5B5B5B5B: from=<>, size=10, nrcpt=1 (queue active)\n' +
      'Oct 13 12:00:02 mta01 postfix/qmgr[9946]: 5C5C5C5C5C: from=<a@b>, size=10, nrcpt=1 (queue active)\n',
    'latin1',
  );
  s.pushLines(text, 0, text.length);
  const first = s.report();
  assert.deepEqual(first.postfix.topSenders, [{ name: '<>', count: 2 }, { name: 'a@b', count: 1 }]);
  assert.deepEqual(s.report(), first);
});
