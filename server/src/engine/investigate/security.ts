// The security view of audit.log (and of mailbox.log's `authentication failed` lines) and of the
// MTA's SMTP AUTH logins (smtpAuth.ts: Postfix and saslauthd, as protocol `smtp`): logins per
// account and per client address with their protocol, and bursts of failures: N failures within
// M minutes from one address or against one account, as Fail2Ban counts them (maxretry within
// findtime). Pure and streaming: lines or text in, figures out; BSD syslog times get their year
// from the one year model (engine/time/, through eventClock.ts: one timeline per log).
import { threadMarkers } from '../formats/lineMarkers';
import { l10n } from '../l10n';
import { parseContext } from '../formats/mailbox';
import { fresh } from '../formats/format';
import { postfixQueueIdAt } from '../formats/postfix';
import { auditAuth, authFailed } from '../formats/mailboxMessages';
import { loginMarkers as L } from '../formats/markers';
import { syslogHeader, SyslogHeader } from '../index/syslogHeader';
import { describeLine } from '../lineInfo';
import { lineTime } from '../time/lineTime';
import { EventClock } from './eventClock';
import { SaslFailures, saslFailureOf, saslLoginOf } from './smtpAuth';
import { Interner, Needles, own, TextFeed } from './textFeed';
import { threadProtocol } from './threads';

export interface LoginAttempt {
  /** Index of the file (0 for a single log). */
  file: number;
  line: number;
  time: number;
  /** Empty when the line names none (a failed SMTP AUTH logged by Postfix 2.x alone). */
  account: string;
  /** `oip=` (the client behind the proxy), else `ip=`; SMTP AUTH: the client's address. */
  ip?: string;
  protocol?: string;
  ok: boolean;
  /** `invalid password`, `account not found`, ... */
  reason?: string;
  ua?: string;
}

export interface BurstSettings {
  /** Failures that make a burst (Fail2Ban's maxretry is 5). */
  burstCount: number;
  /** Within this many minutes (Fail2Ban's findtime is 10 minutes). */
  burstMinutes: number;
}

export const defaultBurstSettings: BurstSettings = { burstCount: 5, burstMinutes: 10 };

export interface Burst {
  by: 'ip' | 'account';
  key: string;
  /** The failures of the burst, in time order (the first is where it is shown). */
  failures: LoginAttempt[];
  accounts: string[];
  ips: string[];
  protocols: string[];
}

export interface Tally {
  key: string;
  failed: number;
  ok: number;
  protocols: Record<string, number>;
  /** Distinct accounts (for an address) or addresses (for an account), with failures. */
  others: Record<string, number>;
  first: LoginAttempt;
  last: LoginAttempt;
}

const AUDIT = auditAuth.regex;
const FIELD = (s: string, key: string) => {
  const at = s.indexOf(` ${key}=`);
  if (at < 0) return undefined;
  const end = s.indexOf(';', at);
  return s.slice(at + key.length + 2, end < 0 ? s.length : end);
};
const AUTH_FAILED = authFailed.regex;

/** A login attempt of one line: audit.log `cmd=Auth`, or mailbox.log `authentication failed for [x]`. */
export function parseLogin(line: string, n: number, file = 0): LoginAttempt | undefined {
  if (line.length < 40 || line.charCodeAt(4) !== 45 || line.charCodeAt(19) !== 44) return undefined;
  const audit = line.includes(L.audit.text, 30) ? AUDIT.exec(line) : null;
  const failed = audit ? null : line.indexOf(L.authFailedFor.text, 30) >= 0 ? AUTH_FAILED.exec(line) : null;
  if (!audit && !failed) return undefined;
  // cmd=AdminAuth is logged next to cmd=Auth for the same admin login: count one.
  if (audit && audit[1] === 'AdminAuth') return undefined;
  const info = describeLine(line);
  if (!info.context || info.message === undefined) return undefined;
  const ctx = parseContext(line.slice(info.context.start, info.context.end));
  const thread = info.thread ? line.slice(info.thread.start, info.thread.end) : '';
  const message = line.slice(info.message);
  const ip = ctx.oip?.split(',')[0].trim() || ctx.ip || undefined;
  const base = { file, line: n, time: lineTime(line, 1970), ip, ua: ctx.ua || undefined };
  if (audit) {
    const account = FIELD(message, 'account') ?? '';
    const error = FIELD(message, 'error');
    const reason = error === undefined ? undefined : failureReason(error);
    const protocol = FIELD(message, 'protocol');
    // zsync is Zimbra's name for ActiveSync (AuthContext.Protocol).
    return { ...base, account: account.toLowerCase(), protocol: protocol === 'zsync' ? 'activesync' : (protocol ?? threadProtocol(thread)), ok: error === undefined, reason };
  }
  const activeSync = ctx.DeviceID !== undefined || thread.includes(threadMarkers.activeSync.text);
  return { ...base, account: failed![1].toLowerCase(), protocol: ctx.oproto ?? (activeSync ? 'activesync' : threadProtocol(thread)), ok: false, reason: failed![2] || undefined };
}

