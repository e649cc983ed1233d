// LogIndex: one pass over a log's lines builds what every feature asks about: Postfix
// transactions (QueueRecord), amavis verdicts, Message-IDs, smtpd sessions, syslog problems,
// log4j entries and restarts. Lines can be appended later (a log that grows) without reparsing.
import { amavisFields, amavisVerdict } from '../formats/amavis';
import { postfixClient, postfixDelivery, postfixMessageId, postfixNotification, postfixQmgrFrom, QUEUE_ID } from '../formats/postfix';
import { findQueueIds } from '../lineInfo';
import { SyslogHeader, syslogHeader } from './syslogHeader';
import { AmavisVerdict, Delivery, DeliveryStatus, Level, Log4jEntry, QueueRecord, Restart, SmtpdSession, SyslogProblem } from './types';

const QUEUE_ID_HERE = new RegExp(`(?:${QUEUE_ID}): `, 'y');
const LEVELS: Record<string, Level> = { TRACE: 'TRACE', DEBUG: 'DEBUG', INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR', FATAL: 'FATAL' };
const PROBLEM = /(warning|error|fatal|panic): /y;
/** Cheap pre-check for a queue ID mentioned after one of the markers of formats/postfix.ts. */
const MENTION = /queued|Queue-ID|notification: |orig_queue_id=|forwarded as /g;

export class LogIndex {
  lineCount = 0;
  readonly records: QueueRecord[] = [];
  /** Queue ID -> ids of its records (a queue ID repeats over time and across hosts/instances). */
  readonly byQueueId = new Map<string, number[]>();
  /** Queue ID B -> ids of the records with a delivery `queued as B`. */
  readonly byQueuedAs = new Map<string, number[]>();
  /** Message-ID (no angle brackets) -> record ids. */
  readonly byMessageId = new Map<string, number[]>();
  readonly amavis: AmavisVerdict[] = [];
  readonly problems: SyslogProblem[] = [];
  readonly sessions: SmtpdSession[] = [];
  readonly entries: Log4jEntry[] = [];
  readonly restarts: Restart[] = [];
  syslogLines = 0;
  log4jLines = 0;

  /** Current record per `host instance/qid`, while it can still get lines. */
  private readonly open = new Map<string, QueueRecord>();
  private readonly openSessions = new Map<string, SmtpdSession>();
  /** Mentions of queue IDs not seen yet, handed to their record when it appears. */
  private readonly earlyMentions = new Map<string, number[]>();
  private current?: Log4jEntry;
  private readonly h: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };

  /** Indexes `text` (whole lines; a last line without newline is indexed too). */
  static build(text: string): LogIndex {
    const index = new LogIndex();
    index.appendText(text);
    return index;
  }

  /** Indexes more lines of the same log, numbered from `lineCount` on. */
  appendText(text: string): void {
    let pos = 0;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.push(text.slice(pos, end));
      pos = nl + 1;
    }
  }

  /** Indexes one line (without its terminator). */
  push(line: string): void {
    const n = this.lineCount++;
    const c = line.charCodeAt(0);
    if (c >= 48 && c <= 57 && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 32 && line.charCodeAt(19) === 44) {
      this.log4j(line, n);
      return;
    }
    const h = syslogHeader(line, this.h);
    if (h) {
      this.current = undefined;
      this.syslogLines++;
      this.syslog(line, n, h);
      return;
    }
    // A continuation of the current log4j entry (stack trace, ExceptionId, Code, wrapped text).
    if (this.current && line.length) {
      this.current.endLine = n;
      if (line.startsWith('Caused by: ')) this.current.rootCause = line.slice(11);
    }
  }

  private log4j(line: string, n: number): void {
    // `2026-10-13 10:16:40,564 LEVEL [thread] ...`
    const levelEnd = line.indexOf(' ', 24);
    const level = LEVELS[line.slice(24, levelEnd)];
    if (!level) {
      if (this.current) this.current.endLine = n;
      return;
    }
    this.log4jLines++;
    const entry: Log4jEntry = { line: n, endLine: n, level, logger: '', thread: '', message: '' };
    this.entries.push(entry);
    this.current = entry;
    if (line.includes('Servlet SoapServlet ')) {
      if (line.endsWith('Servlet SoapServlet starting up')) this.restarts.push({ line: n, kind: 'start', text: 'SoapServlet starting up' });
      else if (line.endsWith('Servlet SoapServlet shutting down')) this.restarts.push({ line: n, kind: 'stop', text: 'SoapServlet shutting down' });
    }
  }

  private syslog(line: string, n: number, h: SyslogHeader): void {
    const m = h.message;
    const program = line.slice(h.programStart, h.programEnd);
    const isPostfix = program.startsWith('postfix');
    PROBLEM.lastIndex = m;
    const p = PROBLEM.exec(line);
    if (p) {
      this.problems.push({ line: n, severity: p[1] as SyslogProblem['severity'], program, message: line.slice(PROBLEM.lastIndex) });
    }
    if (isPostfix) this.postfix(line, n, h, program);
    else if (program === 'amavis' || program === 'amavisd') this.amavisLine(line, n, m);
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
      for (const id of ids) {
        const r = this.records[id];
        if (r.mentions[r.mentions.length - 1] !== n) r.mentions.push(n);
      }
    }
  }

  private postfix(line: string, n: number, h: SyslogHeader, program: string): void {
    const m = h.message;
    const slash = program.indexOf('/');
    const instance = slash < 0 ? program : program.slice(0, slash);
    const daemon = program.slice(program.lastIndexOf('/') + 1);
    const host = line.slice(h.hostStart, h.hostEnd);
    if (daemon === 'smtpd') this.session(line, n, h, program, host);
    QUEUE_ID_HERE.lastIndex = m;
    if (!QUEUE_ID_HERE.test(line)) return;
    const qidEnd = QUEUE_ID_HERE.lastIndex - 2;
    const queueId = line.slice(m, qidEnd);
    const rest = line.slice(qidEnd + 2);
    const key = `${host} ${instance}/${queueId}`;
    let r = this.open.get(key);
    // A second client=/uid= means the queue ID was reused for a new message.
    if (!r || ((rest.startsWith('client=') || rest.startsWith('uid=')) && r.startLine >= 0)) {
      r = this.newRecord(key, host, instance, queueId);
    }
    const time = line.slice(0, h.timestampEnd);
    if (!r.lines.length) r.firstTime = time;
    r.lastTime = time;
    r.lines.push(n);
    if (rest.startsWith('client=')) {
      const g = postfixClient.regex.exec(rest)?.groups;
      if (g) {
        r.client = { name: g.clientName, ip: g.clientIp };
        if (g.saslUsername) r.sasl = { method: g.saslMethod, username: g.saslUsername };
        if (g.origQueueId) r.origQueueId = g.origQueueId;
      }
      r.startLine = n;
    } else if (rest.startsWith('uid=')) {
      r.uid = /^uid=(\d+)/.exec(rest)?.[1];
      const from = /from=<([^>]*)>/.exec(rest);
      if (from) r.from = from[1];
      r.startLine = n;
    } else if (rest.startsWith('message-id=')) {
      const id = postfixMessageId.regex.exec(rest)?.groups?.messageId;
      if (id && !r.messageId) {
        r.messageId = id;
        const list = this.byMessageId.get(id);
        if (list) list.push(r.id);
        else this.byMessageId.set(id, [r.id]);
      }
    } else if (rest.startsWith('from=<')) {
      const g = postfixQmgrFrom.regex.exec(rest)?.groups;
      if (g) {
        r.from = g.from;
        r.size = Number(g.size);
        r.nrcpt = Number(g.nrcpt);
      }
    } else if (rest.startsWith('to=<')) {
      const d = delivery(rest, n);
      if (d) {
        r.deliveries.push(d);
        if (d.queuedAs) {
          const list = this.byQueuedAs.get(d.queuedAs);
          if (!list) this.byQueuedAs.set(d.queuedAs, [r.id]);
          else if (list[list.length - 1] !== r.id) list.push(r.id);
        }
      }
    } else if (rest === 'removed') {
      r.removed = true;
      this.open.delete(key);
    } else if (rest.startsWith('sender ')) {
      const g = postfixNotification.regex.exec(rest)?.groups;
      if (g) {
        r.notifications.push(g.child);
        const childKey = `${host} ${instance}/${g.child}`;
        const child = this.open.get(childKey) ?? this.newRecord(childKey, host, instance, g.child);
        child.notificationOf = queueId;
        child.mentions.push(n);
      }
    }
  }

  private newRecord(key: string, host: string, instance: string, queueId: string): QueueRecord {
    const early = this.earlyMentions.get(queueId);
    if (early) this.earlyMentions.delete(queueId);
    const r: QueueRecord = { id: this.records.length, host, instance, queueId, lines: [], mentions: early ?? [], deliveries: [], notifications: [], removed: false, startLine: -1 };
    this.records.push(r);
    this.open.set(key, r);
    const list = this.byQueueId.get(queueId);
    if (list) list.push(r.id);
    else this.byQueueId.set(queueId, [r.id]);
    return r;
  }

  private session(line: string, n: number, h: SyslogHeader, program: string, host: string): void {
    const pid = h.pidStart < 0 ? '' : line.slice(h.pidStart, h.pidEnd);
    const key = `${host} ${program}[${pid}]`;
    const m = h.message;
    if (line.startsWith('connect from ', m)) {
      const s: SmtpdSession = { pid, program, startLine: n, endLine: n, client: line.slice(m + 13) };
      this.sessions.push(s);
      this.openSessions.set(key, s);
      return;
    }
    const s = this.openSessions.get(key);
    if (!s) return;
    s.endLine = n;
    if (line.startsWith('disconnect from ', m)) this.openSessions.delete(key);
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
      to: addresses ? [...addresses[2].matchAll(/<([^>\s]*)>/g)].map((x) => x[1]) : [],
    };
    this.amavis.push(v);
    if (v.queueId) {
      const ids = this.byQueueId.get(v.queueId);
      if (ids) this.records[ids[ids.length - 1]].amavis = v;
    }
  }
}

function delivery(rest: string, n: number): Delivery | undefined {
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
