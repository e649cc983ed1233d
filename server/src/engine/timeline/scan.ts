// The timeline of a set of logs in one streaming pass: every line goes through the summary's
// counting (mailSummary.ts: the same deliveries, deferrals, bounces, rejections, ERROR/FATAL
// entries and failed logins as `summary` counts), and each event is added to the time slot of its
// line. What is kept are counts per slot (a Map of small Int32Arrays, a slot being a minute, or
// finer when --bucket asks), the first line of each slot, the restart lines and the failed logins
// (for their bursts): never the text.
//
// Time: BSD syslog lines carry no year. Each timeline (a log and its rotations, fed in order) has
// a StreamTimeline of the one year model (engine/time/); a syslog line's slot is kept as its time
// in BASE_YEAR with the number of year turns seen so far in its timeline, and given its year at
// the end (`report`), once every timeline's year is settled and anchored to the dated logs.
import { ascii, Bytes, hasBytes, latin1 } from '../bytes';
import { SOAP_START, SOAP_STOP } from '../formats/log4j';
import { defaultReportThresholds, ReportThresholds } from '../investigate/accountFigures';
import { AccountLines } from '../investigate/accountBytes';
import type { AccountFeed } from '../investigate/accountEvents';
import { BASE_YEAR, inYear } from '../investigate/eventClock';
import type { FindBytes } from '../investigate/hitLines';
import { RestartTracker } from '../investigate/restarts';
import { burstsOf, BurstSettings, defaultBurstSettings, LoginAttempt } from '../investigate/security';
import { EV_FAILED_LOGIN, MailSummary, SummaryEvents } from '../mailSummary';
import { settleYears, StreamTimeline } from '../time/anchor';
import { bsdMonth, lineTime } from '../time/lineTime';
import { bucketFor, localTime, slotFor } from './buckets';
import { flaggedOf } from './flagged';
import { SERIES, SeriesCounts, TimelineFlag, TimelineLine, TimelineReport } from './types';

/** Summary event kind (H_* of summary/hours.ts, EV_*) -> series (index in SERIES), -1 for none. */
const SERIES_OF = [-1, 0, 1, 2, 3, -1, 4, 5];
/** A slot's record: the six counts, then the file and line of its first line. */
const FILE = 6;
const LINE = 7;
const FAILED = SERIES_OF[EV_FAILED_LOGIN];
const BASE = Date.UTC(BASE_YEAR, 0, 1);
/** Syslog slot keys: -(1 + (timeline * TURNS + turns) * SLOTS + slot), below zero. */
const SLOTS = 2 ** 26;
const TURNS = 4096;
const START = ascii(SOAP_START);
const STOP = ascii(SOAP_STOP);

export interface TimelineOptions {
  /** The bucket, in seconds (default: from the span). */
  bucketSeconds?: number;
  bursts?: BurstSettings;
  /** The account report's thresholds, for the flagged accounts. */
  accounts?: ReportThresholds;
  /** Where a byte string first occurs in a block (Node's Buffer.indexOf; a plain-script search by default). */
  find?: FindBytes;
  /**
   * What the account report is told goes there instead (an AccountEventLog: the report is made in
   * another thread from the same lines), and the caller gives its flagged accounts to `report`.
   */
  accountFeed?: AccountFeed;
}

/** Where a line is: its slot, time and place. */
interface Mark {
  slot: Int32Array;
  ms: number;
  /** Its timeline and turns (ms in BASE_YEAR), or -1 when ms is as written. */
  timeline: number;
  turns: number;
  at: TimelineLine;
}

/** Failed logins, for their bursts: a row per failure. */
interface Failure extends Mark {
  account: string;
  ip: string;
}

