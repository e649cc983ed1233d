// What an admin wants first from a day of Zimbra logs, as pflogsumm does for Postfix but across
// Zimbra's logs: messages received, delivered, deferred, bounced, rejected and discarded, per
// hour; top senders, recipients and remote hosts; ERROR/FATAL entries by logger (mailbox.log);
// failed logins (audit.log, saslauthd, Postfix SASL).
//
// Streaming and on bytes only: lines are fed as byte ranges and parsed in place with bounded byte
// loops at fixed offsets (no string, no regex, no allocation per line). The state kept is counters,
// names tallied by id in byte-keyed interning tables (summary/nameCounts.ts; strings are made only
// for the final top lists) and the flags of queue IDs still in the queue, keyed on their bytes and
// dropped on `removed` (summary/queueFlags.ts), so memory does not grow with the size of the log.
//
// Counting rules:
// - received: a `client=` (smtpd) or `uid=` (pickup) line, except a message coming back from the
//   content filter (a loopback client with `orig_queue_id=`, or on a second smtpd service such as
//   `postfix/amavisd/smtpd`), which is counted as `reinjected`;
// - delivered/deferred/bounced/expired: one per `to=<...>, status=...` line (once per recipient
//   delivery attempt); `status=sent` to a loopback relay (127.0.0.1, ::1, localhost) is a hand-off
//   to the content filter (`filtered`), not a delivery;
// - rejected: `reject:` and `milter-reject:` (NOQUEUE or a queue ID); discarded: `discard:`;
//   `reject_warning:` is not a rejection;
// - senders: qmgr's `from=<...>` once per message (not again on retries, not for re-injected copies).
import { accountMarkers } from './formats/lineMarkers';
import { Bytes, latin1 } from './bytes';
import { NameCounts, byCountThenName } from './summary/nameCounts';
import { QueueFlags } from './summary/queueFlags';
import { at, find, findByte, ipIsLoopback, search } from './summary/scan';
import * as P from './summary/patterns';
import { Hours, H_BOUNCED, H_DEFERRED, H_DELIVERED, H_DISCARDED, H_RECEIVED, H_REJECTED } from './summary/hours';
import type { Count, HourCounts, SummaryReport } from './summary/types';
import { MessageGroups } from './summary/messageGroups';
import { FailureLog, FailureReport } from './causes/failureLog';
import { parseLogin } from './investigate/security';
import { saslFailureOf } from './investigate/smtpAuth';
import { syslogHeader, SyslogHeader } from './index/syslogHeader';
import { describeLine } from './lineInfo';
import { SaslPairs } from './summary/saslPairs';
import { sentParts, SentParts } from './summary/sentParts';
import { lineTime } from './time/lineTime';
import { exceptionLine } from './formats/mailboxMessages';

export type { Count, HourCounts, SummaryReport };

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();
/** The first line of a stack trace: `com.x.FooException: message` (or `Caused by: ...`). */
const EXCEPTION = exceptionLine.regex;
/** What a counted line was, beyond the per-hour fields H_* (summary/hours.ts). */
export const EV_ERROR = 6;
export const EV_FAILED_LOGIN = 7;

/** Told of each event as it is counted (the timeline buckets them by the line's time). */
export interface SummaryEvents {
  /** An H_* field of the hours, or EV_ERROR (an ERROR or FATAL entry). */
  count(kind: number): void;
  /** Where the line being read is, for an event told later (a failed login is paired with another line logged up to 5 s after it). */
  mark(): unknown;
  /**
   * A failed login of `account` from `address` (each undefined when not named), logged where
   * `mark` says. `mailbox`: one of mailbox.log's, which the summary counts only when it saw no
   * audit.log (see `sawAuditLog`, once `finish` was called).
   */
  failedLogin(account: string | undefined, address: string | undefined, mark: unknown, mailbox: boolean): void;
  /** The line read is a Postfix line of queue ID b[m, q), its text after `ID: ` from `r` (for the account report). */
  queueLine?(b: Bytes, m: number, q: number, r: number): void;
  /** The line read may be a failed SMTP AUTH login: saslauthd's, or a Postfix warning (for the account report). */
  authLine?(): void;
}

// Per-queue-ID flags.
const REINJECTED = 1;
const SENDER_COUNTED = 2;
const DEFERRED = 4;


