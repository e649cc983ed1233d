// The account report's verdict (issue 9): the reasons to flag one account, each with the lines
// behind it and their time span, read from columns of numbers (its successful logins with a client
// address, and the messages it sent, each in time order). The full report fills them from its
// Login and SentMessage objects (accountFigures.ts); the timeline, which wants only the flagged
// accounts, straight from the report's rows (accountRows.ts), without an object per event.
import { l10n } from '../l10n';
import type { LineRef } from './smtpAuth';
import type { ReportThresholds } from './accountFigures';

export interface Span {
  first: number;
  last: number;
}

/** Events in time order (equal times in the order they were read): time (milliseconds), file, line and one more number. */
export class Columns {
  time = new Float64Array(0);
  file = new Int32Array(0);
  line = new Int32Array(0);
  /** A login's client address (an id of `names`); a message's recipients. */
  key = new Int32Array(0);
  /** A message's recipients whose status is not `sent`. */
  notSent = new Int32Array(0);
  count = 0;
  constructor(
    count = 0,
    public names: readonly string[] = [],
  ) {
    this.reset(count, names);
  }

  /** Room for `count` events (the arrays are made anew only when they are too small: one Columns serves account after account). */
  reset(count: number, names = this.names): this {
    this.count = count;
    this.names = names;
    if (this.time.length < count) {
      const room = Math.max(count, 2 * this.time.length);
      this.time = new Float64Array(room);
      this.file = new Int32Array(room);
      this.line = new Int32Array(room);
      this.key = new Int32Array(room);
      this.notSent = new Int32Array(room);
    }
    return this;
  }

  ref(i: number): LineRef {
    return { file: this.file[i], line: this.line[i] };
  }

  /** The lines of events [from, to). */
  refs(from: number, to: number): LineRef[] {
    const out: LineRef[] = [];
    for (let i = from; i < to; i++) out.push(this.ref(i));
    return out;
  }

  /** The span of events [from, to) (NaN when there are none). */
  span(from: number, to: number): Span {
    return to > from ? { first: this.time[from], last: this.time[to - 1] } : { first: NaN, last: NaN };
  }

  /** These events in time order, equal times in the order they are here (as a stable sort by time puts them): this, or a sorted copy. */
  sorted(): Columns {
    const n = this.count;
    const time = this.time;
    let i = 1;
    while (i < n && !(time[i] < time[i - 1])) i++;
    if (i >= n) return this;
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => time[a] - time[b] || a - b);
    const c = new Columns(n, this.names);
    order.forEach((from, to) => {
      c.time[to] = time[from];
      c.file[to] = this.file[from];
      c.line[to] = this.line[from];
      c.key[to] = this.key[from];
      c.notSent[to] = this.notSent[from];
    });
    return c;
  }
}

/** The recipients and the shares of an account's mail, as its figures have them. */
export interface Shares {
  recipients: number;
  freemailShare: number;
  bounceShare: number;
  deferredShare: number;
}

/** The shares of `recipients` at free-mail domains, bounced and deferred, rounded to a thousandth. */
export function sharesOf(recipients: number, free: number, bounced: number, deferred: number): Shares {
  const share = (x: number) => (recipients ? Math.round((x / recipients) * 1000) / 1000 : 0);
  return { recipients, freemailShare: share(free), bounceShare: share(bounced), deferredShare: share(deferred) };
}

const HOUR = 3_600_000;
export const show = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
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

