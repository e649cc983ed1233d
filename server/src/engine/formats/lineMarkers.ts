import { marker } from './format';
import { amavisMarkers, failureMarkers, loginMarkers, postfixMarkers } from './markers';

// The literal markers of the remaining line readers (the account report, the transaction summary,
// the failure log, the protocol threads, hovers), each with lines that hold it and lines that do
// not (formats.test.ts checks both). Shared ones come from markers.ts.

const QMGR = 'Oct  3 10:17:02 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<alice@partner.org>, size=3606, nrcpt=1 (queue active)';
const CLIENT = 'Oct  3 10:17:02 mta01 postfix/smtpd[21777]: 4FF14284F45: client=laptop.example.com[192.0.2.55]';
const DELIVERY = 'Oct  3 10:17:03 mta01 postfix/lmtp[2210]: 4FF14284F45: to=<bob@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)';
const REJECT = 'Oct  3 10:17:00 mta01 postfix/smtpd[21777]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 Relay access denied; from=<a@b> to=<c@d> proto=SMTP';
const AUDIT = '2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;oip=198.51.100.7;] security - cmd=Auth; account=bob@example.com; protocol=soap;';
const SOAP = '2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;] soap - x';
const SENDING = '2021-11-15 09:00:02,456 INFO  [qtp1-12] [name=bob@example.com;oip=198.51.100.7;] smtp - Sending message to MTA at 127.0.0.1: Message-ID=<m@x>, origIp=198.51.100.7, replyType=null';
const SYNC = '2021-11-15 09:00:03,789 INFO  [qtp1-13:https://mail.example.com/Microsoft-Server-ActiveSync?User=bob&DeviceId=Appl1&DeviceType=iPhone&Cmd=Sync] [name=bob@example.com;DeviceID=Appl1;] sync - x';
const EXCEPTION = 'handler exception: authentication failed for [bob@example.com], invalid password';

/** The lines the account report reads (investigate/accountReport.ts). */
export const accountMarkers = {
  postfix: postfixMarkers.program,
  warning: loginMarkers.warning,
  client: postfixMarkers.client,
  messageId: postfixMarkers.messageId,
  to: postfixMarkers.to,
  removed: failureMarkers.removed,
  oip: marker('oip=', 'the address the client connected from (a log4j context field)', [AUDIT], [SOAP]),
  security: marker(' security - ', 'an audit.log entry (the security logger)', [AUDIT], [SOAP]),
  deviceId: marker('DeviceID=', 'an ActiveSync device (a log4j context field)', [SYNC], [AUDIT]),
  sendingToMta: marker(' smtp - Sending message to MTA', 'the web client sent a message', [SENDING], [AUDIT]),
};

/** What summarizeLines (transactionSummary.ts) looks for in a transaction's lines. */
export const summaryLineMarkers = {
  from: postfixMarkers.from,
  client: marker(' client=', 'smtpd: the client a message came from (its from= is not the envelope)', [CLIENT], [QMGR]),
  noqueue: failureMarkers.noqueue,
  nrcpt: marker('nrcpt=', "qmgr's from= line: the envelope sender", [QMGR], [REJECT]),
  to: marker(': to=<', 'a delivery attempt: its recipient', [DELIVERY], [QMGR, REJECT]),
  status: failureMarkers.status,
};

/** The failure log (causes/failureLog.ts): Postfix lines, refusals before queueing. */
export const failureLogMarkers = {
  postfix: postfixMarkers.program,
  noqueue: marker('NOQUEUE: ', 'a refusal before queueing, where the message begins', ['NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 554 5.7.1 Relay access denied'], ['4FF14284F45: removed']),
};

/** Program names, and where a failure hover begins. */
export const programMarkers = {
  postfix: postfixMarkers.program,
  amavis: amavisMarkers.program,
  /** The recipient of a delivery line (features/failureHover.ts). */
  to: marker(' to=<', 'the recipient of a delivery attempt', [DELIVERY], [QMGR]),
};

/** log4j thread names of the protocol servers and Jetty (investigate/threads.ts), and what they served. */
export const threadMarkers = {
  jetty: marker('qtp', "Jetty's request threads (SOAP, the web client)", ['qtp1027007693-121:https://mail.example.com/service/soap'], ['LmtpServer-7']),
  jettyOld: marker('btpool', 'ZCS 6/7 Jetty threads', ['btpool0-1064'], ['qtp1-12']),
  lmtp: marker('LmtpServer', 'the LMTP server threads', ['LmtpServer-7'], ['Pop3Server-2']),
  imap: marker('Imap', 'the IMAP server threads', ['ImapSSLServer-1', 'Imap-Idle-Proxy-ImapServer-792'], ['LmtpServer-7']),
  pop3: marker('Pop3', 'the POP3 server threads', ['Pop3Server-2'], ['ImapServer-1']),
  activeSync: marker('Microsoft-Server-ActiveSync', 'a Jetty thread serving ActiveSync (its URL)', [SYNC], [AUDIT]),
  handlerException: marker('handler exception', 'SoapEngine: a request failed', [EXCEPTION], ['handler: x']),
};