export interface SummaryOptions {
  /**
   * false: only the events told to `events` are worked out (deliveries, deferrals, bounces,
   * rejections, ERROR/FATAL entries, failed logins; the timeline's): no top lists, per-hour
   * counts, queue flags, failure causes or problem groups, and no `received` (the report then
   * holds only those counters). Default true.
   */
  tallies?: boolean;
}

export class MailSummary {
  private readonly full: boolean;

  constructor(
    private readonly events?: SummaryEvents,
    options: SummaryOptions = {},
  ) {
    this.full = options.tallies !== false;
  }

  private lines = 0;
  private received = 0;
  private delivered = 0;
  private deferred = 0;
  private bounced = 0;
  private rejected = 0;
  private discarded = 0;
  private expired = 0;
  private reinjected = 0;
  private filtered = 0;
  private bytesReceived = 0;
  private deferredMessages = 0;
  private readonly queue = new QueueFlags();
  private readonly hours = new Hours();
  private readonly senders = new NameCounts();
  private nullSenders = 0;
  private readonly recipients = new NameCounts();
  private readonly clients = new NameCounts();
  private readonly relays = new NameCounts();
  private readonly rejectedClients = new NameCounts();
  private entries = 0;
  private readonly errorLoggers = new NameCounts();
  private readonly fatalLoggers = new NameCounts();
  private failed = 0;
  private readonly failedBySource = new Map<string, number>();
  private readonly failedAccounts = new NameCounts();
  private readonly failedAddresses = new NameCounts();
  /**
   * mailbox.log's `authentication failed for [...]`: they count only when no audit.log line was
   * seen (audit.log records the same failures), as in the account report.
   */
  private readonly mailboxFailed = { count: 0, accounts: new Map<string, number>(), addresses: new Map<string, number>() };
  private sawAudit = false;
  /** Hour of the current syslog line: bytes [hs, he) of it. */
  private hs = 0;
  private he = 0;
  /** The current line: bytes [ls, le), its timestamp ending at `te`. */
  private ls = 0;
  private le = 0;
  private te = 0;
  /** Postfix warning:/fatal:/panic: lines and mailbox.log ERROR/FATAL entries, by folded message. */
  private readonly postfixProblems = new MessageGroups();
  private readonly mailboxErrors = new MessageGroups();
  /** The last ERROR/FATAL entry, waiting for an exception on the next line. */
  private pendingError?: { level: string; logger: string; message: string; time: string };
  /** Failed deliveries and rejects with their causes (fed only those lines). */
  private readonly failures = new FailureLog();
  private readonly header = {} as SyslogHeader;
  private readonly saslPairs = new SaslPairs((f) => this.failedLogin(f.by === 'postfix' ? 'smtp-sasl' : 'saslauthd', f.account, f.ip, f.mark));
  private bytes: Bytes = new Uint8Array(0);
  private readonly sent: SentParts = { close: -1, rs: 0, re: 0, bracketClose: -1, loopback: false };

  /** Counts the lines of b[start, end), each ended by "\n" but maybe the last. */
  pushLines(b: Bytes, start: number, end: number): void {
    let pos = start;
    while (pos < end) {
      const nl = b.indexOf(10, pos);
      const e = nl < 0 || nl >= end ? end : nl + 1;
      this.push(b, pos, e);
      pos = e;
    }
  }

