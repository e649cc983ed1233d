// Accounts seen in a log, for the explorer view: Zimbra accounts in mailbox.log/audit.log
// contexts (`name=`, `account=`), SMTP AUTH users (`sasl_username=`), and Postfix senders and
// recipients (`from=<>`, `to=<>`). Counted per line with the first line each appears on; the
// number of distinct accounts kept is bounded.

import { accountMention } from './formats/tokens';

export interface AccountCount {
  name: string;
  /** Lines that mention it. */
  count: number;
  /** 0-based line where it first appears. */
  line: number;
}

const PATTERN = accountMention.regex;
const MAX = 100_000;

export class AccountTally {
  private readonly counts = new Map<string, { count: number; line: number }>();

  push(line: string, n: number): void {
    if (line.indexOf('=') < 0) return;
    PATTERN.lastIndex = 0;
    let last = '';
    for (let m = PATTERN.exec(line); m; m = PATTERN.exec(line)) {
      const name = (m[1] ?? m[2]).toLowerCase();
      if (name === last) continue;
      last = name;
      const c = this.counts.get(name);
      if (c) c.count++;
      else if (this.counts.size < MAX) this.counts.set(name, { count: 1, line: n });
    }
  }

  list(limit = 1000): AccountCount[] {
    return [...this.counts]
      .sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([name, c]) => ({ name, count: c.count, line: c.line }));
  }

  static of(lines: Iterable<string>, limit?: number): AccountCount[] {
    const t = new AccountTally();
    let n = 0;
    for (const l of lines) t.push(l, n++);
    return t.list(limit);
  }
}
