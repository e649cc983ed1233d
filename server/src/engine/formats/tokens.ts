import { LinePattern, shape } from './format';

// Tokens that may stand anywhere in a line, whatever its format: addresses, accounts, IP
// addresses, host names, IDs. The summary folds them (summary/messageGroups.ts); hovers and
// tallies find them. (Redaction finds its tokens on bytes: investigate/redactTokens.ts.)

/** A host name as a whole string: dotted labels (isHostName, hostNames.ts, says whether it is one). */
export const dottedName = shape('dotted-name', 'Labels of letters, digits and hyphens joined by periods', /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i, { 'mta01.example.com': {}, 'com.zimbra.cs.Foo': {} }, ['localhost', 'a..b', 'bob@example.com']);

// The summary folds what varies between occurrences of one message (its first FOLDED_LENGTH
// characters). Bounded or single-class repetitions only: linear on any text, with a factor of up
// to 255 (a run of name characters is tried from each of its starts).
export const FOLDED_LENGTH = 300;
const folding = (p: LinePattern): LinePattern => ({ ...p, maxInput: FOLDED_LENGTH });
export const nameAndAddress = folding(shape('name-and-address', 'A host name and its address, name[ip]', /[\w.-]{1,255}\[[\w.:%-]{1,64}\]/g, { 'connect from unknown[203.0.113.9]': { 0: 'unknown[203.0.113.9]' } }, ['connect from 203.0.113.9']));
export const addressToken = folding(shape('address-token', 'An address, in angle brackets or bare', /<[^<>\s]{0,256}>|[\w.+=-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}/g, { 'from <bob@example.com>': { 0: '<bob@example.com>' }, 'for bob@example.com': { 0: 'bob@example.com' } }, ['for bob']));
export const idToken = folding(shape('id-token', 'A hexadecimal ID (queue ID) or a UUID', /\b(?=[0-9A-F]{0,19}\d)[0-9A-F]{8,20}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, { '3A1B2C3D4E: read timeout': { 0: '3A1B2C3D4E' }, 'acct=190bbac2-c741-4ca8-9593-77c2cc97754e.': { 0: '190bbac2-c741-4ca8-9593-77c2cc97754e' } }, ['DEADBEEFCAFE', 'removed']));
export const numberToken = folding(shape('number-token', 'A number (a whole run of digits)', /(?<!\d)\d+/g, { 'delay=432000': { 0: '432000' } }, ['none']));

/** An account or envelope address named in a line: group 1 after name=/account=/sasl_username=, group 2 in from=<>/to=<>. */
export const accountMention = shape('account-mention', 'An account or an envelope address named in a line', /(?:\[|;| )(?:name|account|sasl_username)=([^;,\]\s]+)|(?:from|to)=<([^<>\s@]+@[^<>\s]+)>/g, {
  '[name=bob@example.com;mid=7;]': { 1: 'bob@example.com' },
  '4FF14284F45: to=<carol@example.com>, relay=none': { 2: 'carol@example.com' },
}, ['from=<>, size=4302', 'to=<root>']);

/** A Message-ID after the keys that name one (Postfix, amavis, mailbox.log), in angle brackets. */
export const messageIdMention = shape('message-id-mention', 'A Message-ID in angle brackets after message-id=, Message-ID: or msgid=', /(?:message-id=|Message-ID[:=] ?|msgid=)<([^<>\s]{1,998})>/gi, {
  '4FF14284F45: message-id=<CAF1x9Qp-7@mail.partner.org>': { 1: 'CAF1x9Qp-7@mail.partner.org' },
  'Queue-ID: 10B7218ED12A, Message-ID: <m@x>, mail_id: HnYF': { 1: 'm@x' },
}, ['message-id=CAF1x9Qp-7@mail.partner.org', 'msgid=<>']);

/** One character of an account or an address (where a hover looks for one around the cursor). */
export const accountChar = shape('account-char', 'A character an account name or an address may hold', /[A-Za-z0-9._%+'@:-]/, { 'b': {}, '@': {} }, [' ', ';', '[']);