  /** Counts one line: bytes [s, e) of `b` (a terminator, if any, is ignored). */
  push(b: Bytes, s: number, e: number): void {
    this.lines++;
    while (e > s && (b[e - 1] === 10 || b[e - 1] === 13)) e--;
    this.bytes = b;
    this.ls = s;
    this.le = e;
    const c0 = b[s];
    const digit = c0 >= 48 && c0 <= 57;
    const isLog4j = e - s >= 20 && digit && b[s + 4] === 45 && b[s + 10] === 32 && b[s + 19] === 44;
    if (this.pendingError) this.endError(isLog4j ? undefined : this.text());
    if (e - s < 20) return;
    if (isLog4j) {
      this.log4j(b, s, e);
      return;
    }
    // Syslog header: `Mmm dd HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS...`, host, program[pid]:
    let te: number;
    if (c0 >= 65 && c0 <= 90 && b[s + 3] === 32 && b[s + 6] === 32 && b[s + 9] === 58) {
      te = s + 15;
      this.he = s + 9;
    } else if (digit && b[s + 4] === 45 && b[s + 10] === 84 && b[s + 13] === 58) {
      te = findByte(b, 32, s + 19, e);
      if (te < 0) return;
      this.he = s + 13;
    } else return;
    this.te = te;
    this.hs = s;
    let i = te;
    while (i < e && b[i] === 32) i++;
    while (i < e && b[i] !== 32) i++; // the host
    if (i >= e) return;
    const ps = i + 1;
    const p0 = b[ps];
    // The program: `postfix...` or `saslauthd...`, its name read first, then the rest of it.
    let j: number;
    if (p0 === 112 && at(b, ps, e, P.POSTFIX)) j = ps + P.POSTFIX.length;
    else if (p0 === 115 && at(b, ps, e, P.SASLAUTHD)) j = ps + P.SASLAUTHD.length;
    else return;
    const lim = Math.min(e, ps + 100);
    while (j < lim && P.PROGRAM[b[j]] === 1) j++;
    if (j >= lim) return;
    const pe = j;
    if (b[j] === 91) {
      j = findByte(b, 93, j, e);
      if (j < 0) return;
      j++;
    }
    if (j >= e || b[j] !== 58) return;
    j++;
    if (j < e && b[j] === 32) j++;
    if (p0 === 112) this.postfix(b, ps, pe, j, e);
    else this.saslauthd(b, j, e);
  }

  private hour(b: Bytes, field: number): void {
    if (this.full) this.hours.count(b, this.hs, this.he, field);
    this.events?.count(field);
  }

  private postfix(b: Bytes, ps: number, pe: number, m: number, e: number): void {
    // A warning, or a queue ID `XXXX: `, or P.NOQUEUE.
    const c = b[m];
    const level = c === 119 && at(b, m, e, P.WARNING) ? 'warning' : c === 102 && at(b, m, e, P.FATAL_) ? 'fatal' : c === 112 && at(b, m, e, P.PANIC) ? 'panic' : '';
    if (level) {
      const text = this.full || level === 'warning' ? this.text() : '';
      if (this.full) this.postfixProblems.add(level, latin1(b, ps, pe), text.slice(m - this.ls + level.length + 2), text.slice(0, this.te - this.ls));
      // `warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: ..., sasl_username=x`
      if (level === 'warning' && find(b, P.AUTH_FAILED, m + 9, e) >= 0) this.saslFailure(text);
      return;
    }
    let q = m;
    while (q < e && P.QID[b[q]] === 1) q++;
    if (q - m < 5 || q + 1 >= e || b[q] !== 58 || b[q + 1] !== 32) return;
    const r = q + 2;
    this.events?.queueLine?.(b, m, q, r);
    if (b[m] === 78 && at(b, m, q, P.NOQUEUE)) {
      if (this.action(b, r, e) && this.full) this.failures.line(this.text(), 0);
      return;
    }
    const c1 = b[r];
    if (c1 === 116 /* t */ && at(b, r, e, P.TO)) this.delivery(b, m, q, r, e);
    else if (!this.full) this.action(b, r, e);
    else if (c1 === 99 /* c */ && at(b, r, e, P.CLIENT)) this.client(b, ps, pe, m, q, r, e);
    else if (c1 === 102 /* f */ && at(b, r, e, P.FROM)) this.sender(b, m, q, r, e);
    else if (c1 === 114 /* r */ && at(b, r, e, P.REMOVED)) {
      // Only a message that was deferred has deferrals to forget (no string for the others).
      const deferred = this.failures.waiting && this.queue.update(b, m, q, 0) & DEFERRED;
      this.queue.delete(b, m, q);
      if (deferred) this.failures.removed(latin1(b, m, q));
    } else if (c1 === 117 /* u */ && at(b, r, e, P.UID)) {
      this.received++;
      this.hour(b, H_RECEIVED);
    } else this.action(b, r, e);
  }

  /** The current line as a string. */
  private text(): string {
    // A plain view, not `subarray` (on a Buffer that goes through its species constructor).
    const b = this.bytes;
    return decoder.decode(new Uint8Array(b.buffer, b.byteOffset + this.ls, this.le - this.ls));
  }

