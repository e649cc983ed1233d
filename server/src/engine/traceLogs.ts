// Following messages across several logs: the MTAs' syslogs (each a timeline of rotated files)
// and the mailbox servers' mailbox.log. Within one log, trace.ts links the hops of one host
// (content filters, the DKIM signer, bounces, forwards); here hops are linked across hosts
// (`queued as X` from a relay whose log we also have, confirmed by the same Message-ID), LMTP
// deliveries are matched to the mailbox server's `Delivering message` / `Adding Message` /
// `rejecting message` lines by Message-ID within a small time window, and the origin of a message
// sent from webmail is found by its Message-ID in the mailbox server's `Sending message to MTA`.
// Nothing is ever linked on timing alone. No I/O here: the caller feeds text.
import { LogIndex } from './index/logIndex';
import { syslogHeader, SyslogHeader } from './index/syslogHeader';
import { AmavisVerdict, Delivery, MailboxEvent, QueueRecord } from './index/types';
import { lineTime } from './time/lineTime';
import { Years } from './time/years';
import { queueIdAlone } from './formats/postfix';
import { lmtpRelay, replyAtRcpt } from './formats/postfixMessages';
import { lmtpNoSuchAccount, lmtpOverQuota } from './formats/mailboxMessages';
import { childrenOf, isLocalRelay, nextHops, previousHop, relayHost } from './trace';

/** How far apart the MTA's LMTP line and the mailbox server's lines may be (clocks and queues). */
export const MAILBOX_WINDOW_MS = 120_000;
/** How far apart webmail's `Sending message to MTA` and the MTA's first line may be. */
export const WEBMAIL_WINDOW_MS = 600_000;

/** One file of a log's timeline: its lines are [firstLine, next file's firstLine) of the log. */
export interface TraceFile {
  name: string;
  firstLine: number;
}

/**
 * One timeline: a log and its rotated predecessors (zimbra.log.2.gz, zimbra.log.1, zimbra.log),
 * fed in order, indexed as one log so that a transaction may span a rotation.
 */
export class TraceLog {
  readonly index = new LogIndex();
  readonly files: TraceFile[] = [];
  private years = new Years();
  /** A sparse log (read from a stream index): only the lines a query needs, by line number. */
  private sparse?: Map<number, string>;
  private sparseOrder: number[] = [];
  private sparseCount = 0;
  private blocks: string[] = [];
  private block = new Uint32Array(1024);
  private start = new Uint32Array(1024);
  private end = new Uint32Array(1024);
  private carry = '';

  /** Starts the next file of the timeline. */
  beginFile(name: string): void {
    this.flush();
    this.files.push({ name, firstLine: this.index.lineCount });
  }

