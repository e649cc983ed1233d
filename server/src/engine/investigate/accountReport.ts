// The account report (issue 9): for every account, logins (audit.log `cmd=Auth`, mailbox.log
// `authentication failed`, Postfix SMTP AUTH `sasl_username=`, ActiveSync requests of sync.log,
// failed SASL logins of saslauthd and Postfix) with client addresses and clients,
// mail sent by webmail (mailbox.log `smtp - Sending message to MTA`, recipients from the MTA's
// transaction of the same Message-ID) and by SMTP AUTH, per hour, the shares of free-mail
// recipients and of bounces and deferrals, and a verdict with its reasons (accountFigures.ts).
// Pure and streaming: text in (mailbox.log, audit.log, sync.log before the MTA logs, so that
// webmail Message-IDs are known when their transactions come; each MTA timeline in order), one
// pass per file; what is kept are rows of numbers per login and per message sent (time stamps of
// eventClock.ts, interned strings, line numbers), never the log's text.
import { accountMarkers as A } from '../formats/lineMarkers';
import { l10n } from '../l10n';
import { fresh, numbered } from '../formats/format';
import { postfixQueueIdAt } from '../formats/postfix';
import { cleanupMessageId } from '../formats/postfixMessages';
import { contextIp, sendingToMta } from '../formats/mailboxMessages';
import { parseContext } from '../formats/mailbox';
import { syslogHeader, SyslogHeader } from '../index/syslogHeader';
import { describeLine } from '../lineInfo';
import { lineTime } from '../time/lineTime';
import { accountEntry, AccountEntry, defaultReportThresholds, isFreemail, Login, ReportThresholds, show } from './accountFigures';
import type { Span } from './accountVerdict';
import { EventClock } from './eventClock';
import { parseLogin, SecurityScan } from './security';
import { LineRef, SaslFailures, saslFailureOf, saslLoginOf } from './smtpAuth';
import { Interner, Needles, own, TextFeed } from './textFeed';
import { QueueMap } from './queueMap';
import { L_FAILED, L_MAILBOX, L_OK, L_SYNC, loginsOf, M_COUNTS, messageColumnsOf, messagesOf, okColumnsOf, Rows } from './accountRows';
import { Columns, verdict } from './accountVerdict';
import { latin1 } from '../bytes';
import { postfixDelivery } from '../formats/postfix';

export type { AccountEntry, LoginFigures, ReportThresholds, SentFigures } from './accountFigures';
export { defaultReportThresholds, isFreemail } from './accountFigures';
export type { LineRef } from './smtpAuth';

/** Failed SMTP AUTH (SASL) logins from one client address, with the accounts they named. */
export interface SaslAddress {
  failed: number;
  accounts: string[];
  first: string;
  last: string;
  lines: LineRef[];
}

/** A flagged account: the reasons, the lines behind each, and each one's time span (as in its AccountEntry). */
export interface FlaggedAccount {
  account: string;
  reasons: string[];
  refs: LineRef[][];
  spans: Span[];
}

export interface AccountReportResult {
  accounts: AccountEntry[];
  /** Client address -> failed SASL logins (Postfix `SASL LOGIN authentication failed`), most first. */
  saslFailures: Record<string, SaslAddress>;
  notices: string[];
}

interface Acc {
  logins: Rows;
  messages: Rows;
}

/** A message whose recipients may still come: recipient -> its final status. */
interface Live {
  acc: Acc;
  row: number;
  recipients: Map<string, string>;
}

const QUEUE_ID_HERE = fresh(postfixQueueIdAt);
const MID = cleanupMessageId.regex;
// "at mta01.example.com, port 25: ": the host and port read strictly, so that no start scans the rest of the line.
const SENDING = sendingToMta.regex;
const IP = contextIp.regex;
// Read for every recipient of an account's message: its groups by number (no groups object per match).
const { regex: DELIVERY, group: DELIVERY_GROUP } = numbered(postfixDelivery);

