// The records of a LogIndex: one Postfix transaction each. What a record's own lines say (client,
// sender, size, deliveries) is read as its lines come, or, in an index that can read its lines
// back (an editor document), from those lines when first asked for.
import { postfixClient, postfixDelivery, postfixQmgrFrom } from '../formats/postfix';
import { postfixPickupFrom, postfixPickupUid, replyForwardedAs, replyQueuedAs } from '../formats/postfixMessages';
import { AmavisVerdict, Delivery, DeliveryStatus, QueueRecord } from './types';
import { postfixMarkers } from '../formats/markers';

/** The Postfix messages after `QUEUEID: ` that a record reads (formats/markers.ts). */
export const { client: { text: CLIENT }, uid: { text: UID }, from: { text: FROM }, to: { text: TO }, messageId: { text: MESSAGE_ID }, removed: { text: REMOVED }, sender: { text: SENDER }, program: { text: POSTFIX } } = postfixMarkers;

/** What a record's own lines say about it, besides its links to other records. */
export interface Details {
  client?: { name: string; ip: string };
  sasl?: { method?: string; username: string };
  origQueueId?: string;
  uid?: string;
  from?: string;
  size?: number;
  nrcpt?: number;
  deliveries: Delivery[];
}

/**
 * Reads one line of a record into `d` (`at`: after `QUEUEID: `): client=, uid=, the queue
 * manager's from=, a delivery. Returns the delivery it read, if any.
 */
export function readDetail(d: Details, line: string, at: number, n: number): Delivery | undefined {
  const c = line.charCodeAt(at);
  if (c === 99 /* c */ && line.startsWith(CLIENT, at)) {
    const g = postfixClient.regex.exec(line.slice(at))?.groups;
    if (g) {
      d.client = { name: g.clientName, ip: g.clientIp };
      if (g.saslUsername) d.sasl = { method: g.saslMethod, username: g.saslUsername };
      if (g.origQueueId) d.origQueueId = g.origQueueId;
    }
  } else if (c === 117 /* u */ && line.startsWith(UID, at)) {
    const rest = line.slice(at);
    d.uid = postfixPickupUid.regex.exec(rest)?.[1];
    const from = postfixPickupFrom.regex.exec(rest);
    if (from) d.from = from[1];
  } else if (c === 102 /* f */ && line.startsWith(FROM, at)) {
    const g = postfixQmgrFrom.regex.exec(line.slice(at))?.groups;
    if (g) {
      d.from = g.from;
      d.size = Number(g.size);
      d.nrcpt = Number(g.nrcpt);
    }
  } else if (c === 116 /* t */ && line.startsWith(TO, at)) {
    const x = delivery(line.slice(at), n);
    if (x) d.deliveries.push(x);
    return x;
  }
  return undefined;
}

/** One Postfix transaction of a LogIndex. */
export class IndexedRecord implements QueueRecord {
  lines: number[] = [];
  notifications: string[] = [];
  removed = false;
  startLine = -1;
  messageId?: string;
  /** The `message-id=` line that gave it `messageId`. */
  messageIdLine = -1;
  notificationOf?: string;
  amavis?: AmavisVerdict;
  /** Read as lines come (an index without a reader), else from the lines when first asked for. */
  d?: Details;

  constructor(
    readonly id: number,
    readonly host: string,
    readonly instance: string,
    readonly queueId: string,
    /** Mentions before the record began (none of its ID had one), and as a notification's child. */
    private readonly own: number[],
    private readonly index: { readDetails(r: QueueRecord): Details },
  ) {}

  /**
   * Lines that mention the queue ID after this record began: the end of a list shared by every
   * record of the ID (a log that reuses an ID thousands of times adds each mention once, not to
   * each record: linear, not quadratic).
   */
  private shared?: number[];
  private sharedFrom = 0;
  private merged?: number[];
  private mergedFor = -1;

  /** Mentions from now on are the ones added to `list` (shared with the other records of the ID). */
  share(list: number[]): void {
    this.shared = list;
    this.sharedFrom = list.length;
  }

  addMention(n: number): void {
    if (this.own[this.own.length - 1] !== n) this.own.push(n);
  }

  /** Every line that mentions this record's queue ID, in order, each once. */
  get mentions(): number[] {
    const s = this.shared;
    if (!s || s.length === this.sharedFrom) return this.own;
    const state = s.length + this.own.length; // both only grow
    if (this.merged && this.mergedFor === state) return this.merged;
    const a = this.own;
    const out: number[] = [];
    let i = 0;
    let j = this.sharedFrom;
    while (i < a.length || j < s.length) {
      const v = j >= s.length || (i < a.length && a[i] <= s[j]) ? a[i++] : s[j++];
      if (out[out.length - 1] !== v) out.push(v);
    }
    this.merged = out;
    this.mergedFor = state;
    return out;
  }

  private details(): Details {
    return (this.d ??= this.index.readDetails(this));
  }
  get client() {
    return this.details().client;
  }
  get sasl() {
    return this.details().sasl;
  }
  get origQueueId() {
    return this.details().origQueueId;
  }
  get uid() {
    return this.details().uid;
  }
  get from() {
    return this.details().from;
  }
  get size() {
    return this.details().size;
  }
  get nrcpt() {
    return this.details().nrcpt;
  }
  get deliveries() {
    return this.details().deliveries;
  }
}

export function delivery(rest: string, n: number): Delivery | undefined {
  const g = postfixDelivery.regex.exec(rest)?.groups;
  if (!g) return undefined;
  const reply = g.reply ?? g.note ?? '';
  return {
    line: n,
    recipient: g.to,
    origTo: g.origTo,
    relay: g.relay,
    delay: g.delay,
    delays: g.delays,
    dsn: g.dsn,
    status: g.status as DeliveryStatus,
    reply,
    queuedAs: replyQueuedAs.regex.exec(reply)?.[1],
    forwardedAs: replyForwardedAs.regex.exec(reply)?.[1],
  };
}
