// The quick first pass over a log: what the Problems panel needs, as soon as the log opens.
// log4j entries (with where their stack traces end and their root cause), server restarts,
// Postfix warning/error/fatal/panic lines, delivery results (for bounces, expiries and
// deferrals never delivered later), and where SMTP AUTH logins may be (for the login-burst
// Warnings). Cheap per line: no regex unless the line is one of these.
import { fresh } from '../formats/format';
import { postfixQueueIdAt } from '../formats/postfix';
import { postfixDeliveryStatus, postfixProblem } from '../formats/postfixMessages';
import { classify } from '../causes/classify';
import type { Cause } from '../causes/causes';
import { LOG4J_LEVELS, SOAP_START, SOAP_STOP } from '../formats/log4j';
import { problemMarkers } from '../formats/markers';
import { describeLine } from '../lineInfo';
import { LinePass } from './linePass';
import { SyslogHeader } from './syslogHeader';
import { DeliveryStatus, Level, Log4jEntry, Restart, SyslogProblem } from './types';
import { own } from '../investigate/textFeed';

const LEVELS: Record<string, Level> = Object.fromEntries(LOG4J_LEVELS.map((l) => [l, l]));
const PROBLEM = fresh(postfixProblem);
const QUEUE_ID_HERE = fresh(postfixQueueIdAt);
const DELIVERY = postfixDeliveryStatus.regex;
const { causedBy: { text: CAUSED_BY }, servlet: { text: SERVLET }, saslWarning: { text: SASL_WARNING }, saslauthd: { text: SASLAUTHD }, postfix: { text: POSTFIX }, status: { text: STATUS }, saslUsername: { text: SASL_USERNAME }, sent: { text: SENT } } = problemMarkers;

/** A delivery that did not (yet) succeed. */
export interface FailedDelivery {
  line: number;
  /** Length of the line (for the diagnostic's range). */
  length: number;
  queueId: string;
  recipient: string;
  status: DeliveryStatus;
  dsn: string;
  reply: string;
  /** `host instance/QUEUEID recipient`: a later `sent` with the same key clears a deferral. */
  key: string;
  /** A deferral followed by a successful delivery of the same recipient and queue ID. */
  deliveredLater?: boolean;
  /** Why (engine/causes): an expiry takes the cause of the recipient's last deferral. */
  cause: Cause;
  explanation: string;
  remedy: string;
  /** The provider's page, from our table. */
  link?: string;
}

/** The last deferral of `key` among `list`. */
function lastOf(list: FailedDelivery[] | undefined, key: string): FailedDelivery | undefined {
  for (let i = (list?.length ?? 0) - 1; i >= 0; i--) if (list![i].key === key) return list![i];
  return undefined;
}

export class ProblemScan extends LinePass {
  readonly entries: Log4jEntry[] = [];
  readonly restarts: Restart[] = [];
  readonly problems: SyslogProblem[] = [];
  readonly failures: FailedDelivery[] = [];
  /**
   * Syslog lines that may be SMTP AUTH logins, for the security view to read (investigate/smtpAuth.ts
   * knows their shapes): saslauthd's lines, Postfix warnings about SASL, smtpd lines with `sasl_username=`.
   */
  readonly smtpAuthLines: number[] = [];
  /** Deferred deliveries not delivered since, by queue ID (a retry keeps the queue ID). */
  private readonly deferred = new Map<string, FailedDelivery[]>();
  private current?: Log4jEntry;

  static build(text: string): ProblemScan {
    const s = new ProblemScan();
    s.appendText(text);
    return s;
  }

  /** A continuation of the current log4j entry (stack trace, ExceptionId, Code, wrapped text). */
  other(line: string, n: number): void {
    if (this.current && line.length) {
      this.current.endLine = n;
      this.current.endLength = line.length;
      if (line.startsWith(CAUSED_BY)) this.current.rootCause = own(line.slice(CAUSED_BY.length));
    }
  }

