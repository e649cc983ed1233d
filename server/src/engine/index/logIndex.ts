// LogIndex: the records that the lines a query chose say (the stream index finds the lines:
// recordQuery.ts for an open document, logs/logSet.ts for a trace over files): Postfix
// transactions (QueueRecord), amavis verdicts, Message-IDs, mailbox.log events. Lines are given
// in order with their line numbers in the log. An index given a way to read its lines back (an
// editor document) keeps of each transaction only its lines and what links it to others
// (Message-ID, `queued as`, notifications, amavis); its client, sender, size and deliveries are
// read from its own lines when first asked for.
import { fresh } from '../formats/format';
import { amavisFields, amavisRecipient, amavisVerdict } from '../formats/amavis';
import { postfixMessageId, postfixNotification, postfixQueueIdAt, queueIdMentionHint, queueIdMentions } from '../formats/postfix';
import { lmtpDelivering, lmtpDuplicate, lmtpRejecting, mailboxMessages, mailopAdding, parseContext } from '../formats/mailbox';
import { describeLine, findQueueIds } from '../lineInfo';
import { LinePass } from './linePass';
import { SyslogHeader, syslogHeader } from './syslogHeader';
import { CLIENT, delivery, Details, FROM, IndexedRecord, MESSAGE_ID, POSTFIX, readDetail, REMOVED, SENDER, TO, UID } from './queueRecord';
import { amavisMarkers, mailboxMarkers } from '../formats/markers';
import { AmavisVerdict, MailboxEvent, QueueRecord } from './types';

const QUEUE_ID_HERE = fresh(postfixQueueIdAt);
/** Cheap pre-check for a queue ID mentioned after one of the markers of formats/postfix.ts. */
const MENTION = fresh(queueIdMentionHint);
const RECIPIENT = fresh(amavisRecipient);
const AMAVIS = amavisMarkers.program.text;
const { lmtp: { text: LMTP }, mailop: { text: MAILOP }, smtp: { text: SMTP } } = mailboxMarkers;
/** `queued as ` (formats/postfix.ts queueIdMentions): a delivery names the next hop's queue ID. */
const QUEUED_AS = queueIdMentions.find((m) => m.role === 'queued-as')!.marker;

export class LogIndex extends LinePass {
  readonly records: QueueRecord[] = [];
  /** Queue ID -> ids of its records (a queue ID repeats over time and across hosts/instances). */
  readonly byQueueId = new Map<string, number[]>();
  /** Queue ID B -> ids of the records with a delivery `queued as B`. */
  readonly byQueuedAs = new Map<string, number[]>();
  /** Message-ID (no angle brackets) -> record ids. */
  readonly byMessageId = new Map<string, number[]>();
  readonly amavis: AmavisVerdict[] = [];
  /** mailbox.log lines about messages: LMTP deliveries, items added, rejections, webmail sends. */
  readonly mailbox: MailboxEvent[] = [];
  /** Message-ID -> indexes into `mailbox`. */
  readonly mailboxByMessageId = new Map<string, number[]>();
  /** The Message-ID of the last `Delivering message` per LMTP thread (rejections name no Message-ID). */
  private readonly lmtpThreads = new Map<string, string>();

  /** The record each queue ID is open in (while it can still get lines); other hosts/instances' in openElsewhere. */
  private readonly open = new Map<string, IndexedRecord>();
  private readonly openElsewhere = new Map<string, IndexedRecord>();
  private lastHost = '';
  private lastInstance = 'postfix';
  /** Mentions of queue IDs not seen yet, handed to their record when it appears. */
  private readonly earlyMentions = new Map<string, number[]>();
  /** Per queue ID, the lines that mentioned it once it had a record (see IndexedRecord.mentions). */
  private readonly mentionLines = new Map<string, number[]>();

