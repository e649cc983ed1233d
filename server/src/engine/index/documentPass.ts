// The one pass over an open log: each line is split, numbered and its header read once, then
// handed to the problem scan (the Problems panel), the index (navigation, hovers, lenses, paths)
// and noted when the login and account analyses will want it, so that those read these lines
// only instead of the whole log again. It keeps where each line starts, to read lines back. It
// can go on with appended text, and run in steps.
import { LogIndex } from './logIndex';
import { LinePass } from './linePass';
import { ProblemScan } from './problemScan';
import { SyslogHeader } from './syslogHeader';

/** Lines the account report reads (SMTP AUTH, Postfix deliveries, logins, webmail sends): its cheap test. */
export const REPORT_LINE = /sasl_username=|: to=<|: removed$| security - cmd=|Sending message to MTA|DeviceID=/;
/** Of those, the lines that mean the log has accounts to report on (a log of deliveries alone has none). */
export const REPORT_SUBJECT = /sasl_username=|Sending message to MTA| security - cmd=|DeviceID=/;

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

  push(line: string, start?: number): void {
    const n = this.lineCount;
    if (start !== undefined && this.lineStarts.length === n) this.lineStarts.push(start);
    super.push(line);
    this.scan.lineCount = this.index.lineCount = this.lineCount;
    if (REPORT_LINE.test(line)) {
      this.reportLines.push(n);
      if (!this.reportSubject && REPORT_SUBJECT.test(line)) this.reportSubject = true;
    }
  }

  log4j(line: string, n: number): void {
    const entries = this.scan.entries;
    const before = entries.length;
    this.scan.log4j(line, n);
    this.index.log4j(line, n);
    const e = entries.length > before ? entries[entries.length - 1] : undefined;
    if (e && (e.level === 'WARN' || e.level === 'INFO') && (line.includes(' security - cmd=', 30) || line.includes('authentication failed for [', 30))) this.loginEntries.push(n);
  }

  syslog(line: string, n: number, h: SyslogHeader): void {
    this.scan.syslog(line, n, h);
    this.index.syslog(line, n, h);
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