  /** More text of the current file (any cut: a partial last line waits for the next call). */
  appendText(text: string): void {
    if (this.carry) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.carry += text;
        return;
      }
      const head = this.carry + text.slice(0, nl + 1);
      this.carry = '';
      this.lines(head, head.length);
      text = text.slice(nl + 1);
    }
    const last = text.lastIndexOf('\n');
    if (last + 1 < text.length) this.carry = text.slice(last + 1);
    if (last >= 0) this.lines(text, last + 1);
  }

  /**
   * Starts a sparse timeline: `files` (name and first line) and `lineCount` as the stream indexes
   * counted them, `years` from their month turns. Then `addLine` each needed line, in order.
   */
  static sparse(files: TraceFile[], lineCount: number, years: Years): TraceLog {
    const log = new TraceLog();
    log.files.push(...files);
    log.sparse = new Map();
    log.sparseCount = lineCount;
    log.years = years;
    return log;
  }

  /** Line `n` of a sparse timeline (lines come in increasing order). */
  addLine(n: number, text: string): void {
    if (!this.sparse || this.sparse.has(n)) return;
    this.sparse.set(n, text);
    this.sparseOrder.push(n);
    this.index.lineCount = n;
    this.index.push(text);
  }

  /** Ends the timeline; `reference` is the year of its last line, or a date (the newest file's modification time). */
  finish(reference: number | Date): this {
    this.flush();
    this.years.finish(reference);
    return this;
  }

  /** Whether its lines carry no year (BSD syslog), and the year of its last line. */
  get yearless(): boolean {
    return this.years.seen;
  }

  get lastYear(): number {
    return this.years.lastYear;
  }

  /** The date its year was taken from (see Years.written). */
  get written(): number {
    return this.years.written;
  }

  /** Sets the year of the last line again (e.g. to agree with logs that carry their years). */
  setLastYear(year: number): void {
    this.years.finish(year);
  }

  /** Times of its first and last timestamped lines (NaN when none). */
  span(): [number, number] {
    let a = NaN;
    let b = NaN;
    if (this.sparse) {
      const order = this.sparseOrder;
      for (let i = 0; i < order.length && Number.isNaN(a); i++) a = this.timeOf(order[i]);
      for (let i = order.length - 1; i >= 0 && Number.isNaN(b); i--) b = this.timeOf(order[i]);
      return [a, b];
    }
    for (let n = 0; n < this.lineCount && n < 1000 && Number.isNaN(a); n++) a = this.timeOf(n);
    for (let n = this.lineCount - 1; n >= 0 && n >= this.lineCount - 1000 && Number.isNaN(b); n--) b = this.timeOf(n);
    return [a, b];
  }

  private flush(): void {
    if (this.carry) {
      const c = this.carry;
      this.carry = '';
      this.lines(c, c.length);
    }
  }

  private lines(text: string, upTo: number): void {
    const b = this.blocks.push(text) - 1;
    let pos = 0;
    while (pos < upTo) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0 || nl >= upTo) nl = upTo;
      const e = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      const n = this.index.lineCount;
      if (n >= this.block.length) this.grow();
      this.block[n] = b;
      this.start[n] = pos;
      this.end[n] = e;
      const line = text.slice(pos, e);
      this.years.observe(n, line);
      this.index.push(line);
      pos = nl + 1;
    }
  }

  private grow(): void {
    const g = (a: Uint32Array) => {
      const x = new Uint32Array(a.length * 2);
      x.set(a);
      return x;
    };
    this.block = g(this.block);
    this.start = g(this.start);
    this.end = g(this.end);
  }

  get lineCount(): number {
    return this.sparse ? this.sparseCount : this.index.lineCount;
  }

  /** Line `n` of the timeline, without its terminator ('' for a line a sparse timeline did not read). */
  line(n: number): string {
    if (this.sparse) return this.sparse.get(n) ?? '';
    if (n < 0 || n >= this.index.lineCount) return '';
    return this.blocks[this.block[n]].slice(this.start[n], this.end[n]);
  }

  /** Milliseconds of line `n`'s timestamp (year inferred for BSD syslog), NaN when it has none. */
  timeOf(n: number): number {
    return lineTime(this.line(n), this.years.at(n));
  }

  /** The file and 1-based line number of line `n`. */
  where(n: number): { file: string; line: number } {
    let lo = 0;
    let hi = this.files.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.files[mid].firstLine <= n) lo = mid;
      else hi = mid - 1;
    }
    const f = this.files[lo] ?? { name: '', firstLine: 0 };
    return { file: f.name, line: n - f.firstLine + 1 };
  }
}

/** One Postfix transaction of a message, in one log. */
export interface Hop {
  log: TraceLog;
  record: QueueRecord;
  /** The amavis verdict about this transaction (on the same host). */
  amavis?: AmavisVerdict;
}

export type MailboxStatus = 'delivered' | 'overquota' | 'unknown-user' | 'rejected' | 'duplicate';

/** The mailbox server's side of one LMTP delivery: the last hop. */
export interface MailboxHop {
  log: TraceLog;
  /** The mailbox server, as the MTA's relay names it. */
  host: string;
  recipient: string;
  status: MailboxStatus;
  account?: string;
  folder?: string;
  /** The reason of a rejection, as written. */
  reason?: string;
  /** Its mailbox.log lines (`Delivering message`, then `Adding Message` or `rejecting message`). */
  events: MailboxEvent[];
}