  private readonly detailHeader: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };

  /**
   * `lineAt`, when given, reads line n of the log back (without its terminator): records then
   * keep their lines only, and read their details from them when asked. It may be replaced by
   * one that reads a newer text of the same log (`lineAt` of the document that grew).
   */
  constructor(public lineAt?: (n: number) => string) {
    super();
  }

  /** Indexes `text` (whole lines; a last line without newline is indexed too). */
  static build(text: string, lineAt?: (n: number) => string): LogIndex {
    const index = new LogIndex(lineAt);
    index.appendText(text);
    return index;
  }

  /** What record `r`'s lines say (client, sender, size, deliveries): read back through `lineAt`. */
  readDetails(r: QueueRecord): Details {
    const d: Details = { deliveries: [] };
    for (const n of r.lines) {
      const line = this.lineAt!(n);
      const h = syslogHeader(line, this.detailHeader);
      if (h) readDetail(d, line, h.message + r.queueId.length + 2, n);
    }
    return d;
  }

  /** mailbox.log: the lines about messages (LMTP deliveries, items added, rejections, webmail sends). */
  log4j(line: string, n: number): void {
    const logger = line.includes(LMTP, 30) ? 'lmtp' : line.includes(MAILOP, 30) ? 'mailop' : line.includes(SMTP, 30) ? 'smtp' : undefined;
    if (!logger) return;
    const info = describeLine(line);
    if (!info.logger || info.message === undefined || line.slice(info.logger.start, info.logger.end) !== logger) return;
    const message = line.slice(info.message);
    const thread = info.thread ? line.slice(info.thread.start, info.thread.end) : '';
    for (const pattern of mailboxMessages[logger]) {
      const g = pattern.regex.exec(message)?.groups;
      if (!g) continue;
      const event: MailboxEvent = {
        line: n,
        time: line.slice(0, 23),
        kind: pattern === lmtpDelivering ? 'delivering' : pattern === mailopAdding ? 'added' : pattern === lmtpRejecting ? 'rejected' : pattern === lmtpDuplicate ? 'duplicate' : 'sent',
        messageId: g.messageId,
        sender: g.sender,
        recipient: g.recipient,
        reason: g.reason,
        folder: g.folder,
        acct: g.acct,
        mta: g.mta,
        port: g.port,
        thread,
        context: info.context ? parseContext(line.slice(info.context.start, info.context.end)) : {},
      };
      if (event.kind === 'delivering' && event.messageId) this.lmtpThreads.set(thread, event.messageId);
      if (event.kind === 'rejected') event.messageId = this.lmtpThreads.get(thread);
      const id = this.mailbox.length;
      this.mailbox.push(event);
      if (event.messageId) {
        const list = this.mailboxByMessageId.get(event.messageId);
        if (list) list.push(id);
        else this.mailboxByMessageId.set(event.messageId, [id]);
      }
      return;
    }
  }

  syslog(line: string, n: number, h: SyslogHeader): void {
    const m = h.message;
    const isPostfix = line.startsWith(POSTFIX, h.programStart);
    if (isPostfix) this.postfix(line, n, h);
    else if (line.startsWith(AMAVIS, h.programStart)) this.amavisLine(line, n, m);
    // Mentions of queue IDs in other programs' lines (amavis, a later hop's reply, ...).
    this.mentions(line, n, m, isPostfix);
  }

  private mentions(line: string, n: number, m: number, isPostfix: boolean): void {
    MENTION.lastIndex = m;
    if (!MENTION.test(line)) return;
    for (const q of findQueueIds(line, m, isPostfix)) {
      if (q.role === 'subject') continue;
      const ids = this.byQueueId.get(q.id);
      if (!ids) {
        // Mentioned before its first line (amavis names the re-injected queue ID first).
        const early = this.earlyMentions.get(q.id);
        if (early) early.push(n);
        else this.earlyMentions.set(q.id, [n]);
        continue;
      }
      // Every record of the ID shares this list (IndexedRecord.mentions): one push, however many there are.
      const list = this.mentionLines.get(q.id)!;
      if (list[list.length - 1] !== n) list.push(n);
    }
  }

  /** The host name, sharing one string per distinct host (most logs have one). */
  private host(line: string, h: SyslogHeader): string {
    const len = h.hostEnd - h.hostStart;
    const last = this.lastHost;
    if (last.length === len && line.startsWith(last, h.hostStart)) return last;
    return (this.lastHost = line.slice(h.hostStart, h.hostEnd));
  }

  /** `postfix` or `postfix-<name>`, shared like hosts. */
  private instance(line: string, h: SyslogHeader): string {
    const at = h.programStart + 7;
    if (line.charCodeAt(at) === 47 /* / */) return 'postfix';
    const slash = line.indexOf('/', at);
    const end = slash < 0 || slash > h.programEnd ? h.programEnd : slash;
    const last = this.lastInstance;
    if (last.length === end - h.programStart && line.startsWith(last, h.programStart)) return last;
    return (this.lastInstance = line.slice(h.programStart, end));
  }

  /** The open record of queue ID `queueId` on `host`/`instance`. */
  private openRecord(queueId: string, host: string, instance: string): IndexedRecord | undefined {
    const r = this.open.get(queueId);
    if (r && r.host === host && r.instance === instance) return r;
    return this.openElsewhere.get(`${host} ${instance}/${queueId}`);
  }

  private close(r: IndexedRecord): void {
    if (this.open.get(r.queueId) === r) this.open.delete(r.queueId);
    else this.openElsewhere.delete(`${r.host} ${r.instance}/${r.queueId}`);
  }

  private postfix(line: string, n: number, h: SyslogHeader): void {
    const m = h.message;
    const host = this.host(line, h);
    QUEUE_ID_HERE.lastIndex = m;
    if (!QUEUE_ID_HERE.test(line)) return;
    const instance = this.instance(line, h);
    const qidEnd = QUEUE_ID_HERE.lastIndex - 2;
    const queueId = line.slice(m, qidEnd);
    const at = qidEnd + 2; // after "QUEUEID: "
    let r = this.openRecord(queueId, host, instance);
    const starts = line.startsWith(CLIENT, at) || line.startsWith(UID, at);
    // A second client=/uid= means the queue ID was reused for a new message.
    if (!r || (starts && r.startLine >= 0)) r = this.newRecord(host, instance, queueId);
    r.lines.push(n);
    const c = line.charCodeAt(at);
    // Details are read as lines come when the record has them already (an index without a
    // reader; a record read back before its later lines were appended), else when first asked for.
    if ((c === 99 /* c */ && line.startsWith(CLIENT, at)) || (c === 117 /* u */ && line.startsWith(UID, at))) {
      r.startLine = n;
      if (r.d) readDetail(r.d, line, at, n);
    } else if (c === 109 /* m */ && line.startsWith(MESSAGE_ID, at)) {
      const id = postfixMessageId.regex.exec(line.slice(at))?.groups?.messageId;
      if (id && !r.messageId) {
        r.messageId = id;
        r.messageIdLine = n;
        const list = this.byMessageId.get(id);
        if (list) list.push(r.id);
        else this.byMessageId.set(id, [r.id]);
      }
    } else if (c === 102 /* f */ && line.startsWith(FROM, at)) {
      if (r.d) readDetail(r.d, line, at, n);
    } else if (c === 116 /* t */ && line.startsWith(TO, at)) {
      // Read back later, a delivery matters now only for the next hop it names.
      const queuedAs = r.d ? readDetail(r.d, line, at, n)?.queuedAs : line.includes(QUEUED_AS, at) ? delivery(line.slice(at), n)?.queuedAs : undefined;
      if (queuedAs) {
        const list = this.byQueuedAs.get(queuedAs);
        if (!list) this.byQueuedAs.set(queuedAs, [r.id]);
        else if (list[list.length - 1] !== r.id) list.push(r.id);
      }
    } else if (c === 114 /* r */ && line.length === at + REMOVED.length && line.startsWith(REMOVED, at)) {
      r.removed = true;
      this.close(r);
      // Done growing: keep the arrays at their size (tens of thousands of records stay in memory).
      r.lines = r.lines.slice();
      if (r.d?.deliveries.length) r.d.deliveries = r.d.deliveries.slice();
    } else if (c === 115 /* s */ && line.startsWith(SENDER, at)) {
      const g = postfixNotification.regex.exec(line.slice(at))?.groups;
      if (g) {
        r.notifications.push(g.child);
        const child = this.openRecord(g.child, host, instance) ?? this.newRecord(host, instance, g.child);
        child.notificationOf = queueId;
        child.addMention(n);
      }
    }
  }

  private newRecord(host: string, instance: string, queueId: string): IndexedRecord {
    const early = this.earlyMentions.get(queueId);
    if (early) this.earlyMentions.delete(queueId);
    const r = new IndexedRecord(this.records.length, host, instance, queueId, early ?? [], this);
    let shared = this.mentionLines.get(queueId);
    if (!shared) this.mentionLines.set(queueId, (shared = []));
    r.share(shared);
    if (!this.lineAt) r.d = { deliveries: [] };
    this.records.push(r);
    const previous = this.open.get(queueId);
    if (!previous || (previous.host === host && previous.instance === instance)) this.open.set(queueId, r);
    else this.openElsewhere.set(`${host} ${instance}/${queueId}`, r);
    const list = this.byQueueId.get(queueId);
    if (list) list.push(r.id);
    else this.byQueueId.set(queueId, [r.id]);
    return r;
  }

  private amavisLine(line: string, n: number, m: number): void {
    if (line.charCodeAt(m) !== 40 /* ( */) return;
    const g = amavisVerdict.regex.exec(line.slice(m))?.groups;
    if (!g) return;
    const rest = g.rest;
    const addresses = amavisFields.addresses.exec(rest);
    const v: AmavisVerdict = {
      line: n,
      action: g.action,
      verdict: g.verdict,
      queueId: amavisFields.queueId.exec(rest)?.[1],
      messageId: amavisFields.messageId.exec(rest)?.[1],
      hits: amavisFields.hits.exec(rest)?.[1],
      queuedAs: amavisFields.queuedAs.exec(rest)?.[1].split('/').filter(Boolean) ?? [],
      from: addresses?.[1],
      to: addresses ? [...addresses[2].matchAll(RECIPIENT)].map((x) => x[1]) : [],
    };
    this.amavis.push(v);
    if (v.queueId) {
      const ids = this.byQueueId.get(v.queueId);
      if (ids) this.records[ids[ids.length - 1]].amavis = v;
    }
  }
}
