import { LinePattern, Marker, marker, shape } from './format';
import { amavisMarkers } from './markers';

/** Short (hex) and long (enable_long_queue_ids: base-52 time, `z`, base-51 inode; no vowels) queue IDs. */
export const QUEUE_ID = '(?:[0-9A-F]{6,20}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{6,16}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{2,16})';

/** Postfix program names: `postfix(-instance)?(/qualifier)*\/daemon`. */
export const postfixProgram: LinePattern = {
  name: 'postfix-program',
  description: 'The program field of a Postfix line: instance, optional service qualifiers, daemon',
  regex: /^(?<instance>postfix(?:-[^/\s]+)?)(?<qualifiers>(?:\/[^/\s]+)*)\/(?<daemon>[^/\s]+)$/,
  fields: { instance: 'postfix or postfix-<name>: queue IDs are unique per instance', qualifiers: 'service names such as /amavisd or /submission', daemon: 'smtpd, cleanup, qmgr, smtp, lmtp, bounce, ...' },
  samples: [
    { line: 'postfix/smtpd', fields: { instance: 'postfix', qualifiers: '', daemon: 'smtpd' } },
    { line: 'postfix-out/smtp', fields: { instance: 'postfix-out', daemon: 'smtp' } },
    { line: 'postfix/amavisd/smtpd', fields: { instance: 'postfix', qualifiers: '/amavisd', daemon: 'smtpd' } },
    { line: 'postfix/10025/smtpd', fields: { qualifiers: '/10025', daemon: 'smtpd' } },
    { line: 'postfix-10.20.30.40/submission/smtpd', fields: { instance: 'postfix-10.20.30.40', qualifiers: '/submission', daemon: 'smtpd' } },
  ],
  counterSamples: ['amavis', 'postfix', '/postfix-script', 'postfixadmin/x'],
};

/** The message of a Postfix line about one queued message: `QUEUEID: rest`. */
export const postfixQueueLine: LinePattern = {
  name: 'postfix-queue-line',
  description: 'A Postfix message that starts with the queue ID it is about',
  regex: new RegExp(`^(?<queueId>${QUEUE_ID}): (?<rest>.*)$`, 's'),
  fields: { queueId: 'the queue ID', rest: 'what is logged about it' },
  samples: [
    { line: '4FF14284F45: removed', fields: { queueId: '4FF14284F45', rest: 'removed' } },
    { line: '3Pt2mN2VXxznjll: client=localhost[127.0.0.1]', fields: { queueId: '3Pt2mN2VXxznjll' } },
    { line: '17B8ED411FA6: to=<bob@example.com>, relay=127.0.0.1[127.0.0.1]:10032, status=sent (250 2.0.0 Ok: queued as EFAF89FC43C)', fields: { queueId: '17B8ED411FA6' } },
  ],
  counterSamples: ['NOQUEUE: reject: RCPT from unknown[1.2.3.4]: 554 5.7.1', 'warning: hostname does not resolve', 'connect from x[1.2.3.4]', 'fatal: open database'],
};

/** A queue ID where a message starts (sticky: set lastIndex to the message's start), and the `: ` after it. */
export const postfixQueueIdAt: LinePattern = shape('postfix-queue-id-at', 'The queue ID a Postfix message starts with (QUEUEID: ...)', new RegExp(`(?:${QUEUE_ID}): `, 'y'), {
  '4FF14284F45: removed': { 0: '4FF14284F45: ' },
  '3Pt2mN2VXxznjll: client=localhost[127.0.0.1]': { 0: '3Pt2mN2VXxznjll: ' },
}, ['NOQUEUE: reject: RCPT from unknown[1.2.3.4]: 554 5.7.1', 'connect from x[1.2.3.4]', ' 4FF14284F45: removed']);

/** A queue ID and where it ends (sticky: not followed by a word character), wherever a line names one. */
export const queueIdAt: LinePattern = shape('queue-id-at', 'A queue ID (short or long) at a given position', new RegExp(QUEUE_ID + '(?![\\w])', 'y'), {
  '4FF14284F45)': { 0: '4FF14284F45' },
  '3Pt2mN2VXxznjll, orig_client=x': { 0: '3Pt2mN2VXxznjll' },
}, ['4FF14284F45G', 'removed']);

/** A whole string that is a queue ID (a query). */
export const queueIdAlone: LinePattern = shape('queue-id', 'A string that is exactly one queue ID', new RegExp(`^${QUEUE_ID}$`), { '4FF14284F45': { 0: '4FF14284F45' }, '3Pt2mN2VXxznjll': {} }, ['4ff14284f45', 'CAF1x9Qp-7@mail.partner.org', 'NOQUEUE']);

type MentionRole = 'queued-as' | 'amavis-queue-id' | 'amavis-queued-as' | 'notification' | 'orig-queue-id' | 'forwarded-as';
const mention = (m: Marker, role: MentionRole, list?: boolean) => ({ marker: m.text, role, list, samples: m.samples });
/**
 * Places in a message where a queue ID is mentioned, other than at its start: the marker that
 * precedes it, and the role the mention plays in following a message across hops.
 */