export interface TraceDelivery {
  hop: Hop;
  delivery: Delivery;
  mailbox?: MailboxHop;
}

/** `local`: pickup (`uid=`); `unknown`: no line of these logs says (a message queued before they begin). */
export type OriginVia = 'webmail' | 'smtp-auth' | 'smtp' | 'local' | 'notification' | 'unknown';

export interface TraceOrigin {
  via: OriginVia;
  /** The account that sent it (webmail `name=`, SMTP AUTH `sasl_username=`). */
  account?: string;
  /** The client's address (webmail `oip=`, else `ip=`; the SMTP client's IP); empty when unknown. */
  ip: string;
  /** The client program (webmail `ua=`) or the SMTP client's host name. */
  client?: string;
  /** Webmail: the mailbox.log `Sending message to MTA` line. */
  event?: { log: TraceLog; event: MailboxEvent };
}

export interface TraceMessage {
  messageId?: string;
  from?: string;
  origin: TraceOrigin;
  /** Its transactions in path order, first hop first. */
  hops: Hop[];
  /** Every delivery attempt of every hop, in path order; LMTP deliveries with their mailbox side. */
  deliveries: TraceDelivery[];
  /** A bounce or a local forward: the transaction that caused it. */
  parent?: { queueId: string; host: string; kind: 'bounce' | 'forward' };
}

const QUEUE_ID_QUERY = queueIdAlone.regex;
const LMTP_RELAY = lmtpRelay.regex;

/** What a query means: a queue ID, a Message-ID, an address (a bare `x@y` may be either of the last two). */
export function parseQuery(query: string): { queueId?: string; messageId?: string; address?: string } {
  const q = query.trim();
  if (!q) return {};
  if (q.startsWith('<') && q.endsWith('>')) return { messageId: q.slice(1, -1) };
  if (QUEUE_ID_QUERY.test(q)) return { queueId: q };
  return { messageId: q, address: q.includes('@') ? q.toLowerCase() : undefined };
}

const header: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };

function hostOf(line: string): string | undefined {
  const h = syslogHeader(line, header);
  return h ? line.slice(h.hostStart, h.hostEnd) : undefined;
}

const firstLine = (r: QueueRecord) => r.lines[0] ?? r.mentions[0] ?? 0;

/** The logs of a workspace folder or a command line, and the messages that go through them. */
export class TraceSet {
  constructor(readonly logs: TraceLog[]) {}

  /** Every message the query names, each followed by its bounces and forwards, in time order. */
  query(query: string): TraceMessage[] {
    const q = parseQuery(query);
    const seeds: Hop[] = [];
    for (const log of this.logs) {
      const ix = log.index;
      const add = (ids: number[] | undefined) => {
        for (const id of ids ?? []) if (ix.records[id].lines.length) seeds.push({ log, record: ix.records[id] });
      };
      if (q.queueId) add(ix.byQueueId.get(q.queueId));
      if (q.messageId) add(ix.byMessageId.get(q.messageId));
      if (q.address) {
        const a = q.address;
        for (const r of ix.records) {
          if (!r.lines.length) continue;
          if (r.from?.toLowerCase() === a || r.sasl?.username.toLowerCase() === a || r.deliveries.some((d) => d.recipient.toLowerCase() === a || d.origTo?.toLowerCase() === a)) seeds.push({ log, record: r });
        }
      }
    }
    return this.messagesOf(seeds);
  }

  /** The messages that the given transactions are hops of (each once), with their children. */
  messagesOf(seeds: Hop[]): TraceMessage[] {
    const out: TraceMessage[] = [];
    const seen = new Set<QueueRecord>();
    const firsts: Hop[] = [];
    for (const s of seeds) {
      const first = this.firstHop(s);
      if (seen.has(first.record)) continue;
      seen.add(first.record);
      firsts.push(first);
    }
    const time = (h: Hop) => h.log.timeOf(firstLine(h.record));
    firsts.sort((a, b) => (time(a) || 0) - (time(b) || 0));
    const emitted = new Set<QueueRecord>();
    const emit = (first: Hop, parent?: TraceMessage['parent']) => {
      const m = this.message(first, parent);
      if (m.hops.some((h) => emitted.has(h.record))) return;
      for (const h of m.hops) emitted.add(h.record);
      out.push(m);
      for (const h of m.hops) {
        for (const c of childrenOf(h.log.index, h.record)) {
          const kind = h.record.notifications.includes(c.queueId) ? 'bounce' : 'forward';
          emit({ log: h.log, record: c }, { queueId: h.record.queueId, host: h.record.host, kind });
        }
      }
    };
    for (const f of firsts) {
      if (emitted.has(f.record)) continue;
      emit(f, this.parentOf(f));
    }
    return out;
  }

