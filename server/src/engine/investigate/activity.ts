// Account activity: every entry of the logs that concerns one account or one IP address, from
// mailbox.log and audit.log (log4j entries with their stack traces) and zimbra.log (syslog lines,
// and every line of the Postfix transactions they belong to), merged in time order.
// Pure: the caller feeds each file's text in chunks (pass 1) and, for syslog files that named a
// queue ID, once more (pass 2) to collect the rest of those transactions. No I/O here.
// Times come from the one year model (eventClock.ts): every line of pass 1 is shown to the clock.
import { programMarkers } from '../formats/lineMarkers';
import { fresh } from '../formats/format';
import { postfixQueueIdAt } from '../formats/postfix';
import { syslogStart } from '../formats/timestamps';
import { syslogHeader, SyslogHeader } from '../index/syslogHeader';
import { QueueKeys } from './queueKeys';
import { EventClock } from './eventClock';
import { LineSet } from './lineSet';
import { own } from './textFeed';
import { orderSteps, runSteps, STEP_LINES, Steps } from '../steps';

export interface ActivityQuery {
  kind: 'account' | 'ip';
  /** Lower-case. */
  value: string;
  /** Milliseconds (wall clock as UTC, like time/lineTime.ts), inclusive; NaN or undefined: open. */
  from?: number;
  to?: number;
}

export interface ActivityEntry {
  time: number;
  /** Index of the file (in the order files were begun). */
  file: number;
  /** 0-based line of the entry's first line in its file. */
  line: number;
  /** The entry's lines (a log4j entry with its continuation lines), joined by '\n'. */
  text: string;
}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*$/i;

/** An IP address or an account (`bob@example.com`, `bob`). */
export function parseActivityQuery(input: string, from?: string, to?: string): ActivityQuery {
  let value = input.trim().toLowerCase();
  if (value.startsWith('<') && value.endsWith('>')) value = value.slice(1, -1);
  if (!value) throw new Error('empty account or address');
  if (/[\s;\[\]<>]/.test(value)) throw new Error(`not an account or an address: ${input}`);
  const kind = IPV4.test(value) || (IPV6.test(value) && value.includes(':')) ? 'ip' : 'account';
  const q: ActivityQuery = { kind, value };
  if (from) q.from = parseTimeBound(from, false);
  if (to) q.to = parseTimeBound(to, true);
  if (Number.isNaN(q.from) || Number.isNaN(q.to)) throw new Error(`not a time: ${Number.isNaN(q.from) ? from : to} (use YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS])`);
  return q;
}

/** `YYYY-MM-DD[ HH:MM[:SS]]` (or with `T`) as milliseconds; a date alone is its whole day. */
export function parseTimeBound(s: string, end: boolean): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?$/.exec(s.trim());
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  if (m[4] === undefined) return end ? Date.UTC(y, mo, d, 23, 59, 59, 999) : Date.UTC(y, mo, d);
  const sec = m[6] === undefined ? (end ? 59 : 0) : Number(m[6]);
  return Date.UTC(y, mo, d, Number(m[4]), Number(m[5]), sec, end ? 999 : 0);
}

/**
 * A copy of `s` that does not keep the text it was cut from alive (V8 keeps a slice's parent:
 * an entry cut from a 4 MB chunk would hold the whole chunk).
 */
