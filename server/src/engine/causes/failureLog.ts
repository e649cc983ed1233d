// Every failed delivery of a set of logs with its cause, grouped by cause and by destination
// domain: `status=deferred|bounced|expired` delivery lines and `NOQUEUE: reject` lines. Fed the
// lines that may be failures (failureScan.ts finds them in bytes); keeps counts, first and last
// time, one sample and a few line references per group, and the last deferral of each recipient
// still in the queue (an `expired` recipient takes its cause), forgotten on `removed`: memory grows
// with causes, domains and the queue, not with the logs.
import { failureLogMarkers } from '../formats/lineMarkers';
import { syslogHeader, SyslogHeader } from '../index/syslogHeader';
import { fresh } from '../formats/format';
import { postfixDelivery, postfixQueueIdAt, postfixReject } from '../formats/postfix';
import { Cause, FailureClass } from './causes';
import { classify, Classification } from './classify';
import { own } from '../investigate/textFeed';

export type FailureStatus = 'deferred' | 'bounced' | 'expired' | 'reject';

export interface Failure {
  /** Index of the file (as given to beginFile) and 1-based line in it. */
  file: number;
  line: number;
  /** The log's own timestamp text. */
  time: string;
  queueId: string;
  recipient: string;
  status: FailureStatus;
  dsn: string;
  relay: string;
  reply: string;
  cause: Cause;
  class: FailureClass;
  explanation: string;
  remedy: string;
  link?: string;
}

/** Where a group's examples are. */
export interface FailureRef {
  file: number;
  line: number;
  time: string;
  recipient: string;
  status: FailureStatus;
}

export interface FailureGroup {
  count: number;
  first: string;
  last: string;
  sample: string;
  explanation: string;
  remedy: string;
  link?: string;
  /** The first few failures of the group (for links). */
  examples: FailureRef[];
}

export interface CauseGroup extends FailureGroup {
  temporary: number;
  permanent: number;
  /** Domains with their counts, most first. */
  topDomains: { domain: string; count: number }[];
}

export interface DomainGroup extends FailureGroup {
  /** Failures by cause, most first; `explanation`/`remedy` are those of the first cause. */
  causes: Record<string, number>;
}

export interface FailureReport {
  failures: number;
  byCause: Record<string, CauseGroup>;
  byDomain: Record<string, DomainGroup>;
}

const QUEUE_LINE = fresh(postfixQueueIdAt);
const EXAMPLES = 5;
const byCount = (x: [string, Acc], y: [string, Acc]) => y[1].g.count - x[1].g.count || (x[0] < y[0] ? -1 : 1);

interface Acc {
  g: FailureGroup;
  sub: Map<string, number>;
  temporary: number;
  permanent: number;
}

export class FailureLog {
  private file = 0;
  private readonly header = {} as SyslogHeader;
  private readonly causes = new Map<string, Acc>();
  private readonly domains = new Map<string, Acc>();
  /**
   * Last deferral of each recipient still queued: queue ID → recipient → classification. Keyed on
   * the queue ID alone (a `removed` line is recognised by its queue ID without reading its header):
   * two MTAs of one run reusing a queue ID while both hold a deferral is the only way to mix them.
   */
  private readonly deferrals = new Map<string, Map<string, Classification>>();
  private count = 0;

  /** `onFailure` sees every failure as it is found (the CLI prints them as they come). */
  constructor(private readonly onFailure?: (f: Failure) => void) {}

  /** Whether a `removed` line can matter (some deferral is remembered). */
  get waiting(): boolean {
    return this.deferrals.size > 0;
  }

  beginFile(file: number): void {
    this.file = file;
  }