export class TimelineScan implements SummaryEvents {
  private readonly summary = new MailSummary(this, { tallies: false });
  private readonly timelines: StreamTimeline[] = [];
  private readonly trackers: RestartTracker[] = [];
  private readonly slotMs: number;
  private readonly slots = new Map<number, Int32Array>();
  /** The slot of the current line (of the last line with a time), its time and its timeline (-1: as written). */
  private cur: Int32Array | undefined;
  private curMs = NaN;
  private curTimeline = -1;
  private curTurns = 0;
  /** The bytes of the last timestamp read: a line that starts with the same has the same time. */
  private readonly head = new Uint8Array(19);
  private headLength = 0;
  /** Its first 16 bytes as four 32-bit words, compared through `view` (a view of the block's buffer). */
  private h0 = 0;
  private h1 = 0;
  private h2 = 0;
  private h3 = 0;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewOf?: Bytes;
  /** The timeline the lines that follow belong to. */
  private t = -1;
  private file = 0;
  private line = -1;
  private place = -1;
  private lines = 0;
  private readonly restartTimes = new Map<string, number>();
  private readonly failures: Failure[] = [];
  /** mailbox.log's failed logins: counted at the end, when no audit.log was read (as `summary` counts them). */
  private readonly mailboxFailures: Failure[] = [];
  private readonly strings = new Map<string, string>();
  /** The account report, for the flagged accounts (or what feeds one elsewhere: accountFeed). */
  private readonly accounts: AccountFeed;

  constructor(private readonly options: TimelineOptions = {}) {
    this.slotMs = slotFor(options.bucketSeconds) * 1000;
    this.accounts = options.accountFeed ?? new AccountLines(options.find);
  }

  /** The lines that follow are a new timeline; `reference` is the year of its last line, or a date (Years.finish). */
  beginTimeline(reference: number | Date): void {
    this.timelines.push(new StreamTimeline(reference));
    this.trackers.push(new RestartTracker(0));
    this.accounts.beginTimeline(reference);
    this.t = this.timelines.length - 1;
    this.headLength = 0;
    this.cur = undefined;
  }

  /**
   * The lines that follow were appended to file `file` of timeline `timeline` (its last, as fed),
   * after its first `lines` lines: the counts go on from where they were (`report` again after).
   */
  resume(timeline: number, file: number, lines: number): void {
    this.t = timeline;
    this.headLength = 0;
    this.cur = undefined;
    this.file = file;
    this.line = lines - 1;
    this.accounts.resume(timeline, file);
  }

  /** The number of lines read of the current file. */
  get fileLines(): number {
    return this.line + 1;
  }

  /** The lines that follow are file number `file`'s, from its first. */
  beginFile(file: number): void {
    if (!this.timelines.length) this.beginTimeline(new Date());
    this.file = file;
    this.line = -1;
    this.accounts.beginFile(file);
  }

  /** Lines of b[start, end), each ended by "\n" but maybe the last: each to the summary's counting and to the account report. */
  pushLines(b: Bytes, start: number, end: number): void {
    if (!this.timelines.length) this.beginFile(this.file);
    const accounts = this.accounts;
    accounts.beginBlock(b, start, end);
    if (this.viewOf !== b) {
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.viewOf = b;
    }
    let s = start;
    while (s < end) {
      const nl = b.indexOf(10, s);
      const e = nl < 0 || nl >= end ? end : nl + 1;
      this.line++;
      this.place++;
      this.lines++;
      this.time(b, s, e);
      accounts.line(b, s, e, this.line);
      this.summary.push(b, s, e);
      // A log4j entry: `2026-10-13 10:16:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up`
      if (b[s + 4] === 45 && b[s + 10] === 32 && b[s + 19] === 44) this.log4j(b, s, e);
      s = e;
    }
    accounts.endBlock();
  }

  queueLine(b: Bytes, m: number, q: number, r: number): void {
    this.accounts.queueLine(b, m, q, r);
  }

  authLine(): void {
    this.accounts.authLine();
  }

