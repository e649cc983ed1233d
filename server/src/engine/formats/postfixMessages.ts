import { shape } from './format';

// Smaller shapes of Postfix messages (after `QUEUEID: ` or `program[pid]: `) and of their fields,
// for the quick scans (index/problemScan.ts, the records' details, trace). The full line patterns
// are in postfix.ts.

/** `warning: ` and the like, where a message starts (sticky): group 1 is the severity. */
export const postfixProblem = shape('postfix-problem', 'A Postfix warning, error, fatal or panic message', /(warning|error|fatal|panic): /y, {
  'warning: hostname x.example does not resolve to address 192.0.2.9': { 1: 'warning' },
  'fatal: open database /etc/postfix/virtual.db: No such file or directory': { 1: 'fatal' },
}, ['connect from x[1.2.3.4]', '4FF14284F45: to=<a@b>, relay=none, delay=1, dsn=4.4.1, status=deferred (warning: x)']);

/**
 * A delivery attempt, read loosely (after `QUEUEID: `): recipient, DSN, status, and the reply (in
 * parentheses) or the note after the status. The 's' flag: a line has no line break, and with
 * none in `.` the end is found once (not again for each " dsn=").
 */
export const postfixDeliveryStatus = shape('postfix-delivery-status', "A delivery attempt's recipient, DSN, status and reply", /^to=<([^>]*)>,.*? dsn=([\d.]+), status=(\w+)(?: \((.*)\)|,? (.*))?$/s, {
  'to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.13, delays=0.01/0/0/0.11, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)': { 1: 'carol@example.com', 2: '4.2.2', 3: 'deferred', 4: '452 4.2.2 Over quota' },
  'to=<late@far.example>, relay=none, delay=432000, delays=431999/1/0/0, dsn=4.4.1, status=expired, returned to sender': { 3: 'expired', 5: 'returned to sender' },
}, ['from=<alice@partner.org>, size=3606, nrcpt=2 (queue active)', 'to=<a@b>, relay=none, status=sent']);

/** pickup: `uid=N from=<S>` (a message a local program submitted). */
export const postfixPickupUid = shape('postfix-pickup-uid', 'The user id of the local program that submitted a message', /^uid=(\d+)/, { 'uid=0 from=<root>': { 1: '0' } }, ['from=<root>']);
export const postfixPickupFrom = shape('postfix-pickup-from', 'The sender of a message a local program submitted', /from=<([^<>]*)>/, { 'uid=0 from=<root>': { 1: 'root' }, 'uid=1001 from=<>': { 1: '' } }, ['uid=0']);

/** The sender of a transaction's `from=<S>, size=..., nrcpt=...` line, wherever it is in the line. */
export const transactionFrom = shape('transaction-from', 'The envelope sender named by qmgr', /\bfrom=<([^<>\s]*)>/, {
  'Oct  3 10:17:02 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<alice@partner.org>, size=3606, nrcpt=1 (queue active)': { 1: 'alice@partner.org' },
}, ['Oct  3 10:17:02 mta01 postfix/smtpd[9946]: 4FF14284F45: client=x[1.2.3.4], orig_from=<a b>']);

/** The queue IDs a delivery's reply names: the next hop's, or the one local(8) forwarded it as. */
export const replyQueuedAs = shape('reply-queued-as', 'The queue ID the next hop gave the message', /queued as (\w+)/, { '250 2.0.0 Ok: queued as EFAF89FC43C': { 1: 'EFAF89FC43C' } }, ['250 2.0.0 Ok']);
export const replyForwardedAs = shape('reply-forwarded-as', 'The queue ID local(8) forwarded the message under', /forwarded as (\w+)/, { 'forwarded as 3A1B2C3D4E': { 1: '3A1B2C3D4E' } }, ['delivered to mailbox']);

/** A reply refused at RCPT time (the recipient, not the message). */
export const replyAtRcpt = shape('reply-at-rcpt', 'A reply that says the next hop refused the recipient at RCPT TO', /RCPT TO/i, {
  'host mbox01.example.com[192.0.2.21] said: 552 5.2.2 Over quota (in reply to RCPT TO command)': { 0: 'RCPT TO' },
}, ['host mx.other.org[203.0.113.5] said: 550 5.7.1 spam (in reply to end of DATA command)']);

/** A relay (or client) on this host: loopback address or localhost, with or without a port. */
export const localRelay = shape('local-relay', 'A relay on the same host (content filter, policy service, ...)', /^(?:[^\[]*\[(?:127\.\d+\.\d+\.\d+|::1)\]|localhost)(?::\d+)?$|\[(?:127\.\d+\.\d+\.\d+|::1)\]:\d+$/, {
  '127.0.0.1[127.0.0.1]:10024': {}, 'localhost[::1]:10025': {}, 'localhost': {},
}, ['mbox01.example.com[192.0.2.21]:7025', 'none']);

/** A relay on Zimbra's LMTP port (the mailbox server). */
export const lmtpRelay = shape('lmtp-relay', "A relay on the mailbox server's LMTP port", /:7025$/, { 'mbox01.example.com[192.0.2.21]:7025': {} }, ['127.0.0.1[127.0.0.1]:10024', 'mbox01.example.com[192.0.2.21]:70250']);

/** cleanup's `message-id=<M>`, read as the account report reads it (group 1: no `<` in the ID). */
export const cleanupMessageId = shape('cleanup-message-id', 'The Message-ID cleanup read (account report)', /^message-id=<?([^<>\s]*)>?/, { 'message-id=<CAF1x9Qp-7@mail.partner.org>': { 1: 'CAF1x9Qp-7@mail.partner.org' }, 'message-id=abc@x': { 1: 'abc@x' } }, ['client=x[1.2.3.4]']);
