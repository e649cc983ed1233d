import { LinePattern, shape } from './format';

/** amavisd-new's summary line (2.7+): verdict, the queue IDs it links and the Message-ID. */
export const amavisVerdict: LinePattern = {
  name: 'amavis-verdict',
  description: 'amavis passed or blocked a message, and says under which queue ID it re-injected it',
  regex: /^\((?<amavisId>[\w-]+)\) (?<action>Passed|Blocked) (?<verdict>[A-Z][A-Z-]*(?: \([^)]*\))?)(?: \{(?<route>[^}]*)\})?,(?<rest>.*)$/,
  fields: { amavisId: 'amavis (pid-seq) id', action: 'Passed or Blocked', verdict: 'CLEAN, SPAM, SPAMMY, INFECTED (name), BANNED (name), BAD-HEADER, ...', route: 'e.g. RelayedInbound', rest: 'addresses, Queue-ID, Message-ID, Hits, queued_as' },
  samples: [
    { line: '(30688-02) Passed CLEAN {RelayedInbound}, [123.31.35.57]:48460 [123.31.35.57] <a@x> -> <b@y>, Queue-ID: 10B7218ED12A, Message-ID: <m@x>, mail_id: HnYFfPf-vHfk, Hits: 1.249, size: 3310, queued_as: 88C4C18ED12D, 478 ms', fields: { amavisId: '30688-02', action: 'Passed', verdict: 'CLEAN', route: 'RelayedInbound' } },
    { line: '(11202-06) Blocked INFECTED (Eicar-Signature) {DiscardedInbound,Quarantined}, [1.2.3.4]:1 <a@x> -> <b@y>, Queue-ID: 218BEDC28EC, Message-ID: <m@x>, mail_id: T0h, Hits: -, size: 344, 91 ms', fields: { action: 'Blocked', verdict: 'INFECTED (Eicar-Signature)' } },
  ],
};

/** Fields inside the rest of an amavis verdict line. */
export const amavisFields = {
  queueId: /Queue-ID: (\w+)/,
  messageId: /Message-ID: <([^>\s]*)>/,
  hits: /Hits: ([-\d.]+)/,
  queuedAs: /queued_as: ([\w/]+)/,
  // An address holds no `<`: a run of them is not read again from each position (linear time).
  addresses: /<([^<>\s]*)> -> ((?:<[^<>\s]*>,?)+)/,
};

/** The fields of amavisFields, with samples (the rest of a verdict line). */
const REST = '[123.31.35.57]:48460 [123.31.35.57] <a@x> -> <b@y>,<c@y>, Queue-ID: 10B7218ED12A, Message-ID: <m@x>, mail_id: HnYFfPf-vHfk, Hits: 1.249, size: 3310, queued_as: 88C4C18ED12D/99D5D29FE23E, 478 ms';
const NONE = ' [1.2.3.4]:1 Hits: -, size: 344, 91 ms';
export const amavisFieldPatterns = [
  shape('amavis-queue-id', 'The queue ID amavis received the message under', amavisFields.queueId, { [REST]: { 1: '10B7218ED12A' } }, [NONE]),
  shape('amavis-message-id', 'The Message-ID amavis checked', amavisFields.messageId, { [REST]: { 1: 'm@x' } }, [NONE]),
  shape('amavis-hits', 'The spam score', amavisFields.hits, { [REST]: { 1: '1.249' }, [NONE]: { 1: '-' } }, ['size: 344']),
  shape('amavis-queued-as', 'The queue IDs amavis re-injected the message under', amavisFields.queuedAs, { [REST]: { 1: '88C4C18ED12D/99D5D29FE23E' } }, [NONE]),
  shape('amavis-addresses', 'The sender (group 1) and the recipients (group 2)', amavisFields.addresses, { [REST]: { 1: 'a@x', 2: '<b@y>,<c@y>,' } }, [NONE]),
];

/** Each recipient in the recipients of amavisFields.addresses (global). */
export const amavisRecipient = shape('amavis-recipient', 'One recipient, in angle brackets', /<([^<>\s]*)>/g, { '<b@y>,<c@y>': { 1: 'b@y' } }, ['b@y']);
