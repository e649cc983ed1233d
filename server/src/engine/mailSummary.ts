// What an admin wants first from a day of Zimbra logs, as pflogsumm does for Postfix but across
// Zimbra's logs: messages received, delivered, deferred, bounced, rejected and discarded, per
// hour; top senders, recipients and remote hosts; ERROR/FATAL entries by logger (mailbox.log);
// failed logins (audit.log, saslauthd, Postfix SASL).
//
// Streaming and on bytes: lines are fed one at a time as byte ranges, and the only state kept is
// counters, per-address tallies and the flags of queue IDs still in the queue (dropped on
// `removed`), so memory does not grow with the size of the log.
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
import { Bytes } from './bytes';

export interface Count {
  name: string;
  count: number;
}

export interface HourCounts {
  /** `Oct 13 10:00` (syslog) or `2026-10-13 10:00` (RFC3339 and log4j). */
  hour: string;
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
  discarded: number;
}

export interface SummaryReport {
  lines: number;
  postfix: {
    received: number;
    delivered: number;
    deferred: number;
    bounced: number;
    rejected: number;
    discarded: number;
    expired: number;
    /** Messages received back from the content filter (not counted as received). */
    reinjected: number;
    /** `status=sent` hand-offs to the content filter on a loopback relay (not counted as delivered). */
    filtered: number;
    /** Sum of qmgr `size=` of the messages counted as senders. */
    bytesReceived: number;
    /** Messages with at least one deferral. */
    deferredMessages: number;
    perHour: HourCounts[];
    topSenders: Count[];
    topRecipients: Count[];
    /** Remote clients that sent mail (`client=name[ip]`, loopback excluded). */
    topClients: Count[];
    /** Remote hosts mail was delivered to (`relay=`). */
    topRelays: Count[];
    /** Clients rejected most (`reject: RCPT from name[ip]`). */
    topRejected: Count[];
  };
  mailbox: {
    entries: number;
    errors: number;
    fatals: number;
    /** ERROR and FATAL entries by logger, most first. */
    byLogger: { logger: string; level: 'ERROR' | 'FATAL'; count: number }[];
  };
  logins: {
    failed: number;
    /** Failed logins by where they were seen: `audit`, `saslauthd`, `smtp-sasl`. */
    bySource: Record<string, number>;
    byAccount: Count[];
    byAddress: Count[];
  };
}

// Per-queue-ID flags.
const REINJECTED = 1;
const SENDER_COUNTED = 2;
const DEFERRED = 4;

const H_RECEIVED = 0;
const H_DELIVERED = 1;
const H_DEFERRED = 2;
const H_BOUNCED = 3;
const H_REJECTED = 4;
const H_DISCARDED = 5;

function bump(m: Map<string, number>, k: string, n = 1): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function top(m: Map<string, number>, n: number): Count[] {
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([name, count]) => ({ name, count }));
}

function str(b: Bytes, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]);
  return out;
}