  /** One line that may be a failure or a `removed` (others are ignored); `n` is its 1-based number. */
  line(text: string, n: number): void {
    const h = syslogHeader(text, this.header);
    if (!h || !text.startsWith(failureLogMarkers.postfix.text, h.programStart)) return;
    const m = text.slice(h.message);
    const time = text.slice(0, h.timestampEnd);
    if (m.startsWith(failureLogMarkers.noqueue.text)) {
      const r = postfixReject.regex.exec(m.slice(9));
      if (!r?.groups) return;
      const g = r.groups;
      const c = classify(g.reply, '', 'reject');
      this.add(this.failure(n, time, 'NOQUEUE', g.to ?? '', 'reject', c.code ?? '', g.client, g.reply, c));
      return;
    }
    QUEUE_LINE.lastIndex = 0;
    if (!QUEUE_LINE.test(m)) return;
    const rest = m.slice(QUEUE_LINE.lastIndex);
    const key = m.slice(0, QUEUE_LINE.lastIndex - 2);
    if (rest === 'removed') {
      this.removed(key);
      return;
    }
    const d = postfixDelivery.regex.exec(rest);
    if (!d?.groups) return;
    const g = d.groups;
    const status = g.status;
    if (status !== 'deferred' && status !== 'bounced' && status !== 'expired') return;
    const reply = g.reply ?? g.note ?? '';
    let c: Classification;
    if (status === 'expired') c = this.deferrals.get(key)?.get(g.to) ?? classify(reply, g.dsn, status);
    else c = classify(reply, g.dsn, status);
    if (status === 'deferred') {
      let r = this.deferrals.get(key);
      if (!r) this.deferrals.set(own(key), (r = new Map()));
      r.set(own(g.to), c);
    }
    // An expiry is final (the message goes back to its sender), whatever its last deferral's class.
    this.add(this.failure(n, time, key, g.to, status, g.dsn, g.relay, reply, c, status === 'expired' ? 'permanent' : c.class));
  }

  /** `QUEUEID: removed`: its deferrals are forgotten. */
  removed(queueId: string): void {
    this.deferrals.delete(queueId);
  }

  /** The failure at line `n`, with the fields of its classification (an object literal: no spread on this path). */
  private failure(n: number, time: string, queueId: string, recipient: string, status: FailureStatus, dsn: string, relay: string, reply: string, c: Classification, cls: FailureClass = c.class): Failure {
    return { file: this.file, line: n, time, queueId, recipient, status, dsn, relay, reply, cause: c.cause, class: cls, explanation: c.explanation, remedy: c.remedy, link: c.link };
  }

  private add(f: Failure): void {
    this.count++;
    this.onFailure?.(f);
    const at = f.recipient.lastIndexOf('@');
    const domain = at >= 0 ? f.recipient.slice(at + 1).toLowerCase() : f.recipient ? '(local)' : '(none)';
    this.tally(this.causes, f.cause, f, domain);
    this.tally(this.domains, domain, f, f.cause);
  }

  private tally(map: Map<string, Acc>, key: string, f: Failure, sub: string): void {
    let a = map.get(key);
    if (!a) {
      a = { g: { count: 0, first: f.time, last: f.time, sample: own(f.reply), explanation: f.explanation, remedy: f.remedy, link: f.link, examples: [] }, sub: new Map(), temporary: 0, permanent: 0 };
      map.set(own(key), a);
    }
    a.g.count++;
    a.g.last = f.time;
    if (f.class === 'temporary') a.temporary++;
    else a.permanent++;
    a.sub.set(sub, (a.sub.get(sub) ?? 0) + 1);
    if (a.g.examples.length < EXAMPLES) a.g.examples.push({ file: f.file, line: f.line, time: f.time, recipient: own(f.recipient), status: f.status });
  }

  /** The groups, most failures first; `top` domains per cause. */
  report(top = 10): FailureReport {
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const byCause: Record<string, CauseGroup> = {};
    for (const [cause, a] of [...this.causes].sort(byCount)) {
      byCause[cause] = { ...a.g, temporary: a.temporary, permanent: a.permanent, topDomains: sorted(a.sub).slice(0, top).map(([domain, count]) => ({ domain, count })) };
    }
    const byDomain: Record<string, DomainGroup> = {};
    for (const [domain, a] of [...this.domains].sort(byCount)) {
      const causes = sorted(a.sub);
      const main = this.causes.get(causes[0][0])!.g;
      byDomain[domain] = { ...a.g, explanation: main.explanation, remedy: main.remedy, link: main.link, causes: Object.fromEntries(causes) };
    }
    return { failures: this.count, byCause, byDomain };
  }
}