/** The index of the first message (in time order) at or after `t`. */
function firstFrom(time: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The median of `xs` (sorted here), the lower of two; 0 for none. */
function median(xs: number[]): number {
  xs.sort((x, y) => x - y);
  return xs.length ? xs[Math.floor((xs.length - 1) / 2)] : 0;
}

/** The hours the messages were sent in (in time order): where each starts in `msgs`, and its recipients. */
function hoursOf(msgs: Columns): { starts: number[]; recipients: number[] } {
  const starts: number[] = [];
  const recipients: number[] = [];
  let hour = NaN;
  for (let i = 0; i < msgs.count; i++) {
    const h = Math.floor(msgs.time[i] / HOUR);
    if (h !== hour) {
      starts.push(i);
      recipients.push(0);
      hour = h;
    }
    recipients[recipients.length - 1] += msgs.key[i];
  }
  starts.push(msgs.count);
  return { starts, recipients };
}

/** The reasons an account is flagged, each with the lines behind it and their time span. */
export function verdict(ok: Columns, msgs: Columns, sf: Shares, t: ReportThresholds): { reasons: string[]; refs: LineRef[][]; spans: Span[] } {
  const reasons: string[] = [];
  const refs: LineRef[][] = [];
  const spans: Span[] = [];
  // Many distinct client addresses within an hour: the logins of the window ok[i..j] counted per
  // address as it slides (linear in the logins).
  const inWindow = new Map<number, number>();
  for (let i = 0, j = 0; j < ok.count; j++) {
    inWindow.set(ok.key[j], (inWindow.get(ok.key[j]) ?? 0) + 1);
    while (ok.time[j] - ok.time[i] > HOUR) {
      const n = inWindow.get(ok.key[i])! - 1;
      if (n) inWindow.set(ok.key[i], n);
      else inWindow.delete(ok.key[i]);
      i++;
    }
    if (inWindow.size > t.maxAddressesPerHour) {
      reasons.push(l10n.t('{0} client addresses within an hour from {1} (more than {2})', inWindow.size, show(ok.time[i]), t.maxAddressesPerHour));
      refs.push(ok.refs(i, j + 1));
      spans.push(ok.span(i, j + 1));
      break;
    }
  }
  const hours = hoursOf(msgs);
  // Logins from addresses never seen before, then a burst of outgoing mail within the hour (a
  // burst also for this account: at least three times its usual hour, the median of the hours it sent mail in).
  const usual = median([...hours.recipients]);
  const burst = Math.max(t.burstRecipients, 3 * usual);
  const seen = new Set<number>();
  const firstLogin = ok.count ? ok.time[0] : 0;
  // The recipients of msgs[a, b) are sums[b] - sums[a]. With every time a number, the end of a
  // login's hour only moves on as the logins do (both in time order): found from the last one's.
  const n = msgs.count;
  const sums = new Float64Array(n + 1);
  let timed = true;
  for (let i = 0; i < n; i++) {
    sums[i + 1] = sums[i] + msgs.key[i];
    if (Number.isNaN(msgs.time[i])) timed = false;
  }
  for (let i = 0; i < ok.count && timed; i++) if (Number.isNaN(ok.time[i])) timed = false;
  let end = 0;
  for (let k = 0; k < ok.count; k++) {
    const ip = ok.key[k];
    const time = ok.time[k];
    const isNew = !seen.has(ip) && time > firstLogin;
    seen.add(ip);
    if (!isNew) continue;
    const start = firstFrom(msgs.time, n, time);
    let stop = timed ? Math.max(end, start) : start;
    while (stop < n && msgs.time[stop] - time <= HOUR) stop++;
    if (timed) end = stop;
    const rcpts = sums[stop] - sums[start];
    if (rcpts >= burst) {
      reasons.push(l10n.t('login from a new address {0} at {1}, then {2} recipients in {3} messages within the hour (burst: {4})', ok.names[ip], show(time), rcpts, stop - start, burst));
      refs.push([ok.ref(k), ...msgs.refs(start, stop)]);
      spans.push({ first: time, last: stop > start ? msgs.time[stop - 1] : time });
      break;
    }
  }
  // An hour far above the account's usual: the first of the busiest.
  if (hours.recipients.length) {
    let worst = 0;
    for (let h = 1; h < hours.recipients.length; h++) if (hours.recipients[h] > hours.recipients[worst]) worst = h;
    const most = hours.recipients[worst];
    if (most >= t.minUnusualRecipients && most > Math.max(1, usual) * t.usualFactor) {
      const [from, to] = [hours.starts[worst], hours.starts[worst + 1]];
      reasons.push(l10n.t("{0} recipients in the hour {1}:00, the account's usual hour has {2} (more than {3} times)", most, hourOf(msgs.time[from]), usual, t.usualFactor));
      refs.push(msgs.refs(from, to));
      spans.push(msgs.span(from, to));
    }
  }
  // A high share of bounces and deferrals.
  const badShare = sf.bounceShare + sf.deferredShare;
  if (sf.recipients >= t.minRecipientsForShare && badShare > t.maxBounceShare) {
    const share = l10n.t('{0} % of {1} recipients bounced or deferred (more than {2} %)', Math.round(badShare * 100), sf.recipients, Math.round(t.maxBounceShare * 100));
    reasons.push(sf.freemailShare >= 0.5 ? `${share}; ${l10n.t('{0} % at free-mail domains', Math.round(sf.freemailShare * 100))}` : share);
    const failed: number[] = [];
    for (let i = 0; i < n; i++) if (msgs.notSent[i] > 0) failed.push(i);
    refs.push(failed.map((i) => msgs.ref(i)));
    spans.push(failed.length ? { first: msgs.time[failed[0]], last: msgs.time[failed[failed.length - 1]] } : { first: NaN, last: NaN });
  }
  return { reasons, refs, spans };
}
