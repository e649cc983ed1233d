import { marker } from './format';

// The literal markers the scanners look for (with startsWith/indexOf, or as bytes: the stream
// index, index/streamIndex.ts, takes ascii(m.text) of each). The patterns that read the fields
// after them are in postfix.ts, amavis.ts and mailbox.ts.

const CLIENT_LINE = 'Oct  3 10:17:02 mta01 postfix/smtpd[21777]: 4FF14284F45: client=laptop.example.com[192.0.2.55], sasl_method=PLAIN, sasl_username=dave@example.com';
const DELIVERY_LINE = 'Oct  3 10:17:03 mta01 postfix/lmtp[2210]: 4FF14284F45: to=<bob@example.com>, orig_to=<b@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)';
const QMGR_LINE = 'Oct  3 10:17:02 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<alice@partner.org>, size=3606, nrcpt=1 (queue active)';
const AMAVIS_LINE = 'Oct  3 10:17:02 mta01 amavis[30688]: (30688-02) Passed CLEAN {RelayedInbound}, [198.51.100.7]:48460 <a@partner.org> -> <bob@example.com>, Queue-ID: 10B7218ED12A, Message-ID: <m@x>, mail_id: HnYF, Hits: 1.2, size: 3310, queued_as: 88C4C18ED12D, 478 ms';

/** Postfix messages after `QUEUEID: `, and the fields in them. */
export const postfixMarkers = {
  program: marker('postfix', 'The start of every Postfix program name (postfix/smtpd, postfix-out/qmgr, ...)', ['postfix/smtpd', 'postfix-out/qmgr'], ['amavis', 'saslauthd']),
  messageId: marker('message-id=', "cleanup read the message's Message-ID header", ['Oct  3 10:17:02 mta01 postfix/cleanup[2208]: 4FF14284F45: message-id=<CAF1x9Qp-7@mail.partner.org>'], [QMGR_LINE]),
  client: marker('client=', 'smtpd accepted a message from this client', [CLIENT_LINE], [QMGR_LINE]),
  saslUsername: marker('sasl_username=', 'the account that logged in (SMTP AUTH), a field of client=', [CLIENT_LINE], ['Oct  3 10:17:02 mta01 postfix/smtpd[21777]: 4FF14284F45: client=mail.partner.org[198.51.100.7]']),
  from: marker('from=<', "qmgr (and pickup's uid= line) name the envelope sender", [QMGR_LINE, 'Oct  3 10:17:01 mta01 postfix/pickup[2200]: 4FF14284F45: uid=0 from=<root>'], [DELIVERY_LINE]),
  to: marker('to=<', 'a delivery attempt: its recipient', [DELIVERY_LINE], [QMGR_LINE]),
  origTo: marker('orig_to=<', 'a delivery attempt: the recipient before rewriting', [DELIVERY_LINE], ['Oct  3 10:17:03 mta01 postfix/smtp[2210]: 4FF14284F45: to=<x@other.org>, relay=mx.other.org[203.0.113.5]:25, delay=1, dsn=2.0.0, status=sent (250 OK)']),
  uid: marker('uid=', 'pickup took a message that a local program submitted', ['Oct  3 10:17:01 mta01 postfix/pickup[2200]: 4FF14284F45: uid=0 from=<root>'], [QMGR_LINE]),
  removed: marker('removed', 'qmgr: the transaction leaves the queue (its last line)', ['Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed'], [QMGR_LINE]),
  sender: marker('sender ', 'bounce created a notification message (`sender non-delivery notification: ID`)', ['Oct  3 10:17:09 mta01 postfix/bounce[2300]: 4FF14284F45: sender non-delivery notification: 6B2D3E4F50'], [QMGR_LINE]),
};

const SASL_WARNING = 'Oct  3 10:17:00 mta01 postfix/smtpd[21777]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6';

