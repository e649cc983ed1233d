// The account report (issue 9): for every account, logins (audit.log `cmd=Auth`, mailbox.log
// `authentication failed`, Postfix SMTP AUTH `sasl_username=`, ActiveSync requests of sync.log,
// failed SASL logins of saslauthd and Postfix) with client addresses and clients,
// mail sent by webmail (mailbox.log `smtp - Sending message to MTA`, recipients from the MTA's
// transaction of the same Message-ID) and by SMTP AUTH, per hour, the shares of free-mail
// recipients and of bounces and deferrals, and a verdict with its reasons against thresholds.
// Pure: lines in (mailbox.log, audit.log, sync.log before the MTA logs, so that webmail Message-IDs are
// known when their transactions come), report out.
import { QUEUE_ID } from '../formats/postfix';
import { parseContext } from '../formats/mailbox';
import { syslogHeader, SyslogHeader } from '../index/syslogHeader';
import { describeLine } from '../lineInfo';
import { lineTime } from '../logTime';
import { parseLogin } from './security';
import { LineRef, SaslFailures, saslFailureOf, saslLoginOf } from './smtpAuth';

export interface ReportThresholds {
  /** Distinct client addresses with successful logins within one hour that flag an account. */
  maxAddressesPerHour: number;
  /** Recipients within one hour that count as a burst of outgoing mail. */
  burstRecipients: number;
  /** An hour's recipients above this many times the account's usual (median) hour is unusual... */
  usualFactor: number;
  /** ...when it is also at least this many recipients. */
  minUnusualRecipients: number;
  /** Share of bounced and deferred recipients that flags an account (with at least `minRecipientsForShare`). */
  maxBounceShare: number;
  minRecipientsForShare: number;
}

export const defaultReportThresholds: ReportThresholds = { maxAddressesPerHour: 4, burstRecipients: 50, usualFactor: 10, minUnusualRecipients: 30, maxBounceShare: 0.3, minRecipientsForShare: 20 };

/** Free-mail domains (recipients there are the usual target of a hijacked account's spam). */
const FREEMAIL = /^(?:gmail\.com|googlemail\.com|yahoo\.[a-z.]+|ymail\.com|hotmail\.[a-z.]+|outlook\.[a-z.]+|live\.[a-z.]+|msn\.com|aol\.com|icloud\.com|me\.com|mail\.ru|bk\.ru|list\.ru|inbox\.ru|yandex\.[a-z.]+|ya\.ru|gmx\.[a-z.]+|web\.de|t-online\.de|libero\.it|orange\.fr|free\.fr|laposte\.net|proton\.me|protonmail\.com|zoho\.com|qq\.com|163\.com|126\.com|sina\.com|naver\.com|rediffmail\.com|mail\.com)$/;
export const isFreemail = (address: string) => FREEMAIL.test(address.slice(address.lastIndexOf('@') + 1).toLowerCase());

export type { LineRef } from './smtpAuth';

export interface LoginFigures {
  ok: number;
  failed: number;
  byProtocol: Record<string, { ok: number; failed: number }>;
  /** Client address -> successful and failed logins, first and last seen. */
  addresses: Record<string, { ok: number; failed: number; first: string; last: string }>;
  clients: Record<string, number>;
  first?: string;
  last?: string;
}

export interface SentFigures {
  messages: number;
  recipients: number;
  webmail: { messages: number; recipients: number };
  smtpAuth: { messages: number; recipients: number };
  /** `YYYY-MM-DD HH` -> messages and recipients sent in that hour. */
  perHour: Record<string, { messages: number; recipients: number }>;
  freemailShare: number;
  bounceShare: number;
  deferredShare: number;
}

export interface AccountEntry {
  account: string;
  flagged: boolean;
  reasons: string[];
  logins: LoginFigures;
  sent: SentFigures;
  /** Lines behind the figures: logins, messages sent, and the lines that made each reason. */
  lines: { logins: LineRef[]; sent: LineRef[]; reasons: LineRef[][] };
}

/** Failed SMTP AUTH (SASL) logins from one client address, with the accounts they named. */
export interface SaslAddress {
  failed: number;
  accounts: string[];
  first: string;
  last: string;
  lines: LineRef[];
}

export interface AccountReportResult {
  accounts: AccountEntry[];
  /** Client address -> failed SASL logins (Postfix `SASL LOGIN authentication failed`), most first. */
  saslFailures: Record<string, SaslAddress>;
  notices: string[];
}

interface Login {
  time: number;
  ok: boolean;
  protocol: string;
  ip?: string;
  ua?: string;
  ref: LineRef;
  /** An ActiveSync session of sync.log (not counted when audit.log records ActiveSync logins). */
  sync?: boolean;
}

