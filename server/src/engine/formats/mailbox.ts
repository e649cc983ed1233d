import { LinePattern } from './format';

// The mailbox server's side of a message (mailbox.log, log4j layout): the message part after
// `logger - `. No Postfix queue ID appears there: these lines link to the MTA's by Message-ID,
// sender, recipient and time (../../../../../shared/formats/postfix-tracing.md).

/** `lmtp - Delivering message: ...` (ZimbraLmtpBackend); newer versions log `started:` / `completed:`. */
export const lmtpDelivering: LinePattern = {
  name: 'lmtp-delivering',
  description: 'The mailbox server accepted a message over LMTP from the MTA',
  regex: /^Delivering message(?: (?<phase>started|completed))?: size=(?<size>\d+ bytes|unspecified), nrcpts=(?<nrcpts>\d+), sender=(?<sender>[^,\s]*), msgid=<?(?<messageId>[^<>\s,]*)>?/,
  fields: { phase: 'started or completed (extended LMTP logs)', size: '`N bytes` or `unspecified`', nrcpts: 'number of recipients', sender: 'envelope sender', messageId: 'the Message-ID, without angle brackets' },
  samples: [
    { line: 'Delivering message: size=4120 bytes, nrcpts=2, sender=alice@partner.org, msgid=<CAF1x9Qp-7@mail.partner.org>', fields: { size: '4120 bytes', nrcpts: '2', sender: 'alice@partner.org', messageId: 'CAF1x9Qp-7@mail.partner.org' } },
    { line: 'Delivering message started: size=unspecified, nrcpts=1, sender=, msgid=<x.1@a>', fields: { phase: 'started', size: 'unspecified', sender: '', messageId: 'x.1@a' } },
  ],
};

/** `mailop - Adding Message: ...` (Message.java, three generations: without acct=, with acct=, with sender=). */
export const mailopAdding: LinePattern = {
  name: 'mailop-adding',
  description: 'A message was added to a folder of a mailbox (delivery, draft, sent copy, ...)',
  regex: /^Adding Message: id=(?<itemId>\d+),(?: sender=(?<sender>[^,]*),)? Message-ID=<?(?<messageId>[^<>\s,]*)>?, parentId=(?<parentId>-?\d+), folderId=(?<folderId>\d+), folderName=(?<folder>[^\n]*?)(?: acct=(?<acct>\S*?))?\.?$/,
  fields: { itemId: 'item id in the mailbox', sender: 'sender (newest versions)', messageId: 'the Message-ID, without angle brackets', parentId: 'conversation', folderId: 'folder id (2 = Inbox)', folder: 'folder name', acct: 'the account (id or name; older versions have none)' },
  samples: [
    { line: 'Adding Message: id=260, Message-ID=<CAF1x9Qp-7@mail.partner.org>, parentId=-1, folderId=2, folderName=Inbox acct=190bbac2-c741-4ca8-9593-77c2cc97754e.', fields: { itemId: '260', messageId: 'CAF1x9Qp-7@mail.partner.org', folderId: '2', folder: 'Inbox', acct: '190bbac2-c741-4ca8-9593-77c2cc97754e' } },
    { line: 'Adding Message: id=12, Message-ID=<a@b>, parentId=-1, folderId=5, folderName=Sent Items.', fields: { folder: 'Sent Items' } },
    { line: 'Adding Message: id=301, sender=alice@partner.org, Message-ID=<m@x>, parentId=-1, folderId=2, folderName=Inbox acct=bob@example.com.', fields: { sender: 'alice@partner.org', messageId: 'm@x', acct: 'bob@example.com' } },
  ],
};

/** `lmtp - rejecting message from=S,to=R: REASON` (overquota, account or mailbox not found, ...). */
export const lmtpRejecting: LinePattern = {
  name: 'lmtp-rejecting',
  description: 'The mailbox server refused one recipient of an LMTP delivery',
  regex: /^rejecting message from=(?<sender>[^,\s]*),to=(?<recipient>[^:\s]*): (?<reason>.*)$/,
  fields: { sender: 'envelope sender', recipient: 'the refused recipient', reason: 'overquota, account or mailbox not found, ...' },
  samples: [
    { line: 'rejecting message from=alice@partner.org,to=carol@example.com: overquota', fields: { sender: 'alice@partner.org', recipient: 'carol@example.com', reason: 'overquota' } },
    { line: 'rejecting message from=a@b,to=nobody@example.com: account or mailbox not found', fields: { reason: 'account or mailbox not found' } },
  ],
};

/** `lmtp - Not delivering message with duplicate Message-ID <M>`. */
export const lmtpDuplicate: LinePattern = {
  name: 'lmtp-duplicate',
  description: 'The mailbox already holds a message with this Message-ID',
  regex: /^Not delivering message with duplicate Message-ID <?(?<messageId>[^<>\s]*)>?/,
  fields: { messageId: 'the Message-ID, without angle brackets' },
  samples: [{ line: 'Not delivering message with duplicate Message-ID <m@x>', fields: { messageId: 'm@x' } }],
};

/** `smtp - Sending message to MTA at HOST, port P: Message-ID=<M>, ...` (webmail and other clients; older versions without `, port P`). */
export const smtpSending: LinePattern = {
  name: 'smtp-sending',
  description: 'The mailbox server handed a message written in webmail (or another client) to the MTA',
  regex: /^Sending message to MTA at (?<mta>[^,:\s]+)(?:, port (?<port>\d+))?: Message-ID=<?(?<messageId>[^<>\s,]*)>?/,
  fields: { mta: 'the MTA host', port: 'SMTP port (newer versions)', messageId: 'the Message-ID, without angle brackets' },
  samples: [
    { line: 'Sending message to MTA at mta01.example.com, port 25: Message-ID=<506022583.1.1760350600.JavaMail.zimbra@example.com>, replyType=null', fields: { mta: 'mta01.example.com', port: '25', messageId: '506022583.1.1760350600.JavaMail.zimbra@example.com' } },
    { line: 'Sending message to MTA at mta01.example.com: Message-ID=<1.2.JavaMail.zimbra@example.com>, replyType=r', fields: { mta: 'mta01.example.com', messageId: '1.2.JavaMail.zimbra@example.com' } },
  ],
};

/** The loggers whose messages the index reads, and the pattern for each message. */
export const mailboxMessages = { lmtp: [lmtpDelivering, lmtpRejecting, lmtpDuplicate], mailop: [mailopAdding], smtp: [smtpSending] };

/** `key=value;` pairs of a log4j context (`;;` is an escaped `;`). */
export function parseContext(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    const eq = s.indexOf('=', i);
    if (eq < 0) break;
    const key = s.slice(i, eq).trim();
    let v = '';
    let j = eq + 1;
    for (;;) {
      const semi = s.indexOf(';', j);
      if (semi < 0) {
        v += s.slice(j);
        j = s.length;
        break;
      }
      if (s.charCodeAt(semi + 1) === 59) {
        v += s.slice(j, semi + 1);
        j = semi + 2;
        continue;
      }
      v += s.slice(j, semi);
      j = semi + 1;
      break;
    }
    if (key) out[key] = v;
    i = j;
  }
  return out;
}