  /** A bounce's or forward's parent, when the seed is one. */
  private parentOf(h: Hop): TraceMessage['parent'] {
    const r = h.record;
    if (r.notificationOf) return { queueId: r.notificationOf, host: r.host, kind: 'bounce' };
    // A local forward (`forwarded as C`) has no client= or uid= line of its own.
    if (r.startLine >= 0 || r.client || r.uid !== undefined) return undefined;
    for (const p of h.log.index.records) {
      if (p.host === r.host && p.deliveries.some((d) => d.forwardedAs === r.queueId)) return { queueId: p.queueId, host: p.host, kind: 'forward' };
    }
    return undefined;
  }

  /** Walks back to the message's first transaction, across hosts. */
  firstHop(h: Hop): Hop {
    const guard = new Set<QueueRecord>([h.record]);
    let cur = h;
    for (;;) {
      const p = this.previous(cur);
      if (!p || guard.has(p.record)) return cur;
      guard.add(p.record);
      cur = p;
    }
  }

  private previous(h: Hop): Hop | undefined {
    const same = previousHop(h.log.index, h.record);
    if (same) return { log: h.log, record: same };
    // Another MTA relayed it here: its `queued as` names this queue ID, with the same Message-ID.
    const r = h.record;
    if (!r.messageId) return undefined;
    const t = h.log.timeOf(firstLine(r));
    let best: Hop | undefined;
    let bestDt = Infinity;
    for (const log of this.logs) {
      for (const id of log.index.byQueuedAs.get(r.queueId) ?? []) {
        const p = log.index.records[id];
        if (p.host === r.host || p.messageId !== r.messageId) continue;
        const d = p.deliveries.find((x) => x.queuedAs === r.queueId && !isLocalRelay(x.relay));
        if (!d) continue;
        const dt = Math.abs(log.timeOf(d.line) - t);
        if (!best || dt < bestDt) {
          best = { log, record: p };
          bestDt = dt;
        }
      }
    }
    return best;
  }

  private next(h: Hop): Hop[] {
    const out: Hop[] = nextHops(h.log.index, h.record).map((record) => ({ log: h.log, record }));
    const r = h.record;
    if (!r.messageId) return out;
    const seen = new Set<string>();
    for (const d of r.deliveries) {
      if (!d.queuedAs || isLocalRelay(d.relay) || seen.has(d.queuedAs)) continue;
      seen.add(d.queuedAs);
      const t = h.log.timeOf(d.line);
      let best: Hop | undefined;
      let bestDt = Infinity;
      for (const log of this.logs) {
        for (const id of log.index.byQueueId.get(d.queuedAs) ?? []) {
          const x = log.index.records[id];
          if (x.host === r.host || x.messageId !== r.messageId || !x.lines.length) continue;
          const dt = Math.abs(log.timeOf(firstLine(x)) - t);
          if (!best || dt < bestDt) {
            best = { log, record: x };
            bestDt = dt;
          }
        }
      }
      if (best) out.push(best);
    }
    return out;
  }