export const queueIdMentions: { marker: string; role: MentionRole; list?: boolean; samples: string[] }[] = [
  mention(marker('queued as ', 'the next hop queued the message under this ID', ['250 2.0.0 Ok: queued as EFAF89FC43C']), 'queued-as'),
  mention(amavisMarkers.queueId, 'amavis-queue-id'),
  mention(amavisMarkers.queuedAs, 'amavis-queued-as', true),
  mention(marker('notification: ', 'the queue ID of a bounce notification', ['sender non-delivery notification: 6B2D3E4F50']), 'notification'),
  mention(marker('orig_queue_id=', 'the queue ID before a re-injection', ['client=localhost[127.0.0.1], orig_queue_id=17B8ED411FA6, orig_client=mail.partner.org[198.51.100.7]']), 'orig-queue-id'),
  mention(marker('forwarded as ', 'local(8) forwarded the message under a new queue ID', ['to=<a@x>, relay=local, delay=0, dsn=2.0.0, status=sent (forwarded as 3A1B2C3D4E)']), 'forwarded-as'),
];

/** A quick test for the lines that may mention another queue ID (global: from lastIndex on): queueIdMentions's markers, loosely. */
export const queueIdMentionHint: LinePattern = shape('queue-id-mention-hint', 'A cheap first test for a mention of another queue ID', /queued|Queue-ID|notification: |orig_queue_id=|forwarded as /g, {
  '250 2.0.0 Ok: queued as EFAF89FC43C': { 0: 'queued' },
  '(30688-02) Passed CLEAN, Queue-ID: 10B7218ED12A, Message-ID: <m@x>': { 0: 'Queue-ID' },
}, ['removed', 'connect from x[1.2.3.4]']);

/** Postfix messages about one queued message, after `QUEUEID: ` (the index reads these). */
export const postfixClient: LinePattern = {
  name: 'postfix-client',
  description: 'smtpd accepted a message: the client, and for submissions the SASL login; re-injections name the original queue ID',
  regex: /^client=(?<clientName>[^\[\s,]*)\[(?<clientIp>[^\]\s]*)\](?::\d+)?(?:, sasl_method=(?<saslMethod>[^,\s]*))?(?:, sasl_username=(?<saslUsername>[^,\s]+))?(?:, sasl_sender=[^,\s]*)?(?:, orig_queue_id=(?<origQueueId>\w+))?(?:, orig_client=(?<origClient>\S+))?/,
  fields: { clientName: 'client host name (unknown when it has no PTR)', clientIp: 'client address', saslMethod: 'SASL mechanism', saslUsername: 'the account that logged in (SMTP AUTH)', origQueueId: 'queue ID before re-injection (XFORWARD)', origClient: 'original client (XFORWARD)' },
  samples: [
    { line: 'client=mail.partner.org[198.51.100.7]', fields: { clientName: 'mail.partner.org', clientIp: '198.51.100.7' } },
    { line: 'client=laptop.example.com[192.0.2.55], sasl_method=PLAIN, sasl_username=dave@example.com', fields: { clientIp: '192.0.2.55', saslMethod: 'PLAIN', saslUsername: 'dave@example.com' } },
    { line: 'client=localhost[127.0.0.1], orig_queue_id=17B8ED411FA6, orig_client=mail.partner.org[198.51.100.7]', fields: { clientName: 'localhost', origQueueId: '17B8ED411FA6', origClient: 'mail.partner.org[198.51.100.7]' } },
    { line: 'client=unknown[2001:db8::1]', fields: { clientName: 'unknown', clientIp: '2001:db8::1' } },
  ],
};

export const postfixQmgrFrom: LinePattern = {
  name: 'postfix-qmgr-from',
  description: 'qmgr took the message into the active queue: sender, size, number of recipients',
  regex: /^from=<(?<from>[^>]*)>, size=(?<size>\d+), nrcpt=(?<nrcpt>\d+)/,
  fields: { from: 'envelope sender (empty for bounces)', size: 'bytes', nrcpt: 'number of recipients' },
  samples: [
    { line: 'from=<alice@partner.org>, size=3606, nrcpt=2 (queue active)', fields: { from: 'alice@partner.org', size: '3606', nrcpt: '2' } },
    { line: 'from=<>, size=4302, nrcpt=1 (queue active)', fields: { from: '' } },
  ],
};

