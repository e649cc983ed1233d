import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafe } from './recheck';
import { bsdSyslog, rfc3339Syslog } from '../../server/src/engine/formats/syslog';
import { postfixProgram, QUEUE_ID } from '../../server/src/engine/formats/postfix';
import { log4jContinuation, log4jHeader } from '../../server/src/engine/formats/log4j';
import { describeLine, LineInfo, Span } from '../../server/src/engine/lineInfo';

const text = (line: string, s?: Span) => (s ? line.slice(s.start, s.end) : undefined);

function fields(line: string, i: LineInfo) {
  return {
    kind: i.kind,
    timestamp: text(line, i.timestamp),
    level: i.level?.value,
    host: text(line, i.host),
    program: text(line, i.program),
    pid: text(line, i.pid),
    thread: text(line, i.thread),
    context: text(line, i.context),
    logger: text(line, i.logger),
    queueIds: i.queueIds.map((q) => [q.id, q.role, text(line, q.span)]),
  };
}

test('a Postfix delivery line: header fields, its queue ID and the next hop\'s', () => {
  const line = 'Oct  3 10:17:09 mta01 postfix/smtp[7519]: 17B8ED411FA6: to=<bob@example.com>, relay=127.0.0.1[127.0.0.1]:10032, delay=1.1, delays=0.06/0.01/0/1, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as EFAF89FC43C)';
  const i = describeLine(line);
  assert.deepEqual(fields(line, i), {
    kind: 'syslog', timestamp: 'Oct  3 10:17:09', level: undefined, host: 'mta01', program: 'postfix/smtp', pid: '7519',
    thread: undefined, context: undefined, logger: undefined,
    queueIds: [['17B8ED411FA6', 'subject', '17B8ED411FA6'], ['EFAF89FC43C', 'queued-as', 'EFAF89FC43C']],
  });
  assert.deepEqual(i.postfix, { instance: 'postfix', daemon: 'smtp' });
});

test('amavis, bounce and re-injection lines name the queue IDs they link', () => {
  const amavis = 'Oct 13 10:17:09 mta01 amavis[30688]: (30688-02) Passed CLEAN {RelayedInbound}, [198.51.100.7]:48460 <a@b> -> <c@d>, Queue-ID: 17B8ED411FA6, Message-ID: <x@y>, mail_id: Hn, Hits: 1.2, size: 3606, queued_as: EFAF89FC43C/ABCDEF1234, 478 ms';
  assert.deepEqual(describeLine(amavis).queueIds.map((q) => [q.id, q.role]), [['17B8ED411FA6', 'amavis-queue-id'], ['EFAF89FC43C', 'amavis-queued-as'], ['ABCDEF1234', 'amavis-queued-as']]);
  assert.equal(describeLine(amavis).postfix, undefined);
  const bounce = 'Oct 13 10:18:04 mta01 postfix/bounce[7700]: 5A1C2D3E4F: sender non-delivery notification: 6B2D3E4F50';
  assert.deepEqual(describeLine(bounce).queueIds.map((q) => [q.id, q.role]), [['5A1C2D3E4F', 'subject'], ['6B2D3E4F50', 'notification']]);
  const reinject = '2026-10-13T10:17:09.123+02:00 mta01 postfix/amavisd/smtpd[31002]: EFAF89FC43C: client=localhost[127.0.0.1], orig_queue_id=17B8ED411FA6';
  const r = describeLine(reinject);
  assert.equal(text(reinject, r.timestamp), '2026-10-13T10:17:09.123+02:00');
  assert.deepEqual(r.queueIds.map((q) => [q.id, q.role]), [['EFAF89FC43C', 'subject'], ['17B8ED411FA6', 'orig-queue-id']]);
  assert.deepEqual(r.postfix, { instance: 'postfix', daemon: 'smtpd' });
  const long = 'Oct 13 10:17:09 mx postfix/cleanup[1]: 3Pt2mN2VXxznjll: message-id=<x@y>';
  assert.deepEqual(describeLine(long).queueIds.map((q) => q.id), ['3Pt2mN2VXxznjll']);
});

test('NOQUEUE and warnings carry no queue ID', () => {
  assert.deepEqual(describeLine('Oct 13 10:17:20 mta01 postfix/smtpd[21790]: NOQUEUE: reject: RCPT from unknown[203.0.113.66]: 554 5.7.1').queueIds, []);
  assert.deepEqual(describeLine('Oct 13 10:17:20 mta01 postfix/smtpd[21790]: warning: hostname x does not resolve').queueIds, []);
});

test('a log4j entry: level, thread with spaces, braces and URLs, context, logger', () => {
  const a = '2021-11-16 03:13:43,422 INFO  [qtp1027007693-121:https://192.168.1.9/service/soap/SaveDraftRequest] [name=admin@mail.nhk.com;mid=4;ip=192.168.1.9;ua=ZimbraWebClient - GC80 (Win)/9.0.0_GA_4028;soapId=1afb31c3;] mailop - Adding Message: id=260';
  assert.deepEqual(fields(a, describeLine(a)), {
    kind: 'log4j', timestamp: '2021-11-16 03:13:43,422', level: 'INFO', host: undefined, program: undefined, pid: undefined,
    thread: 'qtp1027007693-121:https://192.168.1.9/service/soap/SaveDraftRequest',
    context: 'name=admin@mail.nhk.com;mid=4;ip=192.168.1.9;ua=ZimbraWebClient - GC80 (Win)/9.0.0_GA_4028;soapId=1afb31c3;',
    logger: 'mailop', queueIds: [],
  });
  const b = '2021-11-16 00:01:00,000 INFO  [{RemoteManager: mail.nhk.com->zimbra@mail.nhk.com:22}-zmqstat deferred] [] rmgmt - executing';
  assert.equal(text(b, describeLine(b).thread), '{RemoteManager: mail.nhk.com->zimbra@mail.nhk.com:22}-zmqstat deferred');
  const c = '2021-11-16 00:01:00,000 FATAL [ Activity Thread] [] system - halting';
  const ci = describeLine(c);
  assert.equal(ci.level?.value, 'FATAL');
  assert.equal(text(c, ci.thread), ' Activity Thread');
  assert.equal(text(c, ci.logger), 'system');
});

test('stack-trace lines are continuations; anything else is other', () => {
  for (const l of ['\tat com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471)', 'Caused by: java.io.IOException: x', '\t... 12 more', 'Code:account.NO_SUCH_SERVER', 'com.zimbra.cs.account.AccountServiceException: no such server']) {
    assert.equal(describeLine(l).kind, 'continuation', l);
  }
  assert.equal(describeLine('').kind, 'other');
  assert.equal(describeLine('\u0000\u0001binary').kind, 'other');
});

test('describeLine is linear on long and hostile lines', () => {
  const lines = [
    '2021-11-16 00:01:00,000 INFO  [' + '] ['.repeat(50_000),
    'Oct 13 10:17:09 mx postfix/smtp[1]: ' + 'queued as '.repeat(20_000),
    'Oct 13 10:17:09 mx postfix/smtp[1]: ABCDEF: ' + 'A'.repeat(200_000),
    'a.'.repeat(100_000),
    ' '.repeat(200_000),
  ];
  // recheck finds no super-linear worst case in the patterns it runs (deterministic); the lines run through.
  for (const p of [bsdSyslog, rfc3339Syslog, postfixProgram, log4jHeader, log4jContinuation]) assertSafe(p.regex, p.name);
  assertSafe(new RegExp(QUEUE_ID + '(?![\\w])', 'y'), 'a queue ID');
  for (const l of lines) describeLine(l);
});