  log4j(line: string, n: number): void {
    // `2026-10-13 10:16:40,564 LEVEL [thread] ...`
    const level = LEVELS[line.slice(24, line.indexOf(' ', 24))];
    if (!level) {
      if (this.current) {
        this.current.endLine = n;
        this.current.endLength = line.length;
      }
      return;
    }
    const entry: Log4jEntry = { line: n, endLine: n, endLength: line.length, level };
    // The message, for the Problems panel (WARN and above only: few lines, and no need to read the document again).
    if (level === 'WARN' || level === 'ERROR' || level === 'FATAL') {
      const info = describeLine(line);
      entry.message = own(info.message !== undefined ? line.slice(info.message) : line);
    }
    this.entries.push(entry);
    this.current = entry;
    if (line.includes(SERVLET, 30)) {
      if (line.endsWith(SOAP_START)) this.restarts.push({ line: n, kind: 'start', text: 'SoapServlet starting up' });
      else if (line.endsWith(SOAP_STOP)) this.restarts.push({ line: n, kind: 'stop', text: 'SoapServlet shutting down' });
    }
  }

  syslog(line: string, n: number, h: SyslogHeader): void {
    this.current = undefined;
    const m = h.message;
    const c = line.charCodeAt(m);
    // warning: / error: / fatal: / panic: — the regex only runs on lines that can start so.
    const p = c === 119 || c === 101 || c === 102 || c === 112 ? ((PROBLEM.lastIndex = m), PROBLEM.exec(line)) : null;
    if (p) {
      this.problems.push({ line: n, length: line.length, severity: p[1] as SyslogProblem['severity'], program: own(line.slice(h.programStart, h.programEnd)), message: own(line.slice(PROBLEM.lastIndex)) });
      if (p[1] === 'warning' && line.includes(SASL_WARNING, PROBLEM.lastIndex)) this.smtpAuthLines.push(n);
      return;
    }
    const p0 = line.charCodeAt(h.programStart);
    if (p0 === 115 /* s */ && line.startsWith(SASLAUTHD, h.programStart)) {
      this.smtpAuthLines.push(n);
      return;
    }
    if (p0 !== 112 /* p */ || !line.startsWith(POSTFIX, h.programStart)) return;
    const st = line.indexOf(STATUS, m);
    if (st < 0) {
      // smtpd's `QUEUEID: client=..., sasl_method=..., sasl_username=...`.
      if (line.charCodeAt(h.programEnd - 1) === 100 /* d */ && line.includes(SASL_USERNAME, m)) this.smtpAuthLines.push(n);
      return;
    }
    QUEUE_ID_HERE.lastIndex = m;
    if (!QUEUE_ID_HERE.test(line)) return;
    const at = QUEUE_ID_HERE.lastIndex;
    const queueId = own(line.slice(m, at - 2));
    const status = line.startsWith(SENT, st + STATUS.length) ? 'sent' : undefined;
    // Successful deliveries matter only to clear an earlier deferral of the same queue ID.
    if (status === 'sent' && !this.deferred.has(queueId)) return;
    const d = DELIVERY.exec(line.slice(at));
    if (!d) return;
    const slash = line.indexOf('/', h.programStart);
    const key = own(`${line.slice(h.hostStart, h.hostEnd)} ${line.slice(h.programStart, slash)}/${queueId} ${d[1]}`);
    const s = d[3] as DeliveryStatus;
    if (s === 'sent' || s === 'deliverable') {
      const waiting = this.deferred.get(queueId);
      if (!waiting) return;
      for (const f of waiting) if (f.key === key) f.deliveredLater = true;
      const rest = waiting.filter((f) => !f.deliveredLater);
      if (rest.length) this.deferred.set(queueId, rest);
      else this.deferred.delete(queueId);
      return;
    }
    const reply = own(d[4] ?? d[5] ?? '');
    const why = (s === 'expired' && lastOf(this.deferred.get(queueId), key)) || classify(reply, d[2], s);
    const f: FailedDelivery = { line: n, length: line.length, queueId, recipient: own(d[1]), status: s, dsn: own(d[2]), reply, key, cause: why.cause, explanation: why.explanation, remedy: why.remedy, link: why.link };
    this.failures.push(f);
    if (s === 'deferred') {
      const waiting = this.deferred.get(queueId);
      if (waiting) waiting.push(f);
      else this.deferred.set(queueId, [f]);
    }
  }
}
