import { LinePattern } from './format';

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

/**
 * Places in a message where a queue ID is mentioned, other than at its start: the marker that
 * precedes it, and the role the mention plays in following a message across hops.
 */
export const queueIdMentions: { marker: string; role: 'queued-as' | 'amavis-queue-id' | 'amavis-queued-as' | 'notification' | 'orig-queue-id' | 'forwarded-as'; list?: boolean }[] = [
  { marker: 'queued as ', role: 'queued-as' },
  { marker: 'Queue-ID: ', role: 'amavis-queue-id' },
  { marker: 'queued_as: ', role: 'amavis-queued-as', list: true },
  { marker: 'notification: ', role: 'notification' },
  { marker: 'orig_queue_id=', role: 'orig-queue-id' },
  { marker: 'forwarded as ', role: 'forwarded-as' },
];
