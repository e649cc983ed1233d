// The records of a LogIndex: one Postfix transaction each. What a record's own lines say (client,
// sender, size, deliveries) is read as its lines come, or, in an index that can read its lines
// back (an editor document), from those lines when first asked for.
import { postfixClient, postfixDelivery, postfixQmgrFrom } from '../formats/postfix';
import { AmavisVerdict, Delivery, DeliveryStatus, QueueRecord } from './types';

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
  if (c === 99 /* c */ && line.startsWith('client=', at)) {
    const g = postfixClient.regex.exec(line.slice(at))?.groups;
    if (g) {
      d.client = { name: g.clientName, ip: g.clientIp };
      if (g.saslUsername) d.sasl = { method: g.saslMethod, username: g.saslUsername };
      if (g.origQueueId) d.origQueueId = g.origQueueId;
    }
  } else if (c === 117 /* u */ && line.startsWith('uid=', at)) {
    const rest = line.slice(at);
    d.uid = /^uid=(\d+)/.exec(rest)?.[1];
    const from = /from=<([^<>]*)>/.exec(rest);
    if (from) d.from = from[1];
  } else if (c === 102 /* f */ && line.startsWith('from=<', at)) {
    const g = postfixQmgrFrom.regex.exec(line.slice(at))?.groups;
    if (g) {
      d.from = g.from;
      d.size = Number(g.size);
      d.nrcpt = Number(g.nrcpt);
    }
  } else if (c === 116 /* t */ && line.startsWith('to=<', at)) {
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
  notificationOf?: string;
  amavis?: AmavisVerdict;
  /** Read as lines come (an index without a reader), else from the lines when first asked for. */
  d?: Details;

  constructor(
    readonly id: number,
    readonly host: string,
    readonly instance: string,
    readonly queueId: string,
    public mentions: number[],
    private readonly index: { readDetails(r: QueueRecord): Details },
  ) {}

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
    queuedAs: /queued as (\w+)/.exec(reply)?.[1],
    forwardedAs: /forwarded as (\w+)/.exec(reply)?.[1],
  };
}
