// The timeline's markers of the flagged accounts: the account report's own verdict
// (investigate/accountVerdict.ts), each reason of a flagged account with the time span of the
// lines behind it and the first of them.
import type { FlaggedAccount } from '../investigate/accountReport';
import { localTime } from './buckets';
import type { TimelineFlag } from './types';

/** The reasons of the flagged accounts (AccountReport.flagged), in time order of their first line (then by account). */
export function flaggedOf(accounts: readonly FlaggedAccount[]): TimelineFlag[] {
  const out: (TimelineFlag & { ms: number })[] = [];
  for (const a of accounts) {
    a.reasons.forEach((reason, i) => {
      const span = a.spans[i];
      const at = a.refs[i]?.[0];
      if (!span || Number.isNaN(span.first) || !at) return;
      out.push({ account: a.account, reason, first: localTime(span.first), last: localTime(span.last), at: { file: at.file, line: at.line }, ms: span.first });
    });
  }
  return out.sort((x, y) => x.ms - y.ms || (x.account < y.account ? -1 : x.account > y.account ? 1 : 0)).map(({ ms: _ms, ...f }) => f);
}
