// The account report's figures and verdict for one account (issue 9), from its logins and the
// messages it sent, each with its time and the line behind it: logins per protocol, address and
// client, mail per hour, the shares of free-mail recipients, bounces and deferrals, and the
// reasons to flag it against the thresholds. Pure.
import { l10n } from '../l10n';
import type { LineRef } from './smtpAuth';

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
  /** Per reason: the times (milliseconds, as lineTime's) of the first and last of its lines. */
  spans: Span[];
}

export interface Span {
  first: number;
  last: number;
}

/** One login of an account, as the report reads it. */
export interface Login {
  time: number;
  ok: boolean;
  protocol: string;
  ip?: string;
  ua?: string;
  ref: LineRef;
}

/** One message an account sent, with its recipients' final statuses counted. */
export interface SentMessage {
  time: number;
  via: 'webmail' | 'smtpAuth';
  ref: LineRef;
  recipients: number;
  freemail: number;
  /** Bounced or expired. */
  bounced: number;
  deferred: number;
  /** Recipients whose status is not `sent`. */
  notSent: number;
}

const HOUR = 3_600_000;
export const show = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
const byTime = (x: { time: number }, y: { time: number }) => x.time - y.time;
const hours = new Map<number, string>();
/** `YYYY-MM-DD HH` of a time (each hour formatted once). */
export function hourOf(t: number): string {
  const h = Math.floor(t / HOUR);
  let s = hours.get(h);
  if (s === undefined) {
    s = new Date(t).toISOString().slice(0, 13).replace('T', ' ');
    if (hours.size > 100_000) hours.clear();
    hours.set(h, s);
  }
  return s;
}

