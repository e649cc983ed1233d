// Messages grouped as an error digest groups them: numbers, queue IDs and other IDs, addresses
// and `name[ip]` folded, so that one kind of message is one group, with its count and first and
// last time. For Postfix's warning:/fatal:/panic: lines and mailbox.log's ERROR/FATAL entries.
// At most MAX_GROUPS groups are kept; later kinds are counted together as one.

import { addressToken, FOLDED_LENGTH, idToken, nameAndAddress, numberToken } from '../formats/tokens';

export interface MessageGroup {
  /** `warning`, `fatal`, `panic` (Postfix) or `ERROR`, `FATAL` (mailbox.log). */
  level: string;
  /** The program (`postfix/smtpd`) or the logger (`SoapEngine`). */
  source: string;
  /** The folded message (with the exception class and its message, for mailbox.log). */
  message: string;
  count: number;
  first: string;
  last: string;
}

const MAX_GROUPS = 2000;
const MAX_LENGTH = FOLDED_LENGTH;
// Bounded or single-class repetitions only: linear on any text.
const NAME_IP = nameAndAddress.regex;
const ADDRESS = addressToken.regex;
const HEX_ID = idToken.regex;
const NUMBER = numberToken.regex;

/** `message` with what varies between occurrences of one kind folded. */
export function foldMessage(message: string): string {
  const m = message.length > MAX_LENGTH ? message.slice(0, MAX_LENGTH) : message;
  return m.replace(NAME_IP, 'HOST[ADDR]').replace(ADDRESS, '<ADDR>').replace(HEX_ID, 'ID').replace(NUMBER, 'N');
}

export class MessageGroups {
  private readonly groups = new Map<string, MessageGroup>();

  /** One occurrence; `message` is folded here. */
  add(level: string, source: string, message: string, time: string): void {
    const folded = foldMessage(message);
    let key = `${level}\u0000${source}\u0000${folded}`;
    let g = this.groups.get(key);
    if (!g && this.groups.size >= MAX_GROUPS) {
      key = `${level}\u0000${source}\u0000`;
      g = this.groups.get(key);
      if (!g) this.groups.set(key, (g = { level, source, message: '(other messages)', count: 0, first: time, last: time }));
    }
    if (!g) this.groups.set(key, (g = { level, source, message: folded, count: 0, first: time, last: time }));
    g.count++;
    g.last = time;
  }

  /** Most first. */
  list(limit = Infinity): MessageGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || (a.message < b.message ? -1 : 1)).slice(0, limit);
  }
}
