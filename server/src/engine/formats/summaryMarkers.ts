import { marker } from './format';
import { mailboxMarkers, postfixMarkers } from './markers';

// The markers the summary's byte scanner (mailSummary.ts, through summary/patterns.ts) looks for
// in Postfix, saslauthd and mailbox.log lines. Those the stream index shares are in markers.ts.

const REJECT = 'Oct  3 10:17:00 mta01 postfix/smtpd[21777]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 <x@other.org>: Relay access denied; from=<spam@bad.example> to=<x@other.org> proto=SMTP helo=<bad.example>';
const MILTER = 'Oct  3 10:17:00 mta01 postfix/cleanup[2208]: 4FF14284F45: milter-reject: END-OF-MESSAGE from mail.partner.org[198.51.100.7]: 5.7.1 Spam message rejected; from=<a@partner.org> to=<b@example.com>';
const DISCARD = 'Oct  3 10:17:00 mta01 postfix/smtpd[21777]: 4FF14284F45: discard: RCPT from unknown[203.0.113.9]: <x@example.com>: Recipient address triggers DISCARD action';
const QMGR = 'Oct  3 10:17:02 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<alice@partner.org>, size=3606, nrcpt=1 (queue active)';
const BOUNCE_FROM = 'Oct  3 10:17:09 mta01 postfix/qmgr[9946]: 6B2D3E4F50: from=<>, size=4302, nrcpt=1 (queue active)';
const delivery = (status: string) => `Oct  3 10:17:03 mta01 postfix/smtp[2210]: 4FF14284F45: to=<x@other.org>, relay=mx.other.org[203.0.113.5]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=${status} (250 OK)`;
const SASL_WARNING = 'Oct  3 10:17:00 mta01 postfix/smtpd[21777]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6';
const SASLAUTHD = 'Oct  3 10:17:00 mta01 saslauthd[1234]: auth_zimbra: bob@example.com auth failed: account not found';
const ERROR = '2021-11-16 02:38:40,564 ERROR [qtp1-12] [name=bob@example.com;] SoapEngine - handler exception: authentication failed for [bob@example.com], invalid password';

/** Loopback hosts (a client or relay on the same host): an address that starts so, or one of the others whole. */
export const loopbackMarkers = {
  prefix: marker('127.', 'an IPv4 loopback address', ['127.0.0.1'], ['192.0.2.127']),
  whole: [
    marker('::1', 'the IPv6 loopback address', ['::1'], ['2001:db8::2']),
    marker('localhost', 'the host itself, by name', ['localhost'], ['mail.partner.org']),
    marker('ipv6:::1', 'the IPv6 loopback address, as Postfix names it', ['ipv6:::1'], ['ipv6:2001:db8::1']),
  ],
};

export const summaryMarkers = {
  program: postfixMarkers.program,
  saslauthd: marker('saslauthd', "The SASL daemon's program name", [SASLAUTHD], [QMGR]),
  warning: marker('warning: ', 'A Postfix warning', [SASL_WARNING], [QMGR]),
  fatal: marker('fatal: ', 'A Postfix fatal error', ['Oct  3 10:17:00 mta01 postfix/smtpd[21777]: fatal: open database /etc/postfix/virtual.db'], [SASL_WARNING]),
  panic: marker('panic: ', 'A Postfix panic', ['Oct  3 10:17:00 mta01 postfix/master[1]: panic: myfree: corrupt or unallocated memory block'], [SASL_WARNING]),
  authFailed: marker('authentication failed', 'A failed SMTP AUTH in a Postfix warning', [SASL_WARNING], ['Oct  3 10:17:00 mta01 postfix/smtpd[21777]: warning: unknown[203.0.113.9]: SASL LOGIN authentication aborted']),
  fail: marker('fail', 'A failed saslauthd check', [SASLAUTHD], ['Oct  3 10:17:00 mta01 saslauthd[1234]: auth_zimbra: bob@example.com auth OK']),
  noqueue: marker('NOQUEUE', 'A refusal before the message was queued (in place of a queue ID)', [REJECT], [MILTER]),
  to: postfixMarkers.to,
  client: postfixMarkers.client,
  from: postfixMarkers.from,
  removed: marker('removed', 'qmgr removed the message from the queue', ['Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed'], [QMGR]),
  uid: postfixMarkers.uid,
  reject: marker('reject: ', 'smtpd refused a message (or one recipient)', [REJECT], [DISCARD]),
  milterReject: marker('milter-reject: ', 'a milter refused a message', [MILTER], [REJECT]),
  discard: marker('discard: ', 'a message (or recipient) discarded by an access rule', [DISCARD], [REJECT]),
  clientAfterStage: marker(' from ', 'before the client of a refusal (`RCPT from name[ip]`)', [REJECT], ['Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed']),
  origQueueId: marker('orig_queue_id=', 'the queue ID a re-injected message had', ['Oct  3 10:17:02 mta01 postfix/smtpd[21777]: 17B8ED411FB0: client=localhost[127.0.0.1], orig_queue_id=17B8ED411FA6'], [QMGR]),
  nullSender: marker('<>', 'the null sender (bounces)', [BOUNCE_FROM], [QMGR]),
  size: marker('size=', "the message's size", [QMGR], [delivery('sent')]),
  status: marker(', status=', "a delivery attempt's result", [delivery('sent')], [QMGR]),
  relay: marker(', relay=', "a delivery attempt's next hop", [delivery('sent')], [QMGR]),
  sent: marker('sent', 'delivered', [delivery('sent')], [delivery('deferred')]),
  deferred: marker('deferred', 'to be tried again', [delivery('deferred')], [delivery('sent')]),
  bounced: marker('bounced', 'refused for good', [delivery('bounced')], [delivery('sent')]),
  expired: marker('expired', 'given up after the queue lifetime', [delivery('expired')], [delivery('sent')]),
  error: marker('ERROR', 'a log4j ERROR entry', [ERROR], ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up']),
  fatalEntry: marker('FATAL', 'a log4j FATAL entry', ['2021-11-16 02:38:40,564 FATAL [main] [] system - halting'], [ERROR]),
  warn: marker('WARN', 'a log4j WARN entry', ['2021-11-16 02:38:40,564 WARN  [main] [] mailbox - x'], [ERROR]),
  loggerEnd: mailboxMarkers.loggerEnd,
  authFailedFor: marker('authentication failed for [', 'a failed login, as the mailbox server logs it', [ERROR], ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up']),
  auditAuth: marker(' security - cmd=Auth;', 'a login in audit.log', ['2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;oip=198.51.100.7;] security - cmd=Auth; account=bob@example.com; protocol=soap; error=authentication failed for [bob@example.com], invalid password;'], [ERROR]),
};