  private message(first: Hop, parent?: TraceMessage['parent']): TraceMessage {
    const hops: Hop[] = [];
    const walk = (h: Hop) => {
      if (hops.some((x) => x.record === h.record)) return;
      hops.push({ ...h, amavis: this.verdict(h) });
      for (const n of this.next(h)) walk(n);
    };
    walk(first);
    const messageId = hops.find((h) => h.record.messageId)?.record.messageId;
    const from = hops.find((h) => h.record.from !== undefined)?.record.from;
    const claimed = new Set<MailboxEvent>();
    const deliveries: TraceDelivery[] = [];
    for (const hop of hops) {
      for (const delivery of hop.record.deliveries) {
        const td: TraceDelivery = { hop, delivery };
        const mb = this.mailboxOf(hop, delivery, claimed);
        if (mb) td.mailbox = mb;
        deliveries.push(td);
      }
    }
    return { messageId, from, origin: this.origin(hops[0], parent), hops, deliveries, parent };
  }

  /** The amavis verdict about a hop, logged by the same host. */
  private verdict(h: Hop): AmavisVerdict | undefined {
    const v = h.record.amavis;
    const r = h.record;
    if (v && hostOf(h.log.line(v.line)) === r.host) return v;
    for (const x of h.log.index.amavis) if (x.queueId === r.queueId && hostOf(h.log.line(x.line)) === r.host && Math.abs(x.line - firstLine(r)) < 100_000) return x;
    return undefined;
  }

  private origin(h: Hop, parent?: TraceMessage['parent']): TraceOrigin {
    const r = h.record;
    if (r.messageId) {
      // Webmail and other Zimbra clients: the mailbox server's `Sending message to MTA`.
      const t = h.log.timeOf(firstLine(r));
      let best: { log: TraceLog; event: MailboxEvent } | undefined;
      let bestDt = Infinity;
      for (const log of this.logs) {
        for (const i of log.index.mailboxByMessageId.get(r.messageId) ?? []) {
          const e = log.index.mailbox[i];
          if (e.kind !== 'sent') continue;
          const dt = Math.abs(log.timeOf(e.line) - t);
          if (dt <= WEBMAIL_WINDOW_MS && dt < bestDt) {
            best = { log, event: e };
            bestDt = dt;
          }
        }
      }
      if (best) {
        const c = best.event.context;
        return { via: 'webmail', account: c.name, ip: c.oip ?? c.ip ?? '', client: c.ua, event: best };
      }
    }
    if (r.sasl) return { via: 'smtp-auth', account: r.sasl.username, ip: r.client?.ip ?? '', client: r.client?.name };
    if (parent || r.notificationOf) return { via: 'notification', ip: '', client: parent?.kind === 'forward' ? 'local forward' : 'bounce' };
    if (r.client) return { via: 'smtp', ip: r.client.ip, client: r.client.name };
    if (r.uid !== undefined) return { via: 'local', ip: '', client: `uid ${r.uid}` };
    return { via: 'unknown', ip: '' };
  }

  private readonly rejected = new Map<TraceLog, Map<string, MailboxEvent[]>>();

  /**
   * The `Delivering message` that opened the LMTP session of rejection `e`: the last one of its
   * thread before it (which gave it its Message-ID), for the same sender, moments before. A
   * rejection on a thread whose last delivery was another sender's belongs to no delivery of ours
   * by Message-ID: it refused a recipient at RCPT time, before any Message-ID was sent.
   */
  private sessionOf(log: TraceLog, e: MailboxEvent): MailboxEvent | undefined {
    if (e.kind !== 'rejected' || !e.messageId) return undefined;
    let open: MailboxEvent | undefined;
    for (const i of log.index.mailboxByMessageId.get(e.messageId) ?? []) {
      const x = log.index.mailbox[i];
      if (x.line >= e.line) break;
      if (x.kind === 'delivering' && x.thread === e.thread) open = x;
    }
    if (!open || (open.sender ?? '').toLowerCase() !== (e.sender ?? '').toLowerCase()) return undefined;
    return Math.abs(log.timeOf(e.line) - log.timeOf(open.line)) <= MAILBOX_WINDOW_MS ? open : undefined;
  }