  /** `reject: ...`, `milter-reject: ...`, `discard: ...` after a queue ID or P.NOQUEUE: whether it was a rejection. */
  private action(b: Bytes, r: number, e: number): boolean {
    if (at(b, r, e, P.REJECT) || at(b, r, e, P.MILTER_REJECT)) {
      this.rejected++;
      this.hour(b, H_REJECTED);
      // `reject: RCPT from name[ip]: ...`
      const from = this.full ? find(b, P.SP_FROM_SP, r, Math.min(e, r + 40)) : -1;
      if (from >= 0) {
        const end = findByte(b, 93, from, e);
        if (end > 0) this.rejectedClients.add(b, from + 6, end + 1);
      }
      return true;
    }
    if (at(b, r, e, P.DISCARD)) {
      this.discarded++;
      this.hour(b, H_DISCARDED);
    }
    return false;
  }

  private client(b: Bytes, ps: number, pe: number, m: number, q: number, r: number, e: number): void {
    // client=name[ip], ... ; the content filter returns mail from a loopback client.
    let ce = r + 7;
    while (ce < e && b[ce] !== 44 && b[ce] !== 32) ce++;
    if (ipIsLoopback(b, r + 7, ce)) {
      let slashes = 0;
      for (let k = ps; k < pe; k++) if (b[k] === 47) slashes++;
      if (slashes >= 2 || find(b, P.ORIG_QUEUE_ID, ce, e) >= 0) {
        this.reinjected++;
        this.queue.put(b, m, q, REINJECTED);
        return;
      }
    } else this.clients.add(b, r + 7, ce);
    this.received++;
    this.hour(b, H_RECEIVED);
  }