const bump = (r: Record<string, number>, k: string | undefined) => {
  if (k) r[k] = (r[k] ?? 0) + 1;
};

const QUEUE_ID_HERE = fresh(postfixQueueIdAt);
const byTime = (x: LoginAttempt, y: LoginAttempt) => x.time - y.time || x.file - y.file || x.line - y.line;

/**
 * The login attempts of any number of logs, fed line by line (`push`) or as text (`beginTimeline`,
 * `beginFile`, `append`): what is kept is one small object per attempt, with strings of its own
 * and a time stamp whose year is settled when the attempts are asked for (eventClock.ts).
 */
export class SecurityScan extends TextFeed {
  /** audit.log and mailbox.log logins, and successful SMTP AUTH logins; `stamps` are their times. */
  private readonly logins: LoginAttempt[] = [];
  private readonly stamps: number[] = [];
  private readonly sasl = new SaslFailures();
  /** The year model: every line is shown to it (by `push`, `append`, or the byte prefilter before `hit`). */
  readonly clock = new EventClock();
  private readonly strings = new Interner();
  private readonly h: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };
  // In the lines that matter (` security - cmd=`, `authentication failed`, saslauthd's `auth failed`,
  // `sasl_username=`), parts with a rare first character (V8 finds those fastest).
  private readonly needles = new Needles(['cmd=', 'failed', '_username=']);
  /**
   * What every line `read` can take holds (the byte prefilter's needles, longer than the ones
   * above so that a block is searched faster): audit.log's and mailbox.log's logins, Postfix's and
   * saslauthd's failed SMTP AUTH, and successful SMTP AUTH logins.
   */
  static readonly lineMarkers: readonly string[] = [' security - cmd=', 'authentication failed', ' auth failed: ', 'sasl_username='];
  private all?: LoginAttempt[];

  static of(lines: Iterable<string>, year?: number): SecurityScan {
    const s = new SecurityScan();
    if (year !== undefined) s.setYear(year);
    let n = 0;
    for (const l of lines) s.push(l, n++);
    return s;
  }

  /** The lines that follow are a new timeline (a log and its rotations, in order): `reference` as in EventClock. */
  beginTimeline(reference: number | Date): void {
    this.clock.beginTimeline(reference);
  }

  /** The year of the BSD syslog lines that follow (a timeline whose last line is in that year). */
  setYear(year: number): void {
    this.beginTimeline(year);
  }

  push(line: string, n: number, file = 0): void {
    this.clock.next(line, 0);
    this.read(line, n, file);
  }

  protected chunk(text: string): void {
    this.needles.reset(text);
  }

  protected line(text: string, s: number, e: number, n: number): void {
    this.clock.next(text, s);
    const k = this.needles;
    if (k.find(0, s, e) >= 0 || k.find(1, s, e) >= 0 || k.find(2, s, e) >= 0) this.read(text.slice(s, e), n, this.file);
  }

  /** Line `n` of the current file that holds one of `SecurityScan.lineMarkers` (the byte prefilter's; the clock has seen it). */
  hit(line: string, n: number): void {
    this.read(line, n, this.file);
  }

  private read(line: string, n: number, file: number): void {
    const parsed = parseLogin(line, n, file);
    const a = parsed ? this.interned(parsed) : this.smtpAuth(line, n, file);
    if (!a) return;
    this.logins.push(a);
    this.stamps.push(this.clock.stamp(line));
    this.all = undefined;
  }

  private interned(a: LoginAttempt): LoginAttempt {
    const s = this.strings;
    return { ...a, account: s.get(a.account), ip: s.get(a.ip), protocol: s.get(a.protocol), reason: a.reason === undefined ? undefined : own(a.reason), ua: s.get(a.ua) };
  }

  /** A successful SMTP AUTH login; a failed one is kept until every line is read (saslauthd and Postfix log it twice). */
  private smtpAuth(line: string, n: number, file: number): LoginAttempt | undefined {
    const h = syslogHeader(line, this.h);
    if (!h) return undefined;
    const failed = saslFailureOf(line, h);
    if (failed) {
      this.sasl.add(failed, this.clock.stamp(line), { file, line: n });
      this.all = undefined;
      return undefined;
    }
    if (!line.startsWith(L.postfix.text, h.programStart) || !line.includes(L.saslUsername.text, h.message)) return undefined;
    QUEUE_ID_HERE.lastIndex = h.message;
    const ok = QUEUE_ID_HERE.test(line) ? saslLoginOf(line.slice(QUEUE_ID_HERE.lastIndex)) : undefined;
    return ok && { file, line: n, time: NaN, account: this.strings.get(ok.account), ip: this.strings.get(ok.ip), protocol: 'smtp', ok: true };
  }

  /** Every login attempt, in time order; a failed SMTP AUTH logged by saslauthd and by Postfix is one. */
  get attempts(): LoginAttempt[] {
    if (!this.all) {
      this.clock.finish();
      this.logins.forEach((a, i) => (a.time = this.clock.time(this.stamps[i])));
      const sasl = this.sasl.timed((stamp) => this.clock.time(stamp)).merged().map((f): LoginAttempt => ({ file: f.ref.file, line: f.ref.line, time: f.time, account: f.account ?? '', ip: f.ip, protocol: 'smtp', ok: false, reason: f.reason }));
      this.all = [...this.logins, ...sasl].sort(byTime);
    }
    return this.all;
  }

  get failures(): LoginAttempt[] {
    return this.attempts.filter((a) => !a.ok);
  }

  /** Per account (by: 'account') or per client address (by: 'ip'), most failures first. */
  tally(by: 'account' | 'ip'): Tally[] {
    const map = new Map<string, Tally>();
    for (const a of this.attempts) {
      const key = by === 'account' ? a.account : a.ip;
      if (!key) continue;
      let t = map.get(key);
      if (!t) map.set(key, (t = { key, failed: 0, ok: 0, protocols: {}, others: {}, first: a, last: a }));
      if (a.ok) t.ok++;
      else {
        t.failed++;
        bump(t.others, by === 'account' ? a.ip : a.account);
      }
      bump(t.protocols, a.protocol);
      if (a.time < t.first.time) t.first = a;
      if (a.time >= t.last.time) t.last = a;
    }
    return [...map.values()].sort((a, b) => b.failed - a.failed || b.ok - a.ok || (a.key < b.key ? -1 : 1));
  }

  /** Bursts of failures from one address and against one account, in time order of their first failure. */
  bursts(settings: BurstSettings = defaultBurstSettings): Burst[] {
    return burstsOf(this.attempts, settings);
  }
}