  /** Rejections at RCPT time (in no LMTP session of a Message-ID), by recipient. */
  private rejections(log: TraceLog): Map<string, MailboxEvent[]> {
    let m = this.rejected.get(log);
    if (!m) {
      m = new Map();
      for (const e of log.index.mailbox) {
        if (e.kind !== 'rejected' || !e.recipient || this.sessionOf(log, e)) continue;
        const k = e.recipient.toLowerCase();
        const list = m.get(k);
        if (list) list.push(e);
        else m.set(k, [e]);
      }
      this.rejected.set(log, m);
    }
    return m;
  }

  /**
   * The mailbox server's lines of one LMTP delivery (port 7025), linked only through what they
   * belong to: the delivery's Message-ID (`Delivering message`, `Adding Message`, a duplicate, and
   * a rejection in the LMTP session of that Message-ID), or, for a recipient the MTA was refused at
   * RCPT time, the rejection of that recipient from the same sender, within the window. The MTA's
   * status stands: a delivery it logged as sent ends in the mailbox (an item added, a duplicate),
   * one it did not send ends in a rejection; a mailbox.log line that says otherwise is not linked.
   */
  private mailboxOf(hop: Hop, d: Delivery, claimed: Set<MailboxEvent>): MailboxHop | undefined {
    const mid = hop.record.messageId;
    if (!mid || !LMTP_RELAY.test(d.relay)) return undefined;
    const t = hop.log.timeOf(d.line);
    const rcpt = d.recipient.toLowerCase();
    const host = relayHost(d.relay);
    const sent = d.status === 'sent';
    const from = hop.record.from?.toLowerCase();
    let found: MailboxHop | undefined;
    for (const log of this.logs) {
      const near: MailboxEvent[] = [];
      for (const i of log.index.mailboxByMessageId.get(mid) ?? []) {
        const e = log.index.mailbox[i];
        if (e.kind === 'sent' || claimed.has(e) || (e.kind === 'rejected' && (sent || !this.sessionOf(log, e)))) continue;
        if (!(Math.abs(log.timeOf(e.line) - t) <= MAILBOX_WINDOW_MS)) continue;
        near.push(e);
      }
      // A recipient refused at RCPT time: no `Delivering message` (and no Message-ID) before it.
      if (!sent && from !== undefined && replyAtRcpt.regex.test(d.reply)) {
        for (const e of this.rejections(log).get(rcpt) ?? []) {
          if (claimed.has(e) || (e.sender ?? '').toLowerCase() !== from) continue;
          if (Math.abs(log.timeOf(e.line) - t) <= MAILBOX_WINDOW_MS) near.push(e);
        }
      }
      if (!near.length) continue;
      const account = (e: MailboxEvent) => (e.context.name ?? e.acct ?? '').toLowerCase();
      let end: MailboxEvent | undefined;
      if (!sent) end = near.find((e) => e.kind === 'rejected' && e.recipient?.toLowerCase() === rcpt);
      else {
        end = near.find((e) => e.kind === 'added' && (account(e) === rcpt || e.acct?.toLowerCase() === rcpt));
        // Older versions name no account: the first item added that no other recipient claims.
        end ??= near.find((e) => e.kind === 'added' && !account(e).includes('@'));
        end ??= near.find((e) => e.kind === 'duplicate');
      }
      if (!end) continue;
      claimed.add(end);
      const delivering = end.kind === 'rejected' ? this.sessionOf(log, end) : near.find((e) => e.kind === 'delivering' && e.line < end!.line);
      const events = delivering && delivering.line < end.line ? [delivering, end] : [end];
      const mb: MailboxHop = { log, host, recipient: d.recipient, status: 'delivered', events };
      if (end.kind === 'added') Object.assign(mb, { account: end.context.name ?? end.acct, folder: end.folder });
      else if (end.kind === 'duplicate') mb.status = 'duplicate';
      else {
        mb.reason = end.reason;
        mb.status = lmtpOverQuota.regex.test(end.reason ?? '') ? 'overquota' : lmtpNoSuchAccount.regex.test(end.reason ?? '') ? 'unknown-user' : 'rejected';
        mb.account = end.recipient;
      }
      if (!found || Math.abs(log.timeOf(end.line) - t) < Math.abs(found.log.timeOf(found.events[found.events.length - 1].line) - t)) found = mb;
    }
    return found;
  }
}