export const postfixDelivery: LinePattern = {
  name: 'postfix-delivery',
  description: 'A delivery attempt by smtp, lmtp, local, virtual, pipe, error or discard',
  regex: /^to=<(?<to>[^>]*)>,(?: orig_to=<(?<origTo>[^>]*)>,)? relay=(?<relay>[^,\s]*),(?: conn_use=\d+,)? delay=(?<delay>[\d.]+),(?: delays=(?<delays>[\d.\/]+),)? dsn=(?<dsn>[\d.]+), status=(?<status>sent|deferred|bounced|expired|undeliverable|deliverable)(?: \((?<reply>.*)\)|,? (?<note>.*))?$/,
  fields: { to: 'recipient', origTo: 'recipient before rewriting', relay: 'next hop host[ip]:port, or none/local/virtual', delay: 'seconds since the message arrived', delays: 'a/b/c/d: before qmgr, in qmgr, connection setup, transmission', dsn: 'delivery status code', status: 'sent, deferred, bounced, expired', reply: "the next hop's reply", note: 'text after the status without parentheses' },
  samples: [
    { line: 'to=<bob@example.com>, relay=127.0.0.1[127.0.0.1]:10032, delay=1.1, delays=0.06/0.01/0/1, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as EFAF89FC43C)', fields: { to: 'bob@example.com', relay: '127.0.0.1[127.0.0.1]:10032', delays: '0.06/0.01/0/1', dsn: '2.0.0', status: 'sent', reply: '250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as EFAF89FC43C' } },
    { line: 'to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.13, delays=0.01/0/0/0.11, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)', fields: { status: 'deferred', reply: '452 4.2.2 Over quota' } },
    { line: 'to=<zimbra.******>, orig_to=<zimbra.******>, relay=virtual, delay=0.03, delays=0.02/0/0/0.01, dsn=2.0.0, status=sent (delivered to maildir)', fields: { origTo: 'zimbra.******', relay: 'virtual' } },
    { line: 'to=<late@far.example>, relay=none, delay=432000, delays=431999/1/0/0, dsn=4.4.1, status=expired, returned to sender', fields: { status: 'expired', note: 'returned to sender' } },
  ],
};

export const postfixNotification: LinePattern = {
  name: 'postfix-notification',
  description: 'bounce(8) created a notification message about this one',
  regex: /^sender (?<kind>non-delivery|delivery status|delay status|success) notification: (?<child>\w+)$/,
  fields: { kind: 'what the notification says', child: 'queue ID of the notification message' },
  samples: [{ line: 'sender non-delivery notification: 6B2D3E4F50', fields: { kind: 'non-delivery', child: '6B2D3E4F50' } }],
};

export const postfixMessageId: LinePattern = {
  name: 'postfix-message-id',
  description: 'cleanup read the Message-ID header',
  regex: /^message-id=<?(?<messageId>[^>\s]*)>?/,
  fields: { messageId: 'the Message-ID, without angle brackets' },
  samples: [{ line: 'message-id=<CAF1x9Qp-7@mail.partner.org>', fields: { messageId: 'CAF1x9Qp-7@mail.partner.org' } }],
};

/** smtpd (or cleanup) refused a message before it was queued: `NOQUEUE: reject: ...` (after `NOQUEUE: `). */
export const postfixReject: LinePattern = {
  name: 'postfix-reject',
  description: 'A refusal by smtpd before queueing (RCPT/MAIL/DATA/CONNECT restrictions, milters): the reply and the envelope',
  regex: /^(?:milter-)?reject: (?<stage>[A-Z-]{2,16}) from (?<client>[^\s\[\]]{0,255}\[[^\]\s]{0,64}\])(?::\d{1,5})?: (?<reply>[^;]*); (?:from=<(?<from>[^>]*)> )?(?:to=<(?<to>[^>]*)> )?/,
  fields: { stage: 'the SMTP command refused', client: 'name[ip] of the client', reply: 'the reply smtpd sent', from: 'envelope sender', to: 'recipient' },
  samples: [
    { line: 'reject: RCPT from unknown[203.0.113.9]: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table; from=<a@partner.org> to=<nobody@example.com> proto=ESMTP helo=<mail.partner.org>', fields: { stage: 'RCPT', client: 'unknown[203.0.113.9]', reply: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table', from: 'a@partner.org', to: 'nobody@example.com' } },
    { line: 'reject: RCPT from bad.example[198.51.100.66]: 554 5.7.1 <x@other.org>: Relay access denied; from=<spam@bad.example> to=<x@other.org> proto=SMTP helo=<bad.example>', fields: { reply: '554 5.7.1 <x@other.org>: Relay access denied', to: 'x@other.org' } },
    { line: 'milter-reject: END-OF-MESSAGE from mail.partner.org[198.51.100.7]: 5.7.1 Spam message rejected; from=<a@partner.org> to=<b@example.com> proto=ESMTP helo=<mail.partner.org>', fields: { stage: 'END-OF-MESSAGE', reply: '5.7.1 Spam message rejected', to: 'b@example.com' } },
  ],
  counterSamples: ['reject_warning: RCPT from x[1.2.3.4]: 450 4.7.1 Client host rejected; from=<> to=<a@b> proto=ESMTP', 'connect from x[1.2.3.4]'],
};