/** The index of the first of `msgs` (in time order) at or after `t`. */
function firstFrom(msgs: readonly SentMessage[], t: number): number {
  let lo = 0;
  let hi = msgs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (msgs[mid].time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The entry of one account: `logins` and `msgs` in the order they were read (sorted here by time, stably). */
export function accountEntry(account: string, logins: Login[], msgs: SentMessage[], t: ReportThresholds): AccountEntry {
  logins.sort(byTime);
  msgs.sort(byTime);
  const lf: LoginFigures = { ok: 0, failed: 0, byProtocol: {}, addresses: {}, clients: {} };
  const lastSeen = new Map<string, number>();
  for (const l of logins) {
    if (l.ok) lf.ok++;
    else lf.failed++;
    const p = (lf.byProtocol[l.protocol] ??= { ok: 0, failed: 0 });
    if (l.ok) p.ok++;
    else p.failed++;
    if (l.ip) {
      const x = (lf.addresses[l.ip] ??= { ok: 0, failed: 0, first: show(l.time), last: '' });
      lastSeen.set(l.ip, l.time);
      if (l.ok) x.ok++;
      else x.failed++;
    }
    if (l.ua) lf.clients[l.ua] = (lf.clients[l.ua] ?? 0) + 1;
  }
  for (const [ip, t] of lastSeen) lf.addresses[ip].last = show(t);
  if (logins.length) {
    lf.first = show(logins[0].time);
    lf.last = show(logins[logins.length - 1].time);
  }
  const sf: SentFigures = { messages: msgs.length, recipients: 0, webmail: { messages: 0, recipients: 0 }, smtpAuth: { messages: 0, recipients: 0 }, perHour: {}, freemailShare: 0, bounceShare: 0, deferredShare: 0 };
  let free = 0;
  let bounced = 0;
  let deferred = 0;
  for (const m of msgs) {
    const r = m.recipients;
    sf.recipients += r;
    sf[m.via].messages++;
    sf[m.via].recipients += r;
    const hr = (sf.perHour[hourOf(m.time)] ??= { messages: 0, recipients: 0 });
    hr.messages++;
    hr.recipients += r;
    free += m.freemail;
    bounced += m.bounced;
    deferred += m.deferred;
  }
  const share = (x: number) => (sf.recipients ? Math.round((x / sf.recipients) * 1000) / 1000 : 0);
  sf.freemailShare = share(free);
  sf.bounceShare = share(bounced);
  sf.deferredShare = share(deferred);
  const { reasons, refs, spans } = verdict(logins, msgs, sf, t);
  return { account, flagged: reasons.length > 0, reasons, logins: lf, sent: sf, lines: { logins: logins.map((l) => l.ref), sent: msgs.map((m) => m.ref), reasons: refs }, spans };
}

/** The time span of events (in time order). */
const spanOf = (xs: readonly { time: number }[]): Span => ({ first: xs[0]?.time ?? NaN, last: xs[xs.length - 1]?.time ?? NaN });

/** The reasons an account is flagged, each with the lines behind it and their time span. */
function verdict(logins: Login[], msgs: SentMessage[], sf: SentFigures, t: ReportThresholds): { reasons: string[]; refs: LineRef[][]; spans: Span[] } {
  const reasons: string[] = [];
  const refs: LineRef[][] = [];
  const spans: Span[] = [];
  const ok = logins.filter((l) => l.ok && l.ip);
  // Many distinct client addresses within an hour: the logins of the window ok[i..j] counted per
  // address as it slides (linear in the logins).
  const inWindow = new Map<string, number>();
  for (let i = 0, j = 0; j < ok.length; j++) {
    inWindow.set(ok[j].ip!, (inWindow.get(ok[j].ip!) ?? 0) + 1);
    while (ok[j].time - ok[i].time > HOUR) {
      const n = inWindow.get(ok[i].ip!)! - 1;
      if (n) inWindow.set(ok[i].ip!, n);
      else inWindow.delete(ok[i].ip!);
      i++;
    }
    if (inWindow.size > t.maxAddressesPerHour) {
      const window = ok.slice(i, j + 1);
      reasons.push(l10n.t('{0} client addresses within an hour from {1} (more than {2})', inWindow.size, show(window[0].time), t.maxAddressesPerHour));
      refs.push(window.map((l) => l.ref));
      spans.push(spanOf(window));
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
  // The recipients of msgs[a, b) are sums[b] - sums[a]. With every time a number, the end of a
  // login's hour only moves on as the logins do (both in time order): found from the last one's.
  const sums = new Float64Array(msgs.length + 1);
  msgs.forEach((m, i) => (sums[i + 1] = sums[i] + m.recipients));
  const timed = msgs.every((m) => !Number.isNaN(m.time)) && ok.every((l) => !Number.isNaN(l.time));
  let end = 0;
  for (const l of ok) {
    const isNew = !seen.has(l.ip!) && l.time > firstLogin;
    seen.add(l.ip!);
    if (!isNew) continue;
    const start = firstFrom(msgs, l.time);
    let stop = timed ? Math.max(end, start) : start;
    while (stop < msgs.length && msgs[stop].time - l.time <= HOUR) stop++;
    if (timed) end = stop;
    const rcpts = sums[stop] - sums[start];
    if (rcpts >= burst) {
      const after = msgs.slice(start, stop);
      reasons.push(l10n.t('login from a new address {0} at {1}, then {2} recipients in {3} messages within the hour (burst: {4})', l.ip!, show(l.time), rcpts, after.length, burst));
      refs.push([l.ref, ...after.map((m) => m.ref)]);
      spans.push(spanOf([l, ...after]));
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
      reasons.push(l10n.t("{0} recipients in the hour {1}:00, the account's usual hour has {2} (more than {3} times)", worst[1], worst[0], usual, t.usualFactor));
      const hour = msgs.filter((m) => hourOf(m.time) === worst[0]);
      refs.push(hour.map((m) => m.ref));
      spans.push(spanOf(hour));
    }
  }
  // A high share of bounces and deferrals.
  const badShare = sf.bounceShare + sf.deferredShare;
  if (sf.recipients >= t.minRecipientsForShare && badShare > t.maxBounceShare) {
    const share = l10n.t('{0} % of {1} recipients bounced or deferred (more than {2} %)', Math.round(badShare * 100), sf.recipients, Math.round(t.maxBounceShare * 100));
    reasons.push(sf.freemailShare >= 0.5 ? `${share}; ${l10n.t('{0} % at free-mail domains', Math.round(sf.freemailShare * 100))}` : share);
    const failed = msgs.filter((m) => m.notSent > 0);
    refs.push(failed.map((m) => m.ref));
    spans.push(spanOf(failed));
  }
  return { reasons, refs, spans };
}
