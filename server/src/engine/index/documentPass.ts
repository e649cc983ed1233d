// The passes over an open log. The first one splits each line, numbers it and reads its header
// once, hands it to the problem scan (the Problems panel, published as soon as it ends), notes it
// when the login and account analyses will want it (so that those read these lines only, not the
// whole log again), and notes where queue IDs are (QueueIdLines: requests that come before the
// index is complete are answered from those lines). It keeps where each line starts, to read lines
// back. The second one (indexSteps) gives the lines to the index (navigation, hovers, lenses,
// paths). Both can go on with appended text, and run in steps.
import type { Steps } from '../steps';
import { reportLine, reportSubject } from '../formats/hints';
import { LogIndex } from './logIndex';
import { LinePass } from './linePass';
import { ProblemScan } from './problemScan';
import { QueueIdLines } from './queueIdLines';
import { SyslogHeader } from './syslogHeader';

/** Lines the account report reads (SMTP AUTH, Postfix deliveries, logins, webmail sends): its cheap test. */
export const REPORT_LINE = reportLine.regex;
/** Of those, the lines that mean the log has accounts to report on (a log of deliveries alone has none). */
export const REPORT_SUBJECT = reportSubject.regex;

export class DocumentPass extends LinePass {
  readonly scan = new ProblemScan();
  /** Lines matching REPORT_LINE, in order. */
  readonly reportLines: number[] = [];
  /** Whether one of them names an account (see REPORT_SUBJECT). */
  reportSubject = false;
  /** log4j WARN and INFO entries that are logins (audit.log `cmd=Auth`..., mailbox.log failed authentications). */
  readonly loginEntries: number[] = [];

  /** `index`: an index that reads its lines back from the document (see LogIndex). */
  constructor(readonly index: LogIndex) {
    super();
  }

  /** Where each line starts in the text (of the lines read through appendText/appendSteps). */
  readonly lineStarts = new Offsets();
  /** Where each queue ID's lines are, for answers before the index is complete. */
  readonly queueIds = new QueueIdLines();

  /**
   * Gives the lines read so far and not indexed yet to the index, pausing every `linesPerStep`
   * lines; `text`: the text they were read from (all the texts appended, in one).
   */
  *indexSteps(text: string, linesPerStep = 1024): Steps<void> {
    const index = this.index;
    const starts = this.lineStarts;
    let left = linesPerStep;
    while (index.lineCount < this.lineCount) {
      const n = index.lineCount;
      const start = starts.get(n);
      let end = n + 1 < starts.length ? starts.get(n + 1) - 1 : text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      index.push(text.slice(start, end));
      if (--left === 0) {
        left = linesPerStep;
        yield;
      }
    }
  }

  /** Whether the index has every line read so far. */
  get indexed(): boolean {
    return this.index.lineCount === this.lineCount;
  }

  push(line: string, start?: number): void {
    const n = this.lineCount;
    if (start !== undefined && this.lineStarts.length === n) this.lineStarts.push(start);
    super.push(line);
    this.scan.lineCount = this.lineCount;
    if (REPORT_LINE.test(line)) {
      this.reportLines.push(n);
      if (!this.reportSubject && REPORT_SUBJECT.test(line)) this.reportSubject = true;
    }
  }

  log4j(line: string, n: number): void {
    const entries = this.scan.entries;
    const before = entries.length;
    this.scan.log4j(line, n);
    const e = entries.length > before ? entries[entries.length - 1] : undefined;
    if (e && (e.level === 'WARN' || e.level === 'INFO') && (line.includes(' security - cmd=', 30) || line.includes('authentication failed for [', 30))) this.loginEntries.push(n);
  }

  syslog(line: string, n: number, h: SyslogHeader): void {
    this.scan.syslog(line, n, h);
    const m = h.message;
    if (line.startsWith('postfix', h.programStart)) this.queueIds.subject(line, m, n);
    this.queueIds.mention(line, m, n);
  }

  other(line: string, n: number): void {
    this.scan.other(line, n);
  }
}

/** A growing list of text offsets, 4 bytes each. */
export class Offsets {
  private a = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }

  get(i: number): number {
    return this.a[i];
  }
}
