// The account report's figures and verdict for one account (issue 9), from its logins and the
// messages it sent, each with its time and the line behind it: logins per protocol, address and
// client, mail per hour, the shares of free-mail recipients, bounces and deferrals, and the
// reasons to flag it against the thresholds (accountVerdict.ts). Pure.
import type { LineRef } from './smtpAuth';
import { Columns, hourOf, sharesOf, show, Span, verdict } from './accountVerdict';

export { hourOf, show } from './accountVerdict';

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

const byTime = (x: { time: number }, y: { time: number }) => x.time - y.time;

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
  Object.assign(sf, sharesOf(sf.recipients, free, bounced, deferred));
  const { reasons, refs, spans } = verdict(okColumns(logins), messageColumns(msgs), sf, t);
  return { account, flagged: reasons.length > 0, reasons, logins: lf, sent: sf, lines: { logins: logins.map((l) => l.ref), sent: msgs.map((m) => m.ref), reasons: refs }, spans };
}

/** The successful logins with a client address (of `logins`, in time order) as the verdict's columns. */
function okColumns(logins: readonly Login[]): Columns {
  const ok = logins.filter((l) => l.ok && l.ip);
  const ids = new Map<string, number>();
  const names: string[] = [];
  const c = new Columns(ok.length, names);
  ok.forEach((l, i) => {
    let id = ids.get(l.ip!);
    if (id === undefined) ids.set(l.ip!, (id = names.push(l.ip!) - 1));
    c.time[i] = l.time;
    c.key[i] = id;
    c.file[i] = l.ref.file;
    c.line[i] = l.ref.line;
  });
  return c;
}

/** Messages (in time order) as the verdict's columns. */
function messageColumns(msgs: readonly SentMessage[]): Columns {
  const c = new Columns(msgs.length);
  msgs.forEach((m, i) => {
    c.time[i] = m.time;
    c.key[i] = m.recipients;
    c.notSent[i] = m.notSent;
    c.file[i] = m.ref.file;
    c.line[i] = m.ref.line;
  });
  return c;
}