  /** Reads the line's time when it starts with a timestamp unlike the last one. */
  private time(b: Bytes, s: number, e: number): void {
    const c0 = b[s];
    if (e - s < 16 || !((c0 >= 48 && c0 <= 57) || (c0 >= 65 && c0 <= 90))) return;
    const n = Math.min(19, e - s);
    const head = this.head;
    const v = this.view;
    if (n === 19 && this.headLength === 19) {
      // Bytes 0-15 in four loads; a BSD syslog time ends at byte 15 (the bytes after it only name the host), the others' at 19.
      if (v.getUint32(s) === this.h0 && v.getUint32(s + 4) === this.h1 && v.getUint32(s + 8) === this.h2 && v.getUint32(s + 12) === this.h3 && ((c0 >= 65 && c0 <= 90) || (head[16] === b[s + 16] && head[17] === b[s + 17] && head[18] === b[s + 18]))) return;
    } else if (n === this.headLength) {
      let k = 0;
      while (k < n && head[k] === b[s + k]) k++;
      if (k === n) return;
    }
    for (let k = 0; k < n; k++) head[k] = b[s + k];
    this.headLength = n;
    if (n === 19) {
      this.h0 = v.getUint32(s);
      this.h1 = v.getUint32(s + 4);
      this.h2 = v.getUint32(s + 8);
      this.h3 = v.getUint32(s + 12);
    }
    const text = latin1(b, s, Math.min(e, s + 32));
    const t = this.t;
    const timeline = this.timelines[t];
    const month = bsdMonth(text);
    if (month >= 0) {
      timeline.line(text, 0, this.place);
      timeline.years.observeMonth(this.place, month);
      const ms = lineTime(text, BASE_YEAR);
      if (Number.isNaN(ms)) return;
      const turns = timeline.years.turnLines.length;
      this.enter(-(1 + (t * TURNS + turns) * SLOTS + Math.floor((ms - BASE) / this.slotMs)), ms, t, turns);
      return;
    }
    const ms = lineTime(text, 0);
    if (Number.isNaN(ms)) return;
    timeline.line(text, 0, this.place);
    this.enter(Math.floor(ms / this.slotMs), ms, -1, 0);
  }

  private enter(key: number, ms: number, timeline: number, turns: number): void {
    let slot = this.slots.get(key);
    if (!slot) {
      this.slots.set(key, (slot = new Int32Array(8)));
      slot[FILE] = this.file;
      slot[LINE] = this.line;
    }
    this.cur = slot;
    this.curMs = ms;
    this.curTimeline = timeline;
    this.curTurns = turns;
  }

  count(kind: number): void {
    const series = SERIES_OF[kind];
    if (series >= 0 && this.cur) this.cur[series]++;
  }

  mark(): Mark | undefined {
    return this.cur && { slot: this.cur, ms: this.curMs, timeline: this.curTimeline, turns: this.curTurns, at: { file: this.file, line: this.line } };
  }

  failedLogin(account: string | undefined, address: string | undefined, mark: unknown, mailbox: boolean): void {
    const m = mark as Mark | undefined;
    if (!m) return;
    const f: Failure = { ...m, account: this.interned((account ?? '').toLowerCase()), ip: this.interned(address ?? '') };
    if (mailbox) this.mailboxFailures.push(f);
    else this.addFailure(f);
  }

  private addFailure(f: Failure): void {
    f.slot[FAILED]++;
    this.failures.push(f);
  }

  private interned(s: string): string {
    let x = this.strings.get(s);
    if (x === undefined) this.strings.set(s, (x = s));
    return x;
  }

  private log4j(b: Bytes, s: number, e: number): void {
    const tracker = this.trackers[this.t];
    while (e > s && (b[e - 1] === 10 || b[e - 1] === 13)) e--;
    const kind = endsWith(b, s, e, START) ? 'start' : endsWith(b, s, e, STOP) ? 'stop' : undefined;
    if (kind) {
      tracker.restart(kind, { file: this.file, line: this.line });
      this.restartTimes.set(`${this.file}:${this.line}`, this.curMs);
    }
    tracker.entry();
  }

  /** The timelines, their years settled once `report` was called (for RangeLines). */
  get settled(): readonly StreamTimeline[] {
    return this.timelines;
  }

  /**
   * The counts in buckets, after the years of every timeline are settled (again after more lines:
   * `resume`); `flagged`, the flagged accounts of the same lines when the caller made them (accountFeed).
   */
  report(flagged?: TimelineFlag[]): TimelineReport {
    this.summary.finish();
    // mailbox.log's failures count only without audit.log: added for this report, then taken out again.
    const mailbox = this.summary.sawAuditLog ? [] : this.mailboxFailures;
    for (const f of mailbox) f.slot[FAILED]++;
    try {
      return this.reportCounts(mailbox, flagged);
    } finally {
      for (const f of mailbox) f.slot[FAILED]--;
    }
  }