export class AccountReport extends TextFeed {
  private readonly accounts = new Map<string, Acc>();
  private readonly strings = new Interner();
  /** String ids of the rows (protocols, addresses, clients). */
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  /** The year model: every line is shown to it (by `push`, `append`, or a byte prefilter before `hit`). */
  readonly clock = new EventClock();
  /** Webmail Message-ID -> its message (recipients come from the MTA's transaction). */
  private readonly webmail = new Map<string, Live>();
  /** Open MTA transactions: queue ID -> the message they carry for an account. */
  private readonly open = new QueueMap<Live>();
  /** Messages whose recipients are counted only at the end (webmail's, and transactions never removed). */
  private readonly live = new Set<Live>();
  private readonly h: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };
  private sawAudit = false;
  private sawOip = false;
  /** Client addresses of log4j lines, up to two (the proxy notice is about one). */
  private readonly ips = new Set<string>();
  private sawLog4j = false;
  private auditActiveSync = false;
  /** ActiveSync account|device|address -> time of its last request (a new session after an hour). */
  private readonly syncSessions = new Map<string, number>();
  /** Failed SASL logins of saslauthd and Postfix, timed by clock stamps. */
  private readonly saslFailures = new SaslFailures();
  // Parts of what the lines that matter hold, chosen for a rare first character (V8 finds those fastest):
  // `sasl_username=`, `authentication failed`, saslauthd's `auth failed`, `: to=<`, `message-id=`...
  private readonly syslogNeedles = new Needles(['_username=', 'failed', ': to=<', '-id=']);
  // ...and ` security - cmd=`, `authentication failed for [`, `DeviceID=`, `smtp - Sending message to MTA`, `oip=`, `ip=`.
  private readonly log4jNeedles = new Needles(['cmd=', 'failed', 'DeviceID=', 'Sending message to MTA', 'oip=', 'ip=']);

  private acc(name: string): Acc {
    let a = this.accounts.get(name);
    if (!a) this.accounts.set(this.strings.get(name), (a = { logins: new Rows(7), messages: new Rows(9) }));
    return a;
  }

  private id(s: string | undefined): number {
    if (s === undefined) return -1;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.texts.push(own(s)) - 1;
      this.ids.set(this.texts[id], id);
    }
    return id;
  }

  /** The lines that follow are a new timeline (a log and its rotations, in order): `reference` as in EventClock. */
  beginTimeline(reference: number | Date): void {
    this.clock.beginTimeline(reference);
  }

  /** The year of the BSD syslog lines that follow (a timeline whose last line is in that year). */
  setYear(year: number): void {
    this.beginTimeline(year);
  }

  /** One line (line `n` of file `file`), in order. */
  push(line: string, n: number, file = 0): void {
    this.clock.next(line, 0);
    this.read(line, n, file);
  }

  /**
   * Line `n` of the current file, which a byte prefilter picked (accountLines.ts: it holds one of
   * AccountReport.lineMarkers, or is a line of `wantsQueueId`'s); the clock has seen it.
   */
  hit(line: string, n: number): void {
    this.read(line, n, this.file);
  }

  /**
   * What a line must hold for `hit` (the prefilter's needles): the logins SecurityScan reads
   * (audit.log, mailbox.log's failures, failed and successful SMTP AUTH), ActiveSync requests and
   * webmail sends.
   */
  static readonly lineMarkers: readonly string[] = [...SecurityScan.lineMarkers, 'DeviceID=', ' smtp - Sending message to MTA'];

  /** Whether the MTA's lines of queue ID b[s, e) (deliveries, `removed`) matter: a transaction of an account. */
  wantsQueueId(b: Uint8Array, s: number, e: number): boolean {
    return this.open.mayHave(b, s, e) && this.open.has(latin1(b, s, e));
  }

  /** Whether the MTA's `message-id=` lines matter: webmail messages wait for their transactions. */
  get wantsMessageIds(): boolean {
    return this.webmail.size > 0;
  }

  private read(line: string, n: number, file: number): void {
    const c = line.charCodeAt(0);
    if (c >= 48 && c <= 57 && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 32 && line.charCodeAt(19) === 44) this.log4j(line, n, file);
    else if (syslogHeader(line, this.h)) this.syslog(line, n, file);
  }

  protected chunk(text: string): void {
    this.syslogNeedles.reset(text);
    this.log4jNeedles.reset(text);
  }

  /** A line of appended text: only the lines that can matter are cut out and read. */
  protected line(text: string, s: number, e: number, n: number): void {
    this.clock.next(text, s);
    if (e - s < 20) return;
    const c = text.charCodeAt(s);
    if (c >= 48 && c <= 57 && text.charCodeAt(s + 4) === 45 && text.charCodeAt(s + 10) === 32 && text.charCodeAt(s + 19) === 44) {
      const k = this.log4jNeedles;
      if (k.find(0, s, e) >= 0 || k.find(1, s, e) >= 0 || k.find(2, s, e) >= 0 || k.find(3, s, e) >= 0 || (this.noticeOpen() && !this.sameClient(text, s, e))) this.log4j(text.slice(s, e), n, this.file);
      else this.sawLog4j = true;
      return;
    }
    const k = this.syslogNeedles;
    let wanted = k.find(0, s, e) >= 0 || k.find(1, s, e) >= 0;
    // Deliveries and ends of transactions matter only for the transactions of an account.
    if (!wanted && this.open.size) {
      const to = k.find(2, s, e);
      if (to >= 0) wanted = this.open.has(text.slice(text.lastIndexOf(' ', to) + 1, to));
      else if (text.startsWith(A.removed.text, e - 9)) wanted = this.open.has(text.slice(text.lastIndexOf(' ', e - 10) + 1, e - 9));
    }
    if (!wanted && this.webmail.size) wanted = k.find(3, s, e) >= 0;
    if (!wanted) return;
    const line = text.slice(s, e);
    if (syslogHeader(line, this.h)) this.syslog(line, n, this.file);
  }

  /** Whether the proxy notice (one client address, no oip=) may still be given. */
  private noticeOpen(): boolean {
    return !this.sawOip && this.ips.size < 2;
  }

  /** Whether log4j line text[s, e) leaves the proxy notice as it is: no oip=, and the one client address seen so far. */
  private sameClient(text: string, s: number, e: number): boolean {
    const k = this.log4jNeedles;
    if (this.ips.size !== 1 || k.find(4, s, e) >= 0) return false;
    const p = k.find(5, s, Math.min(e, s + 590));
    if (p < 0) return k.find(5, s, e) < 0;
    const c = text.charCodeAt(p - 1);
    if (c !== 91 && c !== 59) return false; // [ ;
    const [ip] = this.ips;
    const after = text.charCodeAt(p + 3 + ip.length);
    return text.startsWith(ip, p + 3) && (after === 59 || after === 93); // ; ]
  }

  private log4j(line: string, n: number, file: number): void {
    this.sawLog4j = true;
    if (this.noticeOpen()) {
      if (line.includes(A.oip.text, 30)) this.sawOip = true;
      const ip = IP.exec(line.slice(0, 600));
      if (ip && !this.ips.has(ip[1])) this.ips.add(own(ip[1]));
    }
    const login = parseLogin(line, n, file);
    if (login) {
      const audit = line.includes(A.security.text, 30);
      if (audit) this.sawAudit = true;
      if (audit && login.protocol === 'activesync') this.auditActiveSync = true;
      if (!login.account) return;
      const kind = !audit ? L_MAILBOX : login.ok ? L_OK : L_FAILED;
      this.acc(login.account).logins.add(this.clock.stamp(line), kind, this.id(login.protocol ?? 'unknown'), this.id(login.ip), this.id(login.ua), file, n);
      return;
    }
    if (line.includes(A.deviceId.text, 30)) return this.activeSync(line, n, file);
    const s = line.includes(A.sendingToMta.text, 30) ? SENDING.exec(line) : null;
    if (s) {
      const info = describeLine(line);
      const ctx = info.context ? parseContext(line.slice(info.context.start, info.context.end)) : {};
      const name = ctx.name?.toLowerCase();
      if (!name) return;
      const acc = this.acc(name);
      const m: Live = { acc, row: acc.messages.add(this.clock.stamp(line), 0, file, n, 0, 0, 0), recipients: new Map() };
      this.live.add(m);
      this.webmail.set(own(s[1]), m);
    }
  }

  /** An ActiveSync request (sync.log, context `Cmd=...;DeviceID=...;`): a login when its session is new. */
  private activeSync(line: string, n: number, file: number): void {
    const info = describeLine(line);
    if (!info.context) return;
    const ctx = parseContext(line.slice(info.context.start, info.context.end));
    const name = ctx.name?.toLowerCase();
    if (!name || !ctx.DeviceID) return;
    const ip = ctx.oip?.split(',')[0].trim() || ctx.ip || undefined;
    const time = lineTime(line, 1970);
    const key = own(`${name}|${ctx.DeviceID}|${ip ?? ''}`);
    const last = this.syncSessions.get(key);
    this.syncSessions.set(key, time);
    if (last !== undefined && time - last <= 3_600_000) return;
    this.acc(name).logins.add(this.clock.stamp(line), L_SYNC, this.id('activesync'), this.id(ip), this.id(ctx.ua || `ActiveSync device ${ctx.DeviceID}`), file, n);
  }

  private syslog(line: string, n: number, file: number): void {
    const h = this.h;
    const failed = saslFailureOf(line, h);
    if (failed) return this.saslFailures.add(failed, this.clock.stamp(line), { file, line: n });
    if (!line.startsWith(A.postfix.text, h.programStart) || line.startsWith(A.warning.text, h.message)) return;
    QUEUE_ID_HERE.lastIndex = h.message;
    if (!QUEUE_ID_HERE.test(line)) return;
    const qid = line.slice(h.message, QUEUE_ID_HERE.lastIndex - 2);
    const rest = line.slice(QUEUE_ID_HERE.lastIndex);
    const c = rest.charCodeAt(0);
    if (c === 99 /* c */ && rest.startsWith(A.client.text)) this.login(qid, rest, line, n, file);
    else if (c === 109 /* m */ && rest.startsWith(A.messageId.text)) {
      const id = MID.exec(rest)?.[1];
      const m = id ? this.webmail.get(id) : undefined;
      if (m && !this.open.has(qid)) this.open.set(own(qid), m);
    } else this.followed(qid, rest);
  }

  /**
   * A Postfix `client=` line of queue ID `qid` (`rest`: its text after `ID: `), its header already
   * read; `head`: the line's start, its time (lineTime reads its first 23 characters). An SMTP AUTH
   * login (`sasl_username=`) is kept, and the transaction it begins followed.
   */
  login(qid: string, rest: string, head: string, n: number, file = this.file): void {
    const login = saslLoginOf(rest);
    if (!login) return;
    const stamp = this.clock.stamp(head);
    const a = this.acc(login.account);
    a.logins.add(stamp, L_OK, this.id('smtp'), this.id(login.ip), -1, file, n);
    const m: Live = { acc: a, row: a.messages.add(stamp, 1, file, n, 0, 0, 0), recipients: new Map() };
    this.close(qid);
    this.open.set(own(qid), m);
    this.live.add(m);
  }

  /**
   * A Postfix line of a transaction the report follows (`wantsQueueId`), its header already read
   * (the caller's parse found the queue ID `qid` at the message's start): `rest` is its text after
   * `ID: `. A delivery's recipient and status are kept; `removed` ends the transaction.
   */
  followed(qid: string, rest: string): void {
    const c = rest.charCodeAt(0);
    if (c === 116 /* t */ && rest.startsWith(A.to.text)) {
      const m = this.open.get(qid);
      if (!m) return;
      const d = DELIVERY.exec(rest);
      if (!d) return;
      const to = d[DELIVERY_GROUP.to].toLowerCase();
      const prev = m.recipients.get(to);
      // The final status: a later delivery replaces a deferral.
      if (prev === undefined || prev === 'deferred') m.recipients.set(prev === undefined ? own(to) : to, own(d[DELIVERY_GROUP.status]));
    } else if (c === 114 /* r */ && rest === 'removed') this.close(qid);
  }

  /** The end of a transaction: an SMTP AUTH message's recipients are final (a webmail message's may come from another). */
  private close(qid: string): void {
    const m = this.open.get(qid);
    if (!m) return;
    this.open.delete(qid);
    if (m.acc.messages.get(m.row, 1) !== 1) return;
    this.count(m);
    this.live.delete(m);
  }

  /** A message's recipients counted into its row. */
  private count(m: Live): void {
    let free = 0;
    let bounced = 0;
    let deferred = 0;
    let notSent = 0;
    for (const [to, status] of m.recipients) {
      if (isFreemail(to)) free++;
      if (status === 'bounced' || status === 'expired') bounced++;
      else if (status === 'deferred') deferred++;
      if (status !== 'sent') notSent++;
    }
    const rows = m.acc.messages;
    rows.set(m.row, M_COUNTS, m.recipients.size);
    rows.set(m.row, M_COUNTS + 1, free);
    rows.set(m.row, M_COUNTS + 2, bounced);
    rows.set(m.row, M_COUNTS + 3, deferred);
    rows.set(m.row, M_COUNTS + 4, notSent);
  }

  /** The times are settled, and the recipients of every message counted (again: more lines may have come). */
  private settle(): void {
    this.clock.finish();
    for (const m of this.live) this.count(m);
  }

  /**
   * The flagged accounts alone, with what `report` gives them (reasons, the lines behind each
   * and their spans), made from the rows without the report's objects and figures (the
   * timeline's markers: 0.3 s less on 230,000 logins and messages).
   */
  flagged(t: ReportThresholds = defaultReportThresholds): FlaggedAccount[] {
    this.settle();
    const out: FlaggedAccount[] = [];
    const [ok, sent] = [new Columns(), new Columns()];
    for (const [account, a] of this.accounts) {
      const { msgs, shares } = messageColumnsOf(a.messages, this.clock, sent);
      const v = verdict(okColumnsOf(a.logins, this.clock, this.texts, this.auditActiveSync, ok), msgs, shares, t);
      if (v.reasons.length) out.push({ account, ...v });
    }
    return out;
  }

  report(t: ReportThresholds = defaultReportThresholds): AccountReportResult {
    this.settle();
    // Failed SASL logins (smtpAuth.ts: one failure logged by saslauthd and by Postfix counts once),
    // as logins of their accounts, and per client address.
    const saslLogins = new Map<string, Login[]>();
    const saslFailures: Record<string, SaslAddress> = {};
    for (const f of this.saslFailures.timed((stamp) => this.clock.time(stamp)).merged()) {
      if (f.account) {
        this.acc(f.account);
        const list = saslLogins.get(f.account) ?? [];
        list.push({ time: f.time, ok: false, protocol: 'smtp', ip: f.ip, ref: f.ref });
        saslLogins.set(f.account, list);
      }
      if (f.by !== 'postfix') continue;
      const x = (saslFailures[f.ip!] ??= { failed: 0, accounts: [], first: show(f.time), last: show(f.time), lines: [] });
      x.failed++;
      x.last = show(f.time);
      if (f.account && !x.accounts.includes(f.account)) x.accounts.push(f.account);
      x.lines.push(f.ref);
    }
    const out: AccountEntry[] = [];
    for (const [account, a] of this.accounts) {
      // audit.log is the record of logins; mailbox.log failures count only without it, and
      // sync.log's ActiveSync sessions only when audit.log has no ActiveSync login.
      const logins: Login[] = [];
      const mailboxFailures: Login[] = [];
      loginsOf(a.logins, this.clock, this.texts, this.auditActiveSync, logins, mailboxFailures);
      logins.push(...(saslLogins.get(account) ?? []));
      if (!this.sawAudit) logins.push(...mailboxFailures);
      out.push(accountEntry(account, logins, messagesOf(a.messages, this.clock), t));
    }
    out.sort((x, y) => Number(y.flagged) - Number(x.flagged) || y.sent.recipients - x.sent.recipients || (x.account < y.account ? -1 : 1));
    const notices: string[] = [];
    if (this.sawLog4j && !this.sawOip && this.ips.size === 1) {
      notices.push(l10n.t("No line carries oip= and every client address is {0}: the mailbox server records the proxy's address, not the clients'. Trust the proxy (zimbraMailTrustedIP) so that the real client addresses are logged.", [...this.ips][0]));
    }
    return { accounts: out, saslFailures: Object.fromEntries(Object.entries(saslFailures).sort((x, y) => y[1].failed - x[1].failed)), notices };
  }
}

export { mailboxChange } from './mailboxChanges';
export type { ChangeKind, MailboxChange } from './mailboxChanges';