const detach = own;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 43 || c === 37 || c === 39 || c === 64;
const isIpChar = (c: number) => (c >= 48 && c <= 57) || c === 46 || c === 58 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** Whether `line` from `at` is `lower` in lower case (ASCII compared in place; anything else by toLowerCase). */
function lowerAt(line: string, at: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = line.charCodeAt(at + k);
    if (c >= 128) return line.slice(at, at + lower.length).toLowerCase() === lower;
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** Keys after which a bare account name (without domain) stands for the account. */
const BARE_KEYS = ['name=', 'aname=', 'account=', 'for [', 'sasl_username=', 'acct=', 'user '];

/**
 * Whether `line` mentions the query at `at` (where `needle` matched) as a whole token: the
 * address itself (any case), or, for an account with a domain, its bare name after a key such as
 * `name=`, `account=` or `authentication failed for [`.
 */
export function tokenAt(line: string, at: number, needle: string, q: ActivityQuery): boolean {
  const before = at > 0 ? line.charCodeAt(at - 1) : 32;
  if (q.kind === 'ip') {
    const end = at + needle.length;
    const after = end < line.length ? line.charCodeAt(end) : 32;
    if (q.value.includes(':')) return !isIpChar(before) && !isIpChar(after);
    const digit = (c: number) => c >= 48 && c <= 57;
    if (digit(before) || before === 46) return false;
    return !digit(after) && !(after === 46 && digit(line.charCodeAt(end + 1)));
  }
  if (isWordChar(before)) return false;
  const full = q.value;
  if (line.length >= at + full.length && lowerAt(line, at, full)) {
    const after = line.charCodeAt(at + full.length);
    // A trailing '.' ends a sentence (`acct=bob@example.com.`), not the address.
    if (Number.isNaN(after) || !isWordChar(after) || (after === 46 && !isWordChar(line.charCodeAt(at + full.length + 1)))) return true;
  }
  if (needle.length === full.length) return false;
  // The bare name: not followed by more of a name or by another domain.
  const after = line.charCodeAt(at + needle.length);
  if (!Number.isNaN(after) && isWordChar(after) && !(after === 46 && !isWordChar(line.charCodeAt(at + needle.length + 1)))) return false;
  return BARE_KEYS.some((k) => at >= k.length && line.startsWith(k, at - k.length));
}

const QUEUE_ID_HERE = fresh(postfixQueueIdAt);
const isLog4jHead = (s: string, p: number) => s.charCodeAt(p + 4) === 45 && s.charCodeAt(p + 10) === 32 && s.charCodeAt(p + 19) === 44 && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57;
/** A line that starts a new entry of any log (log4j, syslog): not a continuation line. */
const startsEntry = (s: string, p: number) => isLog4jHead(s, p) || syslogStart.regex.test(s.slice(p, p + 16));

/**
 * An entry's time before `result` sets it: a number that is not a small integer, so that the
 * field holds doubles from the start (0 would make V8 change the layout of every entry later).
 */
const UNSET = NaN;

/** Most continuation lines kept per log4j entry. */
const MAX_CONTINUATION = 200;

interface FileState {
  id: number;
  /** The clock's timeline of the file, and the place in the clock's feed of its line 0. */
  timeline: number;
  firstPlace: number;
  carry: string;
  lineNo: number;
  /** Stamp of the last timed entry (entries without a timestamp take it; -1: none). */
  lastStamp: number;
  /** Line number of the last line included (avoids duplicates when several hits share a line). */
  lastIncluded: number;
  /** An entry whose continuation lines may follow in the next chunk. */
  open?: { entry: ActivityEntry; count: number };
  /** Queue IDs (`host instance/QUEUEID`) of matching Postfix lines: their other lines come in pass 2. */
  queueIds: QueueKeys;
  /** Lines already included (pass 2 skips them). */
  included: LineSet;
}

export class ActivitySearch {
  readonly entries: ActivityEntry[] = [];
  /** True when `limit` entries were reached and a later one dropped. */
  truncated = false;
  /** What the search looks for in the text: the query, or an account's name without its domain (case-insensitive). */
  readonly needle: string;
  private readonly re: RegExp;
  private readonly files: FileState[] = [];
  private current?: FileState;
  /** The year model: every line of pass 1 is shown to it (by `append`, or by the byte prefilter before `segment`). */
  readonly clock = new EventClock();
  /** The clock stamp of each entry (-1: no time). */
  private readonly stamps: number[] = [];
  private timelines = 0;
  /** The text being scanned is small (a segment, a line): entries cut from it need no copy of their own. */
  private small = false;
  private readonly h: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };

  constructor(readonly query: ActivityQuery, private readonly limit = 200_000) {
    this.needle = query.kind === 'account' && query.value.includes('@') ? query.value.slice(0, query.value.indexOf('@')) : query.value;
    if (!this.needle) this.needle = query.value;
    this.re = new RegExp(escape(this.needle), 'gi');
  }

  /**
   * The files that follow are one timeline (a log and its rotations, oldest first): `reference`
   * is the year of its last syslog line (--year) or a date (its newest file's modification time).
   */
  beginTimeline(reference: number | Date): void {
    this.finishFile();
    this.clock.beginTimeline(reference);
    this.timelines++;
  }

  /**
   * Starts the next file. `reference`: a timeline of its own (see beginTimeline); without it, the
   * file continues the current timeline (a first one dated by today).
   */
  beginFile(reference?: number | Date): number {
    this.finishFile();
    if (reference !== undefined || !this.timelines) this.beginTimeline(reference ?? new Date());
    const id = this.files.length;
    const here = this.clock.here;
    const f: FileState = { id, timeline: here.timeline, firstPlace: here.place + 1, carry: '', lineNo: 0, lastStamp: -1, lastIncluded: -1, queueIds: new QueueKeys(), included: new LineSet() };
    this.files.push(f);
    this.current = f;
    return id;
  }

  /** More text of the current file (cut anywhere). */
  append(text: string): void {
    const f = this.current;
    if (!f) throw new Error('beginFile first');
    const s = f.carry + text;
    const last = s.lastIndexOf('\n');
    if (last < 0) {
      f.carry = s;
      return;
    }
    f.carry = s.slice(last + 1);
    this.clockLines(s, last + 1);
    this.scan(f, s, last + 1);
  }

  /**
   * Whole lines of the current file, the first numbered `firstLine` (text ending with a newline):
   * the byte prefilter's hits, each with its whole entry, or (`continues`) the rest of the entry
   * the last segment ended in. The caller has shown every line of the
   * file up to these to `clock`.
   */
  segment(text: string, firstLine: number, continues = false): void {
    const f = this.current;
    if (!f) throw new Error('beginFile first');
    f.lineNo = firstLine;
    // `continues`: the text starts with the continuation lines of the last segment's entry.
    if (!continues) f.open = undefined;
    // A segment is one entry (or the end of one): a line cut from it keeps little else alive.
    this.small = true;
    this.scan(f, text, text.length);
    this.small = false;
  }

  /** Ends the current file (its last line may lack a newline). */
  finishFile(): void {
    const f = this.current;
    if (!f) return;
    if (f.carry) {
      const s = f.carry + '\n';
      f.carry = '';
      this.clockLines(s, s.length);
      this.scan(f, s, s.length);
    }
    f.open = undefined;
    this.current = undefined;
  }

  /** Files (by id) whose matching Postfix lines named queue IDs: feed them again to `second`. */
  needsSecondPass(): number[] {
    this.finishFile();
    return this.files.filter((f) => f.queueIds.size).map((f) => f.id);
  }

  /** The hashes (hashString) of the queue IDs (without host and instance) whose lines pass 2 over file `id` takes; one may come more than once (from two hosts). */
  queueHashesOf(id: number): readonly number[] {
    return this.files[id].queueIds.idHashes;
  }

  /** Whether line `n` of file `id` is an entry already (pass 2 need not read it). */
  has(id: number, n: number): boolean {
    return this.files[id].included.has(n);
  }

  /**
   * Pass 2: line `n` of file `id` (`l`, without its line end), taken when it belongs to a
   * transaction of pass 1. `own`: `l` is a string of its own, not cut from a larger text.
   */
  secondLine(id: number, l: string, n: number, own = false): void {
    const f = this.files[id];
    if (f.included.has(n)) return;
    const h = syslogHeader(l, this.h);
    if (!h) return;
    QUEUE_ID_HERE.lastIndex = h.message;
    if (!QUEUE_ID_HERE.test(l) || !f.queueIds.has(l, h, QUEUE_ID_HERE.lastIndex - 2)) return;
    this.small = own;
    this.add({ time: UNSET, file: f.id, line: n, text: l }, f, this.stamp(f, l, n));
    this.small = false;
  }

  /** Pass 2 over file `id`: a SecondPass to feed its text to (in chunks, then `finish`). */
  second(id: number): { append(text: string): void; finish(): void } {
    let carry = '';
    let n = 0;
    const line = (l: string) => this.secondLine(id, l, n++);
    return {
      append: (text: string) => {
        const s = carry + text;
        let pos = 0;
        for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', pos)) {
          line(s.slice(pos, nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
          pos = nl + 1;
        }
        carry = s.slice(pos);
      },
      finish: () => {
        if (carry) line(carry.endsWith('\r') ? carry.slice(0, -1) : carry);
        carry = '';
      },
    };
  }

  /** The entries in time order (entries without a time keep their place after the one before), within the query's time range. */
  result(): ActivityEntry[] {
    return runSteps(this.resultSteps());
  }

  /** The same in steps (at most STEP_LINES entries each). */
  *resultSteps(): Steps<ActivityEntry[]> {
    this.finishFile();
    this.clock.finish();
    const { from, to } = this.query;
    const all = from === undefined && to === undefined;
    const inRange = (t: number) => (from === undefined || Number.isNaN(from) || t >= from) && (to === undefined || Number.isNaN(to) || t <= to);
    const list: ActivityEntry[] = [];
    // The keys of the order, in typed arrays: sorting reads them, not the entries.
    const n = this.entries.length;
    const [time, file, line] = [new Float64Array(n), new Int32Array(n), new Int32Array(n)];
    for (let i = 0; i < n; i++) {
      const e = this.entries[i];
      e.time = this.stamps[i] < 0 ? 0 : this.clock.time(this.stamps[i]);
      if (all || (!Number.isNaN(e.time) && inRange(e.time))) {
        time[list.length] = e.time;
        file[list.length] = e.file;
        line[list.length] = e.line;
        list.push(e);
      }
      if ((i + 1) % STEP_LINES === 0) yield;
    }
    const order = yield* orderSteps(list.length, (a, b) => time[a] - time[b] || file[a] - file[b] || line[a] - line[b]);
    const sorted = new Array<ActivityEntry>(list.length);
    for (let k = 0; k < list.length; k++) {
      sorted[k] = list[order[k]];
      if ((k + 1) % STEP_LINES === 0) yield;
    }
    return sorted;
  }

  /** Shows the clock every line of `s[0, end)` (complete lines), in order. */
  private clockLines(s: string, end: number): void {
    for (let p = 0; p < end; p = s.indexOf('\n', p) + 1) this.clock.next(s, p);
  }

  /** The stamp of line `n` of file `f` (a line without a time: the last timed entry's). */
  private stamp(f: FileState, line: string, n: number): number {
    const s = this.clock.stampIfTimed(line, f.firstPlace + n, f.timeline);
    return s < 0 ? f.lastStamp : (f.lastStamp = s);
  }

  private add(e: ActivityEntry, f: FileState, stamp: number): void {
    if (this.entries.length >= this.limit) {
      this.truncated = true;
      return;
    }
    if (!this.small) e.text = detach(e.text);
    this.entries.push(e);
    this.stamps.push(stamp);
    f.included.add(e.line);
  }

  /** Scans the complete lines `s[0, end)` of file `f`, numbered from f.lineNo. */
  private scan(f: FileState, s: string, end: number): void {
    let pos = 0; // start of the line numbered `lineNo`
    let lineNo = f.lineNo;
    const advance = (to: number) => {
      // Moves pos/lineNo to the line that contains offset `to`.
      for (let nl = s.indexOf('\n', pos); nl >= 0 && nl < to; nl = s.indexOf('\n', pos)) {
        pos = nl + 1;
        lineNo++;
      }
    };
    const lineEnd = (p: number) => {
      const nl = s.indexOf('\n', p);
      return nl < 0 || nl > end ? end : nl;
    };
    const text = (a: number, b: number) => s.slice(a, b > a && s.charCodeAt(b - 1) === 13 ? b - 1 : b);
    // Continuation lines of an entry left open by the previous chunk.
    if (f.open) {
      const o = f.open;
      f.open = undefined;
      while (pos < end && !startsEntry(s, pos)) {
        const e = lineEnd(pos);
        if (o.count++ < MAX_CONTINUATION) o.entry.text = detach(o.entry.text + '\n' + text(pos, e));
        f.included.add(lineNo);
        f.lastIncluded = lineNo;
        pos = e + 1;
        lineNo++;
      }
      if (pos >= end) f.open = o;
    }
    this.re.lastIndex = pos;
    for (let m = this.re.exec(s); m && m.index < end; m = this.re.exec(s)) {
      advance(m.index);
      if (lineNo <= f.lastIncluded) {
        this.re.lastIndex = lineEnd(pos) + 1;
        continue;
      }
      const le = lineEnd(pos);
      const line = text(pos, le);
      if (!tokenAt(line, m.index - pos, m[0], this.query)) {
        this.re.lastIndex = m.index + 1;
        continue;
      }
      // The entry this line belongs to: a log4j header, a syslog line, or a continuation (walk back to its header).
      let start = pos;
      let startNo = lineNo;
      if (!startsEntry(s, pos)) {
        let p = pos;
        let no = lineNo;
        for (let k = 0; k < MAX_CONTINUATION && p > 0; k++) {
          const prev = s.lastIndexOf('\n', p - 2) + 1;
          no--;
          if (no <= f.lastIncluded) break;
          if (isLog4jHead(s, prev)) {
            start = prev;
            startNo = no;
            break;
          }
          p = prev;
        }
      }
      const head = text(start, lineEnd(start));
      if (isLog4jHead(s, start)) {
        // The entry with its continuation lines.
        const entry: ActivityEntry = { time: UNSET, file: f.id, line: startNo, text: head };
        this.add(entry, f, this.stamp(f, head, startNo));
        let p = lineEnd(start) + 1;
        let no = startNo + 1;
        let count = 0;
        while (p < end && !startsEntry(s, p)) {
          const e = lineEnd(p);
          if (count++ < MAX_CONTINUATION) entry.text += '\n' + text(p, e);
          f.included.add(no);
          p = e + 1;
          no++;
        }
        if (count) entry.text = detach(entry.text);
        if (p >= end) f.open = { entry, count };
        f.lastIncluded = no - 1;
        advance(p - 1);
        this.re.lastIndex = p;
        continue;
      }
      this.add({ time: UNSET, file: f.id, line: lineNo, text: line }, f, this.stamp(f, line, lineNo));
      f.lastIncluded = lineNo;
      const h = syslogHeader(line, this.h);
      if (h && line.startsWith(programMarkers.postfix.text, h.programStart)) {
        QUEUE_ID_HERE.lastIndex = h.message;
        if (QUEUE_ID_HERE.test(line)) f.queueIds.add(line, h, QUEUE_ID_HERE.lastIndex - 2);
      }
      this.re.lastIndex = le + 1;
    }
    advance(end);
    // `end` is just after the last newline: pos === end now.
    f.lineNo = lineNo + (pos < end ? 1 : 0);
  }
}

/** The language a merged document reads best in: zimbra-log when any entry is a log4j entry. */
export function activityLanguage(entries: readonly ActivityEntry[]): 'zimbra-log' | 'postfix-log' {
  return entries.some((e) => isLog4jHead(e.text, 0)) || !entries.length ? 'zimbra-log' : 'postfix-log';
}