  private reportCounts(mailbox: readonly Failure[], flagged: TimelineFlag[] | undefined): TimelineReport {
    settleYears(this.timelines);
    // Each slot's wall-clock time.
    const timed: { ms: number; slot: Int32Array }[] = [];
    for (const [key, slot] of this.slots) timed.push({ ms: key >= 0 ? key * this.slotMs : this.syslogTime(-key - 1), slot });
    timed.sort((a, b) => a.ms - b.ms);
    const span = timed.length ? timed[timed.length - 1].ms - timed[0].ms : 0;
    const bucketSeconds = this.options.bucketSeconds ?? bucketFor(span);
    const bucketMs = bucketSeconds * 1000;
    const totals = Object.fromEntries(SERIES.map((s) => [s, 0])) as SeriesCounts;
    const report: TimelineReport = { bucketSeconds, buckets: [], firstLines: [], restarts: [], restartLines: [], flagged: [], bursts: [], totals, lines: this.lines };
    let last = NaN;
    let counts: SeriesCounts | undefined;
    for (const { ms, slot } of timed) {
      const start = Math.floor(ms / bucketMs) * bucketMs;
      if (start !== last || !counts) {
        last = start;
        counts = Object.fromEntries(SERIES.map((s) => [s, 0])) as SeriesCounts;
        report.buckets.push({ start: localTime(start), ...counts });
        report.firstLines.push({ file: slot[FILE], line: slot[LINE] });
      }
      const bucket = report.buckets[report.buckets.length - 1];
      SERIES.forEach((s, i) => {
        bucket[s] += slot[i];
        totals[s] += slot[i];
      });
    }
    const restarts = this.trackers.flatMap((t) => t.found.map((r) => (r.stop ?? r.start)!));
    report.restartLines = restarts
      .map((at) => ({ ms: this.restartTimes.get(`${at.file}:${at.line}`) ?? NaN, at: { file: at.file, line: at.line } }))
      .filter((r) => !Number.isNaN(r.ms))
      .sort((a, b) => a.ms - b.ms)
      .map((r) => ({ time: localTime(r.ms), at: r.at }));
    report.restarts = report.restartLines.map((r) => r.time);
    report.bursts = this.bursts(mailbox);
    report.flagged = flagged ?? (this.accounts instanceof AccountLines ? flaggedOf(this.accounts.report.flagged(this.options.accounts ?? defaultReportThresholds)) : []);
    return report;
  }

  /** The wall-clock time of a syslog slot key (-key - 1). */
  private syslogTime(k: number): number {
    const slot = k % SLOTS;
    const rest = Math.floor(k / SLOTS);
    return this.inYear(BASE + slot * this.slotMs, Math.floor(rest / TURNS), rest % TURNS);
  }

  /** A time of BASE_YEAR in `timeline` after `turns` year turns, in its settled year. */
  private inYear(ms: number, timeline: number, turns: number): number {
    const years = this.timelines[timeline].years;
    return inYear(ms, years.lastYear - (years.turnLines.length - turns));
  }

  private bursts(mailbox: readonly Failure[]): TimelineReport['bursts'] {
    const attempts: LoginAttempt[] = [...this.failures, ...mailbox].map((f) => ({
      file: f.at.file,
      line: f.at.line,
      time: f.timeline < 0 ? f.ms : this.inYear(f.ms, f.timeline, f.turns),
      account: f.account,
      ip: f.ip || undefined,
      ok: false,
    }));
    attempts.sort((a, b) => a.time - b.time || a.file - b.file || a.line - b.line);
    return burstsOf(attempts, this.options.bursts ?? defaultBurstSettings).map((b) => {
      const f = b.failures;
      return { start: localTime(f[0].time), end: localTime(f[f.length - 1].time), by: b.by, key: b.key, failures: f.length, at: { file: f[0].file, line: f[0].line } };
    });
  }
}

const endsWith = (b: Bytes, s: number, e: number, p: Bytes) => e - s >= p.length && hasBytes(b, e - p.length, e, p);

/** The timeline of texts (tests, small inputs): each a file of its own timeline, in order; `year` for their syslog lines. */
export function timelineOfTexts(texts: readonly string[], year: number | Date, options?: TimelineOptions): TimelineReport {
  const scan = new TimelineScan(options);
  texts.forEach((t, i) => {
    scan.beginTimeline(year);
    scan.beginFile(i);
    const b = new TextEncoder().encode(t);
    scan.pushLines(b, 0, b.length);
  });
  return scan.report();
}