/** What the first pass over an open log (index/problemScan.ts) looks for before it reads a line further. */
export const problemMarkers = {
  postfix: postfixMarkers.program,
  saslauthd: marker('saslauthd', "The SASL daemon's program name (its lines are SMTP AUTH checks)", ['saslauthd'], ['postfix/smtpd']),
  saslWarning: marker(' SASL ', 'A Postfix warning about SMTP AUTH', [SASL_WARNING], ['Oct  3 10:17:00 mta01 postfix/smtpd[21777]: warning: hostname x.example does not resolve to address 192.0.2.9']),
  saslUsername: marker(', sasl_username=', 'smtpd accepted a message from a client that logged in', [CLIENT_LINE], [QMGR_LINE]),
  status: marker(' status=', "A delivery attempt's result", [DELIVERY_LINE], [QMGR_LINE]),
  sent: marker('sent', 'The status of a delivery that succeeded (after ` status=`)', [DELIVERY_LINE], ['Oct  3 10:17:03 mta01 postfix/smtp[2210]: 4FF14284F45: to=<x@other.org>, relay=none, delay=1, dsn=4.4.1, status=deferred (connect to mx.other.org[203.0.113.5]:25: Connection timed out)']),
  servlet: marker('Servlet SoapServlet ', 'The start or the stop of the mailbox server (log4j.ts SOAP_START, SOAP_STOP)', ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up'], ['2021-11-16 02:38:40,564 INFO  [main] [] soap - x']),
  causedBy: marker('Caused by: ', 'The root cause of a stack trace follows', ['Caused by: javax.naming.NameNotFoundException: x'], ['\tat com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471)']),
};

/** What the login analyses (investigate/smtpAuth.ts, security.ts) look for before they read a line further. */
export const loginMarkers = {
  saslauthd: problemMarkers.saslauthd,
  postfix: postfixMarkers.program,
  warning: marker('warning: ', 'A Postfix warning', [SASL_WARNING], [CLIENT_LINE]),
  authFailed: marker(' authentication failed', 'A failed SMTP AUTH (postfix/smtpd warning)', [SASL_WARNING], ['Oct  3 10:17:00 mta01 postfix/smtpd[21777]: warning: unknown[203.0.113.9]: SASL LOGIN authentication aborted']),
  client: postfixMarkers.client,
  saslUsername: marker('sasl_username=', 'The account of a successful SMTP AUTH', [CLIENT_LINE], [QMGR_LINE]),
  audit: marker(' security - cmd=', 'An audit.log entry (a login, an account change)', ['2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;] security - cmd=Auth; account=bob@example.com; protocol=soap;'], ['2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;] soap - x']),
  authFailedFor: marker('authentication failed for [', 'A failed login, as the mailbox server logs it', ['SoapEngine - handler exception: authentication failed for [bob@example.com], invalid password'], ['auth_zimbra: bob@example.com auth OK']),
};

/** amavis' verdict line: the queue IDs it links and the Message-ID, in this order (amavis.ts). */
export const amavisMarkers = {
  program: marker('amavis', 'The program name of amavisd-new (amavis, amavisd)', ['amavis', 'amavisd'], ['postfix/smtpd']),
  queueId: marker('Queue-ID: ', 'the queue ID the message had when amavis received it', [AMAVIS_LINE], ['Oct  3 10:17:02 mta01 postfix/qmgr[9946]: 4FF14284F45: removed']),
  messageId: marker('Message-ID: ', 'the Message-ID of the message amavis checked', [AMAVIS_LINE], [QMGR_LINE]),
  queuedAs: marker('queued_as: ', 'the queue ID(s) under which amavis re-injected the message (several joined by `/`)', [AMAVIS_LINE], ['Oct  3 10:17:02 mta01 amavis[30688]: (30688-03) Blocked INFECTED (Eicar) {DiscardedInbound}, [1.2.3.4]:1 <a@x> -> <b@y>, Queue-ID: 218BEDC28EC, Message-ID: <m@x>, mail_id: T0h, Hits: -, size: 344, 91 ms']),
};

const DELIVERING = '2026-10-13 10:16:42,517 INFO  [LmtpServer-3] [name=bob@example.com;mid=7;ip=192.0.2.20;] lmtp - Delivering message: size=4120 bytes, nrcpts=1, sender=alice@partner.org, msgid=<CAF1x9Qp-7@mail.partner.org>';
const REJECTING = '2026-10-13 10:16:42,600 INFO  [LmtpServer-3] [] lmtp - rejecting message from=alice@partner.org,to=carol@example.com: overquota';
const ADDING = '2026-10-13 10:16:42,560 INFO  [LmtpServer-3] [name=bob@example.com;mid=7;] mailop - Adding Message: id=260, Message-ID=<CAF1x9Qp-7@mail.partner.org>, parentId=-1, folderId=2, folderName=Inbox acct=bob@example.com.';
const SENDING = '2026-10-13 10:18:11,220 INFO  [qtp1-131:https://192.0.2.21/service/soap/SendMsgRequest] [name=bob@example.com;] smtp - Sending message to MTA at mta01.example.com, port 25: Message-ID=<506.1.JavaMail.zimbra@example.com>, replyType=null';
const DUPLICATE = '2026-10-13 10:16:43,000 INFO  [LmtpServer-4] [name=bob@example.com;] lmtp - Not delivering message with duplicate Message-ID <m@x>';
const OTHER = '2026-10-13 10:16:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up';

/** mailbox.log (log4j): the loggers and messages about one message, and where their Message-ID is. */
export const mailboxMarkers = {
  lmtp: marker(' lmtp - ', 'the LMTP server logger (deliveries from the MTA)', [DELIVERING, REJECTING], [ADDING, OTHER]),
  mailop: marker(' mailop - ', 'the mailbox operations logger (items added, moved, deleted)', [ADDING], [DELIVERING]),
  smtp: marker(' smtp - ', "the logger of the mailbox server's own SMTP client (webmail sends)", [SENDING], [DELIVERING, ADDING]),
  loggerEnd: marker(' - ', 'the end of the logger name, before the message', [OTHER, DELIVERING], ['\tat com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471)']),
  delivering: marker('Delivering message', 'an LMTP delivery begins (formats/mailbox.ts lmtpDelivering)', [DELIVERING], [REJECTING]),
  rejecting: marker('rejecting message', 'an LMTP recipient was refused (lmtpRejecting)', [REJECTING], [DELIVERING]),
  rejectedTo: marker(',to=', 'the refused recipient of an LMTP rejection', [REJECTING], [DELIVERING]),
  /** Where each line names its Message-ID: `Delivering message` first, then the others in this order. */
  messageIds: [
    marker('msgid=', 'the Message-ID of an LMTP delivery', [DELIVERING], [ADDING, SENDING]),
    marker('Message-ID=', 'the Message-ID of an item added, or of a message sent to the MTA', [ADDING, SENDING], [DELIVERING]),
    marker('Message-ID ', 'the Message-ID of a duplicate not delivered again', [DUPLICATE], [ADDING]),
  ],
};

const CONNECT = 'Oct  3 10:17:00 mta01 postfix/smtpd[21777]: connect from mail.partner.org[198.51.100.7]';
const DISCONNECT = 'Oct  3 10:17:03 mta01 postfix/smtpd[21777]: disconnect from mail.partner.org[198.51.100.7] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5';
const REMOVED = 'Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed';

/** What collate.pl looks for in smtpd, pickup, qmgr and bounce lines (collate.ts). */
export const collateMarkers = {
  connectFrom: marker('connect from ', 'smtpd: a client connected (a session begins)', [CONNECT], [REMOVED]),
  client: postfixMarkers.client,
  disconnectFrom: marker('disconnect from', 'smtpd: the client disconnected (the session ends)', [DISCONNECT], [CONNECT]),
  uid: postfixMarkers.uid,
  removed: marker('removed', 'qmgr: the message left the queue (its transaction ends)', [REMOVED], [CONNECT]),
  notification: marker(' notification: ', 'bounce: the queue ID of a notification about this message', ['Oct  3 10:17:09 mta01 postfix/bounce[2300]: 4FF14284F45: sender non-delivery notification: 6B2D3E4F50'], [REMOVED]),
};

/** An smtpd session, from `connect from` to `disconnect from` (index/sessions.ts folds it). */
export const sessionMarkers = {
  postfix: postfixMarkers.program,
  smtpd: marker('smtpd', "The SMTP server daemon's name (the last part of the program name)", ['smtpd'], ['smtp', 'qmgr']),
  connectFrom: collateMarkers.connectFrom,
  disconnectFrom: marker('disconnect from ', 'smtpd: the client disconnected (the session ends)', [DISCONNECT], [CONNECT]),
};

/** What the failure scan looks for first (causes/failureScan.ts): a delivery's status, a refusal, a removal. */
export const failureMarkers = {
  status: marker('status=', "a delivery attempt's result", ['Oct  3 10:17:03 mta01 postfix/smtp[2210]: 4FF14284F45: to=<x@other.org>, relay=none, delay=1, dsn=4.4.1, status=deferred (connect to mx.other.org[203.0.113.5]:25: Connection timed out)'], [REMOVED]),
  noqueue: marker('NOQUEUE', 'a refusal before queueing', ['Oct  3 10:17:00 mta01 postfix/smtpd[21777]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 Relay access denied; from=<a@b> to=<c@d> proto=SMTP'], [REMOVED]),
  removed: marker(': removed', 'qmgr: the message left the queue', [REMOVED], [CONNECT, 'Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<removed@x>, size=1, nrcpt=1']),
};
