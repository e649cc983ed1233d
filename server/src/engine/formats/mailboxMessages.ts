import { shape } from './format';

// Shapes of mailbox.log and audit.log messages (log4j, after `logger - `) that the investigations
// read: logins, mailbox changes, webmail sends, LMTP refusals, exceptions. The log4j header and the
// message-delivery lines are in log4j.ts and mailbox.ts.

/** audit.log: a login, `security - cmd=Auth; account=...; protocol=...;` (cmd=AdminAuth for an admin's). */
export const auditAuth = shape('audit-auth', 'A login recorded by the security logger (audit.log)', / security - cmd=(Auth|AdminAuth); /, {
  '2021-11-15 09:00:01,123 INFO  [qtp1-12:https://192.0.2.21/service/soap/AuthRequest] [name=bob@example.com;oip=198.51.100.7;ua=zclient/10.0.5;] security - cmd=Auth; account=bob@example.com; protocol=soap;': { 1: 'Auth' },
}, ['2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;] security - cmd=ModifyAccount; name=bob@example.com;']);

/** mailbox.log: a refused password, `authentication failed for [ACCOUNT], REASON` (or `(REASON)`). */
export const authFailed = shape('auth-failed', 'A failed login as the mailbox server logs it: the account and the reason', /authentication failed for \[([^\][]*)\](?:, | \()?([^)]*)\)?/, {
  'SoapEngine - handler exception: authentication failed for [bob@example.com], invalid password': { 1: 'bob@example.com', 2: 'invalid password' },
  'authentication failed for [henry] (account not found)': { 1: 'henry', 2: 'account not found' },
}, ['auth_zimbra: bob@example.com auth OK']);

/** A log4j context's client address (`[ip=...;` or `;ip=...;`). */
export const contextIp = shape('context-ip', "The client address in a log4j entry's context", /[\[;]ip=([^;\]]+)/, {
  '[name=bob@example.com;mid=7;ip=192.0.2.20;] lmtp - x': { 1: '192.0.2.20' },
}, ['[name=bob@example.com;oip=198.51.100.7;]']);

/** smtp: a message written in webmail handed to the MTA; the host and port read strictly, so that no start scans the rest of the line. */
export const sendingToMta = shape('sending-to-mta', 'The Message-ID of a message the mailbox server sent to the MTA', /smtp - Sending message to MTA at [\w.-]+(?:, port \d+)?: Message-ID=<?([^<>\s,]*)>?/, {
  '[name=bob@example.com;] smtp - Sending message to MTA at mta01.example.com, port 25: Message-ID=<506.1.JavaMail.zimbra@example.com>, replyType=null': { 1: '506.1.JavaMail.zimbra@example.com' },
  'smtp - Sending message to MTA at mta01.example.com: Message-ID=<1.2@x>': { 1: '1.2@x' },
}, ['smtp - Sending message to MTA at mta 01: Message-ID=<1.2@x>']);

/** An LMTP refusal's reason (mailbox.ts lmtpRejecting): over quota, or no such account. */
export const lmtpOverQuota = shape('lmtp-over-quota', 'An LMTP refusal because the mailbox is full', /quota/i, { overquota: {} }, ['account or mailbox not found']);
export const lmtpNoSuchAccount = shape('lmtp-no-such-account', 'An LMTP refusal because the account does not exist', /not found|no such|unknown/i, { 'account or mailbox not found': {}, 'no such user': {} }, ['overquota']);

/** The first line of a stack trace: `com.x.FooException: message` (or `Caused by: ...`). */
export const exceptionLine = shape('exception-line', 'The first line of a Java stack trace', /^(?:Caused by: )?[\w$.]{1,200}(?:Exception|Error|Throwable)[\w$]{0,60}(?::|$)/, {
  'com.zimbra.cs.account.AccountServiceException: no such server': { 0: 'com.zimbra.cs.account.AccountServiceException:' },
  'Caused by: java.io.IOException': {},
}, ['\tat com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471)', 'Servlet SoapServlet starting up']);

/** A log4j line's thread and context, to be left out when a line is shown short: group 1 is the date and time, group 2 the level. */
export const log4jThreadContext = shape('log4j-thread-context', "A log4j entry's timestamp and level, then its thread and context", /^(\S+ \S+) (\w+)\s+\[.*?\] \[.*?\] /, {
  '2021-11-16 02:38:40,564 ERROR [main] [name=a@b;] soap - x': { 1: '2021-11-16 02:38:40,564', 2: 'ERROR', 0: '2021-11-16 02:38:40,564 ERROR [main] [name=a@b;] ' },
}, ['Oct  3 10:17:00 mail postfix/smtpd[1]: x']);

/** The level and the spaces after it, at the start of what follows a log4j timestamp. */
export const log4jLevel = shape('log4j-level', 'A log4j level and its padding', /^\w+\s+/, { 'ERROR [main] [] soap - x': { 0: 'ERROR ' }, 'INFO  [main]': { 0: 'INFO  ' } }, [' [main]']);