/** Index of the ASCII string `t` in b[from, end), or -1. */
function find(b: Bytes, t: string, from: number, end: number): number {
  const c0 = t.charCodeAt(0);
  const n = t.length;
  outer: for (let i = b.indexOf(c0, from); i >= 0 && i + n <= end; i = b.indexOf(c0, i + 1)) {
    for (let k = 1; k < n; k++) if (b[i + k] !== t.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

function at(b: Bytes, i: number, end: number, t: string): boolean {
  if (i + t.length > end) return false;
  for (let k = 0; k < t.length; k++) if (b[i + k] !== t.charCodeAt(k)) return false;
  return true;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Queue ID characters: hex (short IDs) and the long IDs' base 52 alphabet. */
const isQid = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.') || host === 'ipv6:::1';
}

/** `name[ip]` → ip (or name when there is no bracket). */
function bracketed(s: string): string {
  const o = s.indexOf('[');
  const c = s.indexOf(']', o + 1);
  return o >= 0 && c > o ? s.slice(o + 1, c) : s;
}

export class MailSummary {
  private lines = 0;
  private readonly c = { received: 0, delivered: 0, deferred: 0, bounced: 0, rejected: 0, discarded: 0, expired: 0, reinjected: 0, filtered: 0, bytesReceived: 0, deferredMessages: 0 };
  private readonly queue = new Map<string, number>();
  private readonly hours = new Map<string, Int32Array>();
  private lastHourKey = '';
  private lastHour?: Int32Array;
  private readonly senders = new Map<string, number>();
  private readonly recipients = new Map<string, number>();
  private readonly clients = new Map<string, number>();
  private readonly relays = new Map<string, number>();
  private readonly rejectedClients = new Map<string, number>();
  private entries = 0;
  private readonly loggers = new Map<string, number>();
  private failed = 0;
  private readonly failedBySource = new Map<string, number>();
  private readonly failedAccounts = new Map<string, number>();
  private readonly failedAddresses = new Map<string, number>();
  /** Hour of the current line: bytes [hs, he) of the current input, and how to print it. */
  private b: Bytes = new Uint8Array(0);
  private hs = 0;
  private he = 0;

  /** Counts one line: bytes [s, e) of `b` (a terminator, if any, is ignored). */
  push(b: Bytes, s: number, e: number): void {
    this.lines++;
    while (e > s && (b[e - 1] === 10 || b[e - 1] === 13)) e--;
    if (e - s < 20) return;
    this.b = b;
    const c0 = b[s];
    if (isDigit(c0) && b[s + 4] === 45 && b[s + 10] === 32 && b[s + 19] === 44) {
      this.log4j(b, s, e);
      return;
    }
    // Syslog header: `Mmm dd HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS...`, host, program[pid]:
    let te: number;
    if (c0 >= 65 && c0 <= 90 && b[s + 3] === 32 && b[s + 6] === 32 && b[s + 9] === 58) {
      te = s + 15;
      this.hs = s;
      this.he = s + 9;
    } else if (isDigit(c0) && b[s + 4] === 45 && b[s + 10] === 84 && b[s + 13] === 58) {
      te = b.indexOf(32, s + 19);
      if (te < 0 || te >= e) return;
      this.hs = s;
      this.he = s + 13;
    } else return;
    let i = te;
    while (i < e && b[i] === 32) i++;
    const hostEnd = b.indexOf(32, i);
    if (hostEnd < 0 || hostEnd >= e) return;
    const ps = hostEnd + 1;
    let j = ps;
    const lim = Math.min(e, ps + 100);
    while (j < lim && b[j] !== 91 && b[j] !== 58 && b[j] !== 32) j++;
    if (j === ps || j >= lim) return;
    const pe = j;
    if (b[j] === 91) {
      j = b.indexOf(93, j);
      if (j < 0 || j >= e) return;
      j++;
    }
    if (b[j] !== 58) return;
    j++;
    if (b[j] === 32) j++;
    if (at(b, ps, pe, 'postfix')) this.postfix(b, ps, pe, j, e);
    else if (at(b, ps, pe, 'saslauthd')) this.saslauthd(b, j, e);
  }

  private hour(field: number): void {
    const b = this.b;
    let h = this.lastHour;
    // Same hour as the previous counted line: no string built.
    const key = this.lastHourKey;
    let same = h !== undefined && key.length === this.he - this.hs;
    if (same) for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== b[this.hs + k]) { same = false; break; }
    if (!same) {
      const k = str(b, this.hs, this.he);
      h = this.hours.get(k);
      if (!h) this.hours.set(k, (h = new Int32Array(6)));
      this.lastHourKey = k;
      this.lastHour = h;
    }
    h![field]++;
  }

  private postfix(b: Bytes, ps: number, pe: number, m: number, e: number): void {
    // A warning, or a queue ID `XXXX: `, or NOQUEUE.
    if (b[m] === 119 && at(b, m, e, 'warning: ')) {
      const f = find(b, 'authentication failed', m + 9, e);
      if (f < 0) return;
      // `warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: ..., sasl_username=x`
      const colon = find(b, ']: ', m + 9, f);
      const address = colon > 0 ? bracketed(str(b, m + 9, colon + 1)) : '';
      const u = find(b, 'sasl_username=', f, e);
      this.failedLogin('smtp-sasl', u >= 0 ? str(b, u + 14, e) : '', address);
      return;
    }
    let q = m;
    while (q < e && isQid(b[q])) q++;
    if (q - m >= 5 && b[q] === 58 && b[q + 1] === 32) {
      const r = q + 2;
      if (at(b, m, q, 'NOQUEUE')) {
        this.action(b, r, e);
        return;
      }
      const c = b[r];
      if (c === 116 /* t */ && at(b, r, e, 'to=<')) this.delivery(b, m, q, r, e);
      else if (c === 99 /* c */ && at(b, r, e, 'client=')) this.client(b, ps, pe, m, q, r, e);
      else if (c === 102 /* f */ && at(b, r, e, 'from=<')) this.sender(b, m, q, r, e);
      else if (c === 114 /* r */ && at(b, r, e, 'removed')) this.queue.delete(str(b, m, q));
      else if (c === 117 /* u */ && at(b, r, e, 'uid=')) {
        this.c.received++;
        this.hour(H_RECEIVED);
      } else this.action(b, r, e);
    }
  }

  /** `reject: ...`, `milter-reject: ...`, `discard: ...` after a queue ID or NOQUEUE. */
  private action(b: Bytes, r: number, e: number): void {
    if (at(b, r, e, 'reject: ') || at(b, r, e, 'milter-reject: ')) {
      this.c.rejected++;
      this.hour(H_REJECTED);
      // `reject: RCPT from name[ip]: ...`
      const from = find(b, ' from ', r, Math.min(e, r + 40));
      if (from >= 0) {
        const end = find(b, ']', from, e);
        if (end > 0) bump(this.rejectedClients, str(b, from + 6, end + 1));
      }
    } else if (at(b, r, e, 'discard: ')) {
      this.c.discarded++;
      this.hour(H_DISCARDED);
    }
  }

  private client(b: Bytes, ps: number, pe: number, m: number, q: number, r: number, e: number): void {
    // client=name[ip], ... ; the content filter returns mail from a loopback client.
    let ce = r + 7;
    while (ce < e && b[ce] !== 44 && b[ce] !== 32) ce++;
    const client = str(b, r + 7, ce);
    const ip = bracketed(client);
    if (isLoopback(ip)) {
      let slashes = 0;
      for (let k = ps; k < pe; k++) if (b[k] === 47) slashes++;
      if (slashes >= 2 || find(b, 'orig_queue_id=', ce, e) >= 0) {
        this.c.reinjected++;
        this.queue.set(str(b, m, q), REINJECTED);
        return;
      }
    } else bump(this.clients, client);
    this.c.received++;
    this.hour(H_RECEIVED);
  }

  private sender(b: Bytes, m: number, q: number, r: number, e: number): void {
    const qid = str(b, m, q);
    const flags = this.queue.get(qid) ?? 0;
    if (flags & (REINJECTED | SENDER_COUNTED)) return;
    this.queue.set(qid, flags | SENDER_COUNTED);
    const close = b.indexOf(62, r + 6);
    if (close < 0 || close > e) return;
    bump(this.senders, close === r + 6 ? '<>' : str(b, r + 6, close));
    const size = find(b, 'size=', close, e);
    if (size >= 0) {
      let n = 0;
      for (let k = size + 5; k < e && isDigit(b[k]); k++) n = n * 10 + (b[k] - 48);
      this.c.bytesReceived += n;
    }
  }

  private delivery(b: Bytes, m: number, q: number, r: number, e: number): void {
    const st = find(b, ', status=', r, e);
    if (st < 0) return;
    const s = st + 9;
    const close = b.indexOf(62, r + 4);
    const rcpt = close > 0 && close < e ? str(b, r + 4, close) : '';
    const rl = find(b, ', relay=', r, st);
    let relay = '';
    if (rl >= 0) {
      let k = rl + 8;
      while (k < st && b[k] !== 44) k++;
      relay = str(b, rl + 8, k);
    }
    switch (b[s]) {
      case 115: // sent
        if (!at(b, s, e, 'sent')) return;
        {
          const o = relay.indexOf('[');
          const name = o >= 0 ? relay.slice(0, o) : relay;
          const ip = o >= 0 ? bracketed(relay) : relay;
          if (isLoopback(ip) || isLoopback(name)) {
            this.c.filtered++;
            return;
          }
          this.c.delivered++;
          this.hour(H_DELIVERED);
          bump(this.recipients, rcpt);
          const colon = relay.lastIndexOf(':');
          bump(this.relays, colon > relay.indexOf(']') ? relay.slice(0, colon) : relay);
        }
        return;
      case 100: // deferred
        if (!at(b, s, e, 'deferred')) return;
        this.c.deferred++;
        this.hour(H_DEFERRED);
        {
          const qid = str(b, m, q);
          const flags = this.queue.get(qid) ?? 0;
          if (!(flags & DEFERRED)) {
            this.c.deferredMessages++;
            this.queue.set(qid, flags | DEFERRED);
          }
        }
        return;
      case 98: // bounced
        if (!at(b, s, e, 'bounced')) return;
        this.c.bounced++;
        this.hour(H_BOUNCED);
        return;
      case 101: // expired
        if (at(b, s, e, 'expired')) this.c.expired++;
        return;
    }
  }

  private saslauthd(b: Bytes, m: number, e: number): void {
    // `auth_zimbra: bob@example.com auth failed: authentication failed for [bob]`, `do_auth: auth failure: [user=x] ...`
    const f = find(b, 'fail', m, e);
    if (f < 0) return;
    let user = '';
    const u = find(b, '[user=', m, e);
    if (u >= 0) {
      const c = b.indexOf(93, u);
      user = str(b, u + 6, c > 0 && c < e ? c : e);
    } else {
      const sp = find(b, ': ', m, f);
      if (sp >= 0) {
        let k = sp + 2;
        while (k < f && b[k] !== 32) k++;
        user = str(b, sp + 2, k);
      }
    }
    this.failedLogin('saslauthd', user, '');
  }

  private failedLogin(source: string, account: string, address: string): void {
    this.failed++;
    bump(this.failedBySource, source);
    if (account) bump(this.failedAccounts, account);
    if (address) bump(this.failedAddresses, address);
  }

  /** `2026-10-13 10:16:40,564 LEVEL [thread] [context] logger - message`. */
  private log4j(b: Bytes, s: number, e: number): void {
    this.entries++;
    const l = s + 24;
    const c = b[l];
    const isError = c === 69 && at(b, l, e, 'ERROR');
    const isFatal = c === 70 && at(b, l, e, 'FATAL');
    const isWarn = c === 87 && at(b, l, e, 'WARN');
    if (!isError && !isFatal && !isWarn) return;
    // The logger is the word after the context's `] ` and before ` - ` (the thread and the
    // context may hold ` - ` themselves, e.g. a user agent).
    let dash = find(b, ' - ', l, e);
    let ls = dash;
    while (dash >= 0) {
      ls = dash;
      while (ls > l && b[ls - 1] !== 32) ls--;
      if (ls > l + 1 && b[ls - 2] === 93 && b[ls] !== 91 && find(b, '=', ls, dash) < 0) break;
      dash = find(b, ' - ', dash + 3, e);
    }
    if (dash < 0) return;
    const logger = str(b, ls, dash);
    if (isError || isFatal) bump(this.loggers, (isFatal ? 'FATAL ' : 'ERROR ') + logger);
    // audit.log: `security - cmd=Auth; account=x; ...; error=authentication failed for [x], ...`
    if (logger === 'security' && find(b, 'failed', dash, e) >= 0) {
      const a = find(b, 'account=', dash, e);
      let account = '';
      if (a >= 0) {
        const semi = b.indexOf(59, a);
        account = str(b, a + 8, semi > 0 && semi < e ? semi : e);
      }
      // The client's address is in the context: `[...;oip=198.51.100.7;...]` or `ip=`.
      let address = '';
      const ctx = find(b, 'oip=', l, dash);
      const ip = ctx >= 0 ? ctx + 4 : (() => { const x = find(b, ';ip=', l, dash); const y = x >= 0 ? x : find(b, '[ip=', l, dash); return y >= 0 ? y + 4 : -1; })();
      if (ip >= 0) {
        const semi = b.indexOf(59, ip);
        address = str(b, ip, semi > 0 && semi < dash ? semi : dash);
      }
      this.failedLogin('audit', account, address);
    }
  }

  report(limit = 10): SummaryReport {
    const hour = (k: string) => (k.charCodeAt(10) === 84 || k.charCodeAt(10) === 32 ? `${k.slice(0, 10)} ${k.slice(11, 13)}:00` : `${k}:00`);
    const perHour = [...this.hours].map(([k, h]) => ({
      hour: hour(k),
      received: h[H_RECEIVED],
      delivered: h[H_DELIVERED],
      deferred: h[H_DEFERRED],
      bounced: h[H_BOUNCED],
      rejected: h[H_REJECTED],
      discarded: h[H_DISCARDED],
    }));
    const byLogger = [...this.loggers]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([k, count]) => ({ logger: k.slice(6), level: k.slice(0, 5) as 'ERROR' | 'FATAL', count }));
    return {
      lines: this.lines,
      postfix: {
        ...this.c,
        perHour,
        topSenders: top(this.senders, limit),
        topRecipients: top(this.recipients, limit),
        topClients: top(this.clients, limit),
        topRelays: top(this.relays, limit),
        topRejected: top(this.rejectedClients, limit),
      },
      mailbox: {
        entries: this.entries,
        errors: byLogger.filter((x) => x.level === 'ERROR').reduce((a, x) => a + x.count, 0),
        fatals: byLogger.filter((x) => x.level === 'FATAL').reduce((a, x) => a + x.count, 0),
        byLogger: byLogger.slice(0, Math.max(limit, 20)),
      },
      logins: {
        failed: this.failed,
        bySource: Object.fromEntries(this.failedBySource),
        byAccount: top(this.failedAccounts, limit),
        byAddress: top(this.failedAddresses, limit),
      },
    };
  }
}

/** The summary of a text (tests, small inputs): its UTF-8 bytes, line by line. */
export function summarizeText(text: string, limit?: number): SummaryReport {
  const b = new TextEncoder().encode(text);
  const s = new MailSummary();
  let pos = 0;
  while (pos < b.length) {
    const nl = b.indexOf(10, pos);
    const end = nl < 0 ? b.length : nl + 1;
    s.push(b, pos, end);
    pos = end;
  }
  return s.report(limit);
}