interface Message {
  time: number;
  via: 'webmail' | 'smtpAuth';
  recipients: Map<string, string>; // recipient -> final status
  ref: LineRef;
}

interface Acc {
  logins: Login[];
  mailboxFailures: Login[];
  messages: Message[];
}

const QUEUE_ID_HERE = new RegExp(`(?:${QUEUE_ID}): `, 'y');
const TO = /^to=<([^>]*)>,.*? status=(\w+)/;
const MID = /^message-id=<?([^<>\s]*)>?/;
const SENDING = /smtp - Sending message to MTA at [^:]*: Message-ID=<?([^<>\s,]*)>?/;
const hourOf = (t: number) => new Date(t).toISOString().slice(0, 13).replace('T', ' ');
const show = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

export class AccountReport {
  private readonly accounts = new Map<string, Acc>();
  /** Webmail Message-ID -> its message (recipients come from the MTA's transaction). */
  private readonly webmail = new Map<string, Message>();
  /** Open MTA transactions: queue ID -> the message they carry for an account. */
  private readonly open = new Map<string, Message>();
  private readonly h: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };
  private year = new Date().getUTCFullYear();
  private sawAudit = false;
  private sawOip = false;
  private readonly ips = new Set<string>();
  private log4jLines = 0;
  private auditActiveSync = false;
  /** ActiveSync account|device|address -> time of its last request (a new session after an hour). */
  private readonly syncSessions = new Map<string, number>();
  /** Failed SASL logins of saslauthd and Postfix (one failure logged by both counts once). */
  private readonly saslFailures = new SaslFailures();
  private sasl?: Record<string, SaslAddress>;

  private acc(name: string): Acc {
    let a = this.accounts.get(name);
    if (!a) this.accounts.set(name, (a = { logins: [], mailboxFailures: [], messages: [] }));
    return a;
  }

  /** The year of BSD syslog lines of the next lines (they carry none). */
  setYear(year: number): void {
    this.year = year;
  }

  push(line: string, n: number, file = 0): void {
    const c = line.charCodeAt(0);
    if (c >= 48 && c <= 57 && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 32 && line.charCodeAt(19) === 44) this.log4j(line, n, file);
    else if (syslogHeader(line, this.h)) this.syslog(line, n, file);
  }

  private log4j(line: string, n: number, file: number): void {
    this.log4jLines++;
    if (!this.sawOip && line.includes('oip=', 30)) this.sawOip = true;
    const ip = /[\[;]ip=([^;\]]+)/.exec(line.slice(0, 600));
    if (ip && this.ips.size < 100) this.ips.add(ip[1]);
    const login = parseLogin(line, n, file);
    if (login) {
      const audit = line.includes(' security - ', 30);
      if (audit) this.sawAudit = true;
      if (audit && login.protocol === 'activesync') this.auditActiveSync = true;
      if (!login.account) return;
      const l: Login = { time: login.time, ok: login.ok, protocol: login.protocol ?? 'unknown', ip: login.ip, ua: login.ua, ref: { file, line: n } };
      if (audit) this.acc(login.account).logins.push(l);
      else this.acc(login.account).mailboxFailures.push(l);
      return;
    }
    if (line.includes('DeviceID=', 30)) return this.activeSync(line, n, file);
    const s = line.includes(' smtp - Sending message to MTA', 30) ? SENDING.exec(line) : null;
    if (s) {
      const info = describeLine(line);
      const ctx = info.context ? parseContext(line.slice(info.context.start, info.context.end)) : {};
      const name = ctx.name?.toLowerCase();
      if (!name) return;
      const m: Message = { time: lineTime(line, 1970), via: 'webmail', recipients: new Map(), ref: { file, line: n } };
      this.acc(name).messages.push(m);
      this.webmail.set(s[1], m);
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
    const key = `${name}|${ctx.DeviceID}|${ip ?? ''}`;
    const last = this.syncSessions.get(key);
    this.syncSessions.set(key, time);
    if (last !== undefined && time - last <= 3_600_000) return;
    this.acc(name).logins.push({ time, ok: true, protocol: 'activesync', ip, ua: ctx.ua || `ActiveSync device ${ctx.DeviceID}`, ref: { file, line: n }, sync: true });
  }

  private syslog(line: string, n: number, file: number): void {
    const h = this.h;
    const failed = saslFailureOf(line, h);
    if (failed) return this.saslFailures.add(failed, lineTime(line, this.year), { file, line: n });
    if (!line.startsWith('postfix', h.programStart) || line.startsWith('warning: ', h.message)) return;
    QUEUE_ID_HERE.lastIndex = h.message;
    if (!QUEUE_ID_HERE.test(line)) return;
    const qid = line.slice(h.message, QUEUE_ID_HERE.lastIndex - 2);
    const rest = line.slice(QUEUE_ID_HERE.lastIndex);
    const c = rest.charCodeAt(0);
    if (c === 99 /* c */ && rest.startsWith('client=')) {
      const login = saslLoginOf(rest);
      if (!login) return;
      const time = lineTime(line, this.year);
      const a = this.acc(login.account);
      a.logins.push({ time, ok: true, protocol: 'smtp', ip: login.ip, ref: { file, line: n } });
      const m: Message = { time, via: 'smtpAuth', recipients: new Map(), ref: { file, line: n } };
      a.messages.push(m);
      this.open.set(qid, m);
    } else if (c === 109 /* m */ && rest.startsWith('message-id=')) {
      const id = MID.exec(rest)?.[1];
      const m = id ? this.webmail.get(id) : undefined;
      if (m && !this.open.has(qid)) this.open.set(qid, m);
    } else if (c === 116 /* t */ && rest.startsWith('to=<')) {
      const m = this.open.get(qid);
      if (!m) return;
      const d = TO.exec(rest);
      if (!d) return;
      const to = d[1].toLowerCase();
      const prev = m.recipients.get(to);
      // The final status: a later delivery replaces a deferral.
      if (prev === undefined || prev === 'deferred') m.recipients.set(to, d[2]);
    } else if (c === 114 /* r */ && rest === 'removed') this.open.delete(qid);
  }

  /**
   * Failed SASL logins (smtpAuth.ts: one failure logged by saslauthd and by Postfix counts once) as
   * logins of their accounts, and per client address.
   */
  private saslLogins(): Record<string, SaslAddress> {
    if (this.sasl) return this.sasl;
    const byIp: Record<string, SaslAddress> = {};
    for (const f of this.saslFailures.merged()) {
      if (f.account) this.acc(f.account).logins.push({ time: f.time, ok: false, protocol: 'smtp', ip: f.ip, ref: f.ref });
      if (f.by !== 'postfix') continue;
      const x = (byIp[f.ip!] ??= { failed: 0, accounts: [], first: show(f.time), last: show(f.time), lines: [] });
      x.failed++;
      x.last = show(f.time);
      if (f.account && !x.accounts.includes(f.account)) x.accounts.push(f.account);
      x.lines.push(f.ref);
    }
    return (this.sasl = Object.fromEntries(Object.entries(byIp).sort((x, y) => y[1].failed - x[1].failed)));
  }

  report(t: ReportThresholds = defaultReportThresholds): AccountReportResult {
    const out: AccountEntry[] = [];
    const saslFailures = this.saslLogins();
    for (const [account, a] of this.accounts) {
      // audit.log is the record of logins; mailbox.log failures count only without it, and
      // sync.log's ActiveSync sessions only when audit.log has no ActiveSync login.
      const own = this.auditActiveSync ? a.logins.filter((l) => !l.sync) : a.logins;
      const logins = this.sawAudit ? [...own] : [...own, ...a.mailboxFailures];
      logins.sort((x, y) => x.time - y.time);
      const lf: LoginFigures = { ok: 0, failed: 0, byProtocol: {}, addresses: {}, clients: {} };
      for (const l of logins) {
        if (l.ok) lf.ok++;
        else lf.failed++;
        const p = (lf.byProtocol[l.protocol] ??= { ok: 0, failed: 0 });
        if (l.ok) p.ok++;
        else p.failed++;
        if (l.ip) {
          const x = (lf.addresses[l.ip] ??= { ok: 0, failed: 0, first: show(l.time), last: '' });
          x.last = show(l.time);
          if (l.ok) x.ok++;
          else x.failed++;
        }
        if (l.ua) lf.clients[l.ua] = (lf.clients[l.ua] ?? 0) + 1;
      }
      if (logins.length) {
        lf.first = show(logins[0].time);
        lf.last = show(logins[logins.length - 1].time);
      }
      const msgs = [...a.messages].sort((x, y) => x.time - y.time);
      const sf: SentFigures = { messages: msgs.length, recipients: 0, webmail: { messages: 0, recipients: 0 }, smtpAuth: { messages: 0, recipients: 0 }, perHour: {}, freemailShare: 0, bounceShare: 0, deferredShare: 0 };
      let free = 0;
      let bounced = 0;
      let deferred = 0;
      for (const m of msgs) {
        const r = m.recipients.size;
        sf.recipients += r;
        sf[m.via].messages++;
        sf[m.via].recipients += r;
        const hr = (sf.perHour[hourOf(m.time)] ??= { messages: 0, recipients: 0 });
        hr.messages++;
        hr.recipients += r;
        for (const [to, status] of m.recipients) {
          if (isFreemail(to)) free++;
          if (status === 'bounced' || status === 'expired') bounced++;
          else if (status === 'deferred') deferred++;
        }
      }
      const share = (x: number) => (sf.recipients ? Math.round((x / sf.recipients) * 1000) / 1000 : 0);
      sf.freemailShare = share(free);
      sf.bounceShare = share(bounced);
      sf.deferredShare = share(deferred);
      const { reasons, refs } = verdict(logins, msgs, sf, t);
      out.push({ account, flagged: reasons.length > 0, reasons, logins: lf, sent: sf, lines: { logins: logins.map((l) => l.ref), sent: msgs.map((m) => m.ref), reasons: refs } });
    }
    out.sort((x, y) => Number(y.flagged) - Number(x.flagged) || y.sent.recipients - x.sent.recipients || (x.account < y.account ? -1 : 1));
    const notices: string[] = [];
    if (this.log4jLines && !this.sawOip && this.ips.size === 1) {
      notices.push(`No line carries oip= and every client address is ${[...this.ips][0]}: the mailbox server records the proxy's address, not the clients'. Trust the proxy (zimbraMailTrustedIP) so that the real client addresses are logged.`);
    }
    return { accounts: out, saslFailures, notices };
  }
}

