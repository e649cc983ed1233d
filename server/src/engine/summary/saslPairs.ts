// Failed SMTP AUTH logins counted once, as the account report counts them (investigate/smtpAuth.ts
// SaslFailures: a Postfix line takes the saslauthd line of the same account, or when it names
// none the only one, within 5 s), but streaming: lines come in time order and only those of the
// last few seconds are held, so that the summary's memory does not grow with an attack's length.
import type { SaslFailureLine } from '../investigate/smtpAuth';

const PAIR_MS = 5000;

/** A failure as given: `mark` is handed back with it when it is counted (where it was logged, for the timeline). */
export type MarkedFailure = SaslFailureLine & { mark?: unknown };

interface Held extends MarkedFailure {
  time: number;
  paired?: boolean;
}

/** One failed login, as counted: by Postfix (with the account saslauthd gave) or by saslauthd alone. */
export type CountedFailure = { by: 'postfix' | 'saslauthd'; account?: string; ip?: string; mark?: unknown };

export class SaslPairs {
  private postfix: Held[] = [];
  private saslauthd: Held[] = [];
  private last = -Infinity;

  constructor(private readonly count: (f: CountedFailure) => void) {}

  /** A failure logged at `time` (ms; the lines of one timeline in order). */
  add(f: MarkedFailure, time: number): void {
    if (!Number.isFinite(time)) time = this.last;
    // Time going back (a new timeline, December to January): what is held is settled first.
    if (time < this.last - PAIR_MS) this.finish();
    this.last = Math.max(this.last, time);
    (f.by === 'postfix' ? this.postfix : this.saslauthd).push({ ...f, time });
    this.settle(time - PAIR_MS);
  }

  /** Everything held is counted. */
  finish(): void {
    this.settle(Infinity);
    this.last = -Infinity;
  }

  /** Counts the Postfix lines before `until` (their saslauthd lines have all come) and the saslauthd lines no later Postfix line can take. */
  private settle(until: number): void {
    const s = this.saslauthd;
    let done = 0;
    for (const p of this.postfix) {
      if (p.time >= until) break;
      done++;
      let take: Held | undefined;
      let candidates = 0;
      for (const x of s) {
        if (x.time < p.time - PAIR_MS) continue;
        if (x.time > p.time + PAIR_MS) break;
        if (x.paired || (p.account && x.account !== p.account)) continue;
        take ??= x;
        if (p.account || ++candidates > 1) break;
      }
      if (take && !p.account && candidates > 1) take = undefined;
      if (take) take.paired = true;
      this.count({ by: 'postfix', account: p.account ?? take?.account, ip: p.ip, mark: p.mark });
    }
    this.postfix = this.postfix.slice(done);
    // A saslauthd line older than every Postfix line still to come (less 5 s) is settled.
    const horizon = Math.min(this.postfix[0]?.time ?? Infinity, until) - PAIR_MS;
    let keep = 0;
    while (keep < s.length && (s[keep].time < horizon || until === Infinity)) {
      if (!s[keep].paired) this.count({ by: 'saslauthd', account: s[keep].account, mark: s[keep].mark });
      keep++;
    }
    this.saslauthd = s.slice(keep);
  }
}
