// SMTP AUTH (SASL) logins in the MTA host's logs, read in one place for the account report and the
// security view: failed logins of Postfix's smtpd and of saslauthd (formats/sasl.ts), one failure
// logged by both counted once, and successful logins (`client=..., sasl_username=`, formats/postfix.ts).
// Pure: lines in, logins out.
import { numbered } from '../formats/format';
import { postfixClient } from '../formats/postfix';
import { postfixSaslFailed, saslauthdFailed } from '../formats/sasl';
import { loginMarkers as L } from '../formats/markers';
import type { SyslogHeader } from '../index/syslogHeader';
import { Interner, own } from './textFeed';

export interface LineRef {
  file: number;
  line: number;
}

/** A failed SMTP AUTH login as one line tells it. */
export interface SaslFailureLine {
  /** Who logged it: Postfix names the client address (and the account since 3.x), saslauthd the account. */
  by: 'postfix' | 'saslauthd';
  /** Lower-cased. */
  account?: string;
  ip?: string;
  mechanism?: string;
  reason?: string;
}

/** A failed SMTP AUTH login, counted once. */
export interface SaslFailure extends SaslFailureLine {
  time: number;
  /** The line it is shown at: Postfix's, else saslauthd's. */
  ref: LineRef;
  /** saslauthd's line of the same failure, when a Postfix line took it. */
  saslauthd?: LineRef;
}

/** The failed SMTP AUTH login a syslog line (its header read into `h`) tells of, if any. */
export function saslFailureOf(line: string, h: SyslogHeader): SaslFailureLine | undefined {
  if (line.startsWith(L.saslauthd.text, h.programStart)) {
    const g = saslauthdFailed.regex.exec(line.slice(h.message))?.groups;
    return g ? { by: 'saslauthd', account: g.account.toLowerCase(), reason: g.reason || undefined } : undefined;
  }
  if (!line.startsWith(L.postfix.text, h.programStart) || !line.startsWith(L.warning.text, h.message) || !line.includes(L.authFailed.text, h.message)) return undefined;
  const g = postfixSaslFailed.regex.exec(line.slice(h.message))?.groups;
  return g ? { by: 'postfix', ip: g.clientIp, account: g.saslUsername?.toLowerCase(), mechanism: g.mechanism, reason: g.reason || undefined } : undefined;
}

// Read for every SMTP AUTH login: its groups by number (no groups object per match).
const { regex: CLIENT, group: CLIENT_GROUP } = numbered(postfixClient);

/** A successful SMTP AUTH login: Postfix's `client=host[IP], sasl_method=M, sasl_username=U` (the text after `QUEUEID: `). */
export function saslLoginOf(rest: string): { account: string; ip: string; mechanism?: string } | undefined {
  if (!rest.startsWith(L.client.text) || !rest.includes(L.saslUsername.text)) return undefined;
  const g = CLIENT.exec(rest);
  const account = g?.[CLIENT_GROUP.saslUsername];
  return account ? { account: account.toLowerCase(), ip: g![CLIENT_GROUP.clientIp], mechanism: g![CLIENT_GROUP.saslMethod] } : undefined;
}

/** saslauthd's and Postfix's lines of one failure are this close in time (seconds apart at most). */
const PAIR_MS = 5000;

interface Logged extends SaslFailureLine {
  time: number;
  ref: LineRef;
  paired?: boolean;
}

/**
 * Failed SMTP AUTH logins of any number of files, each counted once: a Postfix line takes the
 * saslauthd line of the same account (or, when Postfix names none, the only one) within 5 s.
 */
export class SaslFailures {
  private readonly lines: Logged[] = [];
  private readonly strings = new Interner();
  private done?: SaslFailure[];
  /** saslauthd lines looked at by the last pairing (`merged`): linear in the lines, whatever their order (a test counts it). */
  looked = 0;

  /** A failure (its strings kept as copies of their own: the line's text is not held). */
  add(f: SaslFailureLine, time: number, ref: LineRef): void {
    const s = this.strings;
    this.lines.push({ by: f.by, account: s.get(f.account), ip: s.get(f.ip), mechanism: s.get(f.mechanism), reason: f.reason === undefined ? undefined : own(f.reason), time, ref });
    this.done = undefined;
  }

  get size(): number {
    return this.lines.length;
  }

  /** The same failures with their times given by `timeOf` (when `add` was given stamps to be resolved later). */
  timed(timeOf: (t: number) => number): SaslFailures {
    const out = new SaslFailures();
    for (const l of this.lines) out.add(l, timeOf(l.time), l.ref);
    return out;
  }

  /**
   * Postfix's failures in time order (with the account and reason saslauthd gave), then saslauthd's
   * that no Postfix line took. Linear however dense the lines are: a Postfix line naming the account
   * looks from that account's own pointer; an unnamed one finds the next two saslauthd lines not
   * yet taken through `unpaired` (links over the taken ones, shortened as they are followed).
   */
  merged(): SaslFailure[] {
    if (this.done) return this.done;
    const byTime = (x: Logged, y: Logged) => x.time - y.time;
    const saslauthd = this.lines.filter((l) => l.by === 'saslauthd').map((l) => ({ ...l, paired: false })).sort(byTime);
    // unpaired[i]: an index ≥ i, the first not taken once the links are followed to a fixed point.
    const unpaired = Int32Array.from({ length: saslauthd.length + 1 }, (_, i) => i);
    const firstFree = (i: number): number => {
      let root = i;
      while (unpaired[root] !== root) root = unpaired[root];
      for (let next: number; i !== root; i = next) {
        next = unpaired[i];
        unpaired[i] = root;
        this.looked++;
      }
      return root;
    };
    const ofAccount = new Map<string, { at: number[]; next: number }>();
    saslauthd.forEach((s, i) => {
      if (s.account === undefined) return;
      const a = ofAccount.get(s.account) ?? { at: [], next: 0 };
      a.at.push(i);
      ofAccount.set(s.account, a);
    });
    const out: SaslFailure[] = [];
    let lo = 0;
    this.looked = 0;
    for (const p of this.lines.filter((l) => l.by === 'postfix').sort(byTime)) {
      while (lo < saslauthd.length && saslauthd[lo].time < p.time - PAIR_MS) lo++;
      const inWindow = (i: number) => i < saslauthd.length && saslauthd[i].time <= p.time + PAIR_MS;
      let take: number | undefined;
      if (p.account) {
        // Named by Postfix: the first of that account not taken and not too old.
        const a = ofAccount.get(p.account);
        if (a) {
          while (a.next < a.at.length && (saslauthd[a.at[a.next]].paired || saslauthd[a.at[a.next]].time < p.time - PAIR_MS)) {
            a.next++;
            this.looked++;
          }
          if (a.next < a.at.length && inWindow(a.at[a.next])) take = a.at[a.next];
        }
      } else {
        // Unnamed: only when it is the only one not taken within 5 s.
        const first = firstFree(lo);
        if (inWindow(first) && !inWindow(firstFree(first + 1))) take = first;
      }
      const s = take === undefined ? undefined : saslauthd[take];
      if (s && take !== undefined) {
        s.paired = true;
        unpaired[take] = take + 1;
      }
      out.push({ by: 'postfix', account: p.account ?? s?.account, ip: p.ip, mechanism: p.mechanism, reason: s?.reason ?? p.reason, time: p.time, ref: p.ref, saslauthd: s?.ref });
    }
    for (const s of saslauthd) if (!s.paired) out.push({ by: 'saslauthd', account: s.account, reason: s.reason, time: s.time, ref: s.ref });
    return (this.done = out);
  }
}