/** The reasons an account is flagged, each with the lines behind it. */
function verdict(logins: Login[], msgs: Message[], sf: SentFigures, t: ReportThresholds): { reasons: string[]; refs: LineRef[][] } {
  const reasons: string[] = [];
  const refs: LineRef[][] = [];
  const HOUR = 3_600_000;
  const ok = logins.filter((l) => l.ok && l.ip);
  // Many distinct client addresses within an hour.
  for (let i = 0, j = 0; j < ok.length; j++) {
    while (ok[j].time - ok[i].time > HOUR) i++;
    const window = ok.slice(i, j + 1);
    const ips = new Set(window.map((l) => l.ip));
    if (ips.size > t.maxAddressesPerHour) {
      reasons.push(`${ips.size} client addresses within an hour from ${show(window[0].time)} (more than ${t.maxAddressesPerHour})`);
      refs.push(window.map((l) => l.ref));
      break;
    }
  }
  // The account's usual hour (median recipients of the hours it sent mail in).
  const perHour = Object.values(sf.perHour).map((v) => v.recipients).sort((x, y) => x - y);
  const usualHour = perHour.length ? perHour[Math.floor((perHour.length - 1) / 2)] : 0;
  // Logins from addresses never seen before, then a burst of outgoing mail within the hour (a
  // burst also for this account: at least three times its usual hour).
  const burst = Math.max(t.burstRecipients, 3 * usualHour);
  const seen = new Set<string>();
  const firstLogin = ok[0]?.time ?? 0;
  for (const l of ok) {
    const isNew = !seen.has(l.ip!) && l.time > firstLogin;
    seen.add(l.ip!);
    if (!isNew) continue;
    const after = msgs.filter((m) => m.time >= l.time && m.time - l.time <= HOUR);
    const rcpts = after.reduce((n, m) => n + m.recipients.size, 0);
    if (rcpts >= burst) {
      reasons.push(`login from a new address ${l.ip} at ${show(l.time)}, then ${rcpts} recipients in ${after.length} messages within the hour (burst: ${burst})`);
      refs.push([l.ref, ...after.map((m) => m.ref)]);
      break;
    }
  }
  // An hour far above the account's usual.
  const hours = Object.entries(sf.perHour).map(([h, v]) => [h, v.recipients] as const);
  if (hours.length) {
    const sorted = hours.map((x) => x[1]).sort((x, y) => x - y);
    const usual = sorted[Math.floor((sorted.length - 1) / 2)];
    const worst = hours.reduce((m, x) => (x[1] > m[1] ? x : m));
    if (worst[1] >= t.minUnusualRecipients && worst[1] > Math.max(1, usual) * t.usualFactor) {
      reasons.push(`${worst[1]} recipients in the hour ${worst[0]}:00, the account's usual hour has ${usual} (more than ${t.usualFactor} times)`);
      refs.push(msgs.filter((m) => hourOf(m.time) === worst[0]).map((m) => m.ref));
    }
  }
  // A high share of bounces and deferrals.
  const badShare = sf.bounceShare + sf.deferredShare;
  if (sf.recipients >= t.minRecipientsForShare && badShare > t.maxBounceShare) {
    reasons.push(`${Math.round(badShare * 100)} % of ${sf.recipients} recipients bounced or deferred (more than ${Math.round(t.maxBounceShare * 100)} %)${sf.freemailShare >= 0.5 ? `; ${Math.round(sf.freemailShare * 100)} % at free-mail domains` : ''}`);
    refs.push(msgs.filter((m) => [...m.recipients.values()].some((s) => s !== 'sent')).map((m) => m.ref));
  }
  return { reasons, refs };
}

export { mailboxChange } from './mailboxChanges';
export type { ChangeKind, MailboxChange } from './mailboxChanges';
