import { LinePattern } from './format';

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