  private sender(b: Bytes, m: number, q: number, r: number, e: number): void {
    // Marking a re-injected or already counted message again changes nothing.
    if (this.queue.update(b, m, q, SENDER_COUNTED) & (REINJECTED | SENDER_COUNTED)) return;
    const close = findByte(b, 62, r + 6, e);
    if (close < 0) return;
    // The null sender is tallied apart and joins the table at the report, so that the table
    // only ever sees the input's kind of byte array.
    if (close === r + 6) this.nullSenders++;
    else this.senders.add(b, r + 6, close);
    const size = find(b, P.SIZE, close, e);
    if (size >= 0) {
      let n = 0;
      for (let k = size + 5; k < e; k++) {
        const d = b[k] - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      this.bytesReceived += n;
    }
  }

  private delivery(b: Bytes, m: number, q: number, r: number, e: number): void {
    const st = search(b, P.STATUS, r, e);
    if (st < 0) return;
    const s = st + 9;
    switch (b[s]) {
      case 115: // sent
        if (!at(b, s, e, P.SENT)) return;
        {
          // relay=name[ip]:port, up to the next comma
          const { close, rs, re, bracketClose, loopback } = sentParts(b, r, st, e, this.sent);
          if (loopback) {
            this.filtered++;
            return;
          }
          this.delivered++;
          this.hour(b, H_DELIVERED);
          if (!this.full) return;
          this.recipients.add(b, r + 4, close >= 0 ? close : r + 4);
          // Without the port: up to the last colon, when it follows the first `]` (or there is none).
          let colon = re - 1;
          while (colon >= rs && b[colon] !== 58) colon--;
          this.relays.add(b, rs, colon >= rs && colon > bracketClose ? colon : re);
        }
        return;
      case 100: // deferred
        if (!at(b, s, e, P.DEFERRED_)) return;
        this.deferred++;
        this.hour(b, H_DEFERRED);
        if (!this.full) return;
        if (!(this.queue.update(b, m, q, DEFERRED) & DEFERRED)) this.deferredMessages++;
        this.failures.line(this.text(), 0);
        return;
      case 98: // bounced
        if (!at(b, s, e, P.BOUNCED)) return;
        this.bounced++;
        this.hour(b, H_BOUNCED);
        if (this.full) this.failures.line(this.text(), 0);
        return;
      case 101: // expired
        if (!at(b, s, e, P.EXPIRED)) return;
        this.expired++;
        if (this.full) this.failures.line(this.text(), 0);
        return;
    }
  }

  private saslauthd(b: Bytes, m: number, e: number): void {
    if (find(b, P.FAIL, m, e) >= 0) this.saslFailure(this.text());
  }

  /**
   * A failed SMTP AUTH login as investigate/smtpAuth.ts defines it (the account report's
   * definition), one failure logged by both saslauthd and Postfix counted once, as it counts them.
   */
  private saslFailure(text: string): void {
    this.events?.authLine?.();
    const h = syslogHeader(text, this.header);
    const f = h && saslFailureOf(text, h);
    if (f) this.saslPairs.add(this.events ? { ...f, mark: this.events.mark() } : f, lineTime(text, 2000));
  }

  /** A failed login of `account` from `address` (each left out when empty). */
  private failedLogin(source: string, account: string | undefined, address: string | undefined, mark?: unknown): void {
    this.failed++;
    this.failedBySource.set(source, (this.failedBySource.get(source) ?? 0) + 1);
    if (account && this.full) {
      const a = encoder.encode(account);
      this.failedAccounts.add(a, 0, a.length);
    }
    if (address && this.full) {
      const a = encoder.encode(address);
      this.failedAddresses.add(a, 0, a.length);
    }
    this.events?.failedLogin(account, address, mark ?? this.events.mark(), false);
  }

  /** The ERROR/FATAL entry waiting ends: with the exception that `next` (its next line) names, if it does. */
  private endError(next: string | undefined): void {
    const p = this.pendingError!;
    this.pendingError = undefined;
    const ex = next !== undefined ? EXCEPTION.exec(next) : null;
    this.mailboxErrors.add(p.level, p.logger, ex ? `${p.message} | ${next!.slice(0, 300)}` : p.message, p.time);
  }

  /** `2026-10-13 10:16:40,564 LEVEL [thread] [context] logger - message`. */
  private log4j(b: Bytes, s: number, e: number): void {
    this.entries++;
    const l = s + 24;
    // A login, as the account report reads it (investigate/security.ts parseLogin): audit.log's
    // `cmd=Auth` with an `error=`, mailbox.log's `authentication failed for [...]`.
    if (search(b, P.AUTH_FAILED_FOR, l, e) >= 0 || search(b, P.CMD_AUTH, l, e) >= 0) {
      const text = this.text();
      const a = parseLogin(text, 0);
      const audit = text.includes(accountMarkers.security.text, 30);
      if (a && audit) this.sawAudit = true;
      if (a && !a.ok) {
        if (audit) this.failedLogin('audit', a.account, a.ip);
        else {
          const mf = this.mailboxFailed;
          mf.count++;
          if (a.account) mf.accounts.set(a.account, (mf.accounts.get(a.account) ?? 0) + 1);
          if (a.ip) mf.addresses.set(a.ip, (mf.addresses.get(a.ip) ?? 0) + 1);
          this.events?.failedLogin(a.account, a.ip, this.events.mark(), true);
        }
      }
    }
    const c = b[l];
    const isError = c === 69 && at(b, l, e, P.ERROR);
    const isFatal = c === 70 && at(b, l, e, P.FATAL);
    const isWarn = this.full && c === 87 && at(b, l, e, P.WARN);
    if (!isError && !isFatal && !isWarn) return;
    // The logger is the word after the context's `] ` and before ` - ` (the thread and the
    // context may hold ` - ` themselves, e.g. a user agent).
    let dash = find(b, P.SP_DASH_SP, l, e);
    let ls = dash;
    while (dash >= 0) {
      ls = dash;
      while (ls > l && b[ls - 1] !== 32) ls--;
      if (ls > l + 1 && b[ls - 2] === 93 && b[ls] !== 91 && findByte(b, 61, ls, dash) < 0) break;
      dash = find(b, P.SP_DASH_SP, dash + 3, e);
    }
    if (dash < 0) return;
    if (isError || isFatal) this.events?.count(EV_ERROR);
    if (!this.full) return;
    if (isError) this.errorLoggers.add(b, ls, dash);
    else if (isFatal) this.fatalLoggers.add(b, ls, dash);
    if (isError || isFatal) {
      const text = this.text();
      const info = describeLine(text);
      const message = info.message !== undefined ? text.slice(info.message) : text.slice(dash - s + 3);
      this.pendingError = { level: isError ? 'ERROR' : 'FATAL', logger: latin1(b, ls, dash), message, time: text.slice(0, 23) };
    }
  }

  /** The end of the input: what waits for a next line is counted (report calls it too). */
  finish(): void {
    if (this.pendingError) this.endError(undefined);
    this.saslPairs.finish();
  }

  /** Whether an audit.log line was read (mailbox.log's failed logins then do not count). */
  get sawAuditLog(): boolean {
    return this.sawAudit;
  }

  report(limit = 10): SummaryReport {
    this.finish();
    const mailbox = this.sawAudit ? { count: 0, accounts: new Map<string, number>(), addresses: new Map<string, number>() } : this.mailboxFailed;
    if (this.nullSenders) this.senders.add(P.EMPTY_SENDER, 0, 2, this.nullSenders);
    this.nullSenders = 0;
    const perHour = this.hours.list();
    const byLogger = [
      ...this.errorLoggers.all().map((x) => ({ name: 'ERROR ' + x.name, count: x.count })),
      ...this.fatalLoggers.all().map((x) => ({ name: 'FATAL ' + x.name, count: x.count })),
    ]
      .sort(byCountThenName)
      .map(({ name, count }) => ({ logger: name.slice(6), level: name.slice(0, 5) as 'ERROR' | 'FATAL', count }));
    return {
      lines: this.lines,
      postfix: {
        received: this.received,
        delivered: this.delivered,
        deferred: this.deferred,
        bounced: this.bounced,
        rejected: this.rejected,
        discarded: this.discarded,
        expired: this.expired,
        reinjected: this.reinjected,
        filtered: this.filtered,
        bytesReceived: this.bytesReceived,
        deferredMessages: this.deferredMessages,
        perHour,
        topSenders: this.senders.top(limit),
        topRecipients: this.recipients.top(limit),
        topClients: this.clients.top(limit),
        topRelays: this.relays.top(limit),
        topRejected: this.rejectedClients.top(limit),
      },
      mailbox: {
        entries: this.entries,
        errors: byLogger.filter((x) => x.level === 'ERROR').reduce((a, x) => a + x.count, 0),
        fatals: byLogger.filter((x) => x.level === 'FATAL').reduce((a, x) => a + x.count, 0),
        byLogger: byLogger.slice(0, Math.max(limit, 20)),
        byMessage: this.mailboxErrors.list(Math.max(limit, 20)),
      },
      problems: this.postfixProblems.list(Math.max(limit, 20)),
      failures: failureCounts(this.failures.report(limit)),
      logins: {
        failed: this.failed + mailbox.count,
        bySource: Object.fromEntries([...this.failedBySource, ...(mailbox.count ? [['mailbox', mailbox.count] as const] : [])]),
        byAccount: withExtra(this.failedAccounts, mailbox.accounts, limit),
        byAddress: withExtra(this.failedAddresses, mailbox.addresses, limit),
      },
    };
  }
}

/** The top `limit` of `counts` with `extra` added (strings: few names). */
function withExtra(counts: NameCounts, extra: Map<string, number>, limit: number): Count[] {
  if (!extra.size) return counts.top(limit);
  const all = new Map(counts.all().map((c) => [c.name, c.count]));
  for (const [k, v] of extra) all.set(k, (all.get(k) ?? 0) + v);
  return [...all].map(([name, count]) => ({ name, count })).sort(byCountThenName).slice(0, limit);
}

/** The failure causes for the summary: counts by cause, then the top domains of each. */
function failureCounts(r: FailureReport): SummaryReport['failures'] {
  return {
    total: r.failures,
    byCause: Object.entries(r.byCause).map(([cause, g]) => ({ cause, count: g.count, temporary: g.temporary, permanent: g.permanent, first: g.first, last: g.last, remedy: g.remedy, topDomains: g.topDomains })),
  };
}

/** The summary of a text (tests, small inputs): its UTF-8 bytes, line by line. */
export function summarizeText(text: string, limit?: number): SummaryReport {
  const b = new TextEncoder().encode(text);
  const s = new MailSummary();
  s.pushLines(b, 0, b.length);
  return s.report(limit);
}