/** Bursts of failures (attempts in time order) from one address and against one account, in time order of their first failure. */
export function burstsOf(attempts: readonly LoginAttempt[], settings: BurstSettings = defaultBurstSettings): Burst[] {
  const count = Math.max(1, Math.floor(settings.burstCount));
  const window = Math.max(0, settings.burstMinutes) * 60_000;
  const out: Burst[] = [];
  for (const by of ['ip', 'account'] as const) {
    const groups = new Map<string, LoginAttempt[]>();
    for (const a of attempts) {
      if (a.ok) continue;
      const key = by === 'ip' ? a.ip : a.account;
      if (!key) continue;
      const g = groups.get(key);
      if (g) g.push(a);
      else groups.set(key, [a]);
    }
    for (const [key, list] of groups) {
      list.sort((a, b) => a.time - b.time || a.file - b.file || a.line - b.line);
      let i = 0;
      while (i + count <= list.length) {
        if (list[i + count - 1].time - list[i].time > window) {
          i++;
          continue;
        }
        // Extend while every `count` consecutive failures still fit in the window.
        let j = i + count - 1;
        while (j + 1 < list.length && list[j + 1].time - list[j + 2 - count].time <= window) j++;
        const failures = list.slice(i, j + 1);
        const uniq = (f: (a: LoginAttempt) => string | undefined) => [...new Set(failures.map(f).filter((x): x is string => !!x))];
        out.push({ by, key, failures, accounts: uniq((a) => a.account), ips: uniq((a) => a.ip), protocols: uniq((a) => a.protocol) });
        i = j + 1;
      }
    }
  }
  return out.sort((a, b) => a.failures[0].time - b.failures[0].time || a.failures[0].line - b.failures[0].line || (a.by === 'ip' ? -1 : 1));
}

/** One line describing a burst (the diagnostic's message). */
export function burstMessage(b: Burst, settings: BurstSettings): string {
  const f = b.failures;
  const minutes = Math.max(0, Math.round((f[f.length - 1].time - f[0].time) / 6000) / 10);
  const who =
    b.by === 'ip'
      ? b.accounts.length
        ? l10n.t('from {0} against {1}', b.key, list(b.accounts))
        : l10n.t('from {0}', b.key)
      : l10n.t('against {0} from {1}', b.key, list(b.ips.length ? b.ips : [l10n.t('an unknown address')]));
  const failed = l10n.plural(f.length, l10n.t('{0} failed login|{0} failed logins', l10n.n(f.length)));
  return l10n.t('{0} in {1} min {2}{3}: at least {4} within {5} min', failed, l10n.n(minutes), who, b.protocols.length ? ` (${b.protocols.join(', ')})` : '', settings.burstCount, settings.burstMinutes);
}

function list(xs: string[], max = 3): string {
  return xs.length <= max ? xs.join(', ') : l10n.t('{0} and {1} more', xs.slice(0, max).join(', '), xs.length - max);
}

/**
 * The reason in an audit.log `error=`: after `], ` (`authentication failed for [x], reason`), else
 * inside the parentheses that end it, else the whole text. Read by hand, in linear time: the
 * regular expression it replaces went back over a run of `(` from each of them.
 */
export function failureReason(error: string): string {
  const i = error.indexOf('], ');
  const j = error.endsWith(')') ? error.indexOf('(') : -1;
  // The one that starts first, as the regular expression `\], (.*)$|\((.*)\)$` would take.
  if (j >= 0 && j < error.length - 1 && (i < 0 || j < i)) return error.slice(j + 1, -1);
  if (i >= 0) return error.slice(i + 3);
  return error;
}
