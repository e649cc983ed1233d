// The passes over an open log. The first one splits each line, numbers it and reads its header
// once, hands it to the problem scan (the Problems panel, published as soon as it ends), notes it
// when the login and account analyses will want it (so that those read these lines only, not the
// whole log again), and notes smtpd sessions (folding). It keeps where each line starts, to read
// lines back. The second one (indexSteps) gives the text, as UTF-8 bytes, to the log's stream
// index (streamIndex.ts: the same index files on disk get), which every request about queue IDs,
// Message-IDs and transactions queries (recordQuery.ts). Both can go on with appended text, and
// run in steps.
import { loginMarkers } from '../formats/markers';
import { STEP_LINES, Steps } from '../steps';
import { reportLine, reportSubject } from '../formats/hints';
import { LinePass } from './linePass';
import { ProblemScan } from './problemScan';
import { SmtpdSessions } from './sessions';
import { StreamIndex } from './streamIndex';
import { SyslogHeader } from './syslogHeader';

/** Lines the account report reads (SMTP AUTH, Postfix deliveries, logins, webmail sends): its cheap test. */
export const REPORT_LINE = reportLine.regex;
/** Of those, the lines that mean the log has accounts to report on (a log of deliveries alone has none). */
export const REPORT_SUBJECT = reportSubject.regex;

const encoder = new TextEncoder();

export class DocumentPass extends LinePass {
  readonly scan = new ProblemScan();
  /** Lines matching REPORT_LINE, in order. */
  readonly reportLines: number[] = [];
  /** Whether one of them names an account (see REPORT_SUBJECT). */
  reportSubject = false;
  /** log4j WARN and INFO entries that are logins (audit.log `cmd=Auth`..., mailbox.log failed authentications). */
  readonly loginEntries: number[] = [];
  /** Where each line starts in the text (of the lines read through appendText/appendSteps). */
  readonly lineStarts = new Offsets();
  /** The log's index: line marks, queue-ID, Message-ID, hop and address postings (no text). */
  stream = new StreamIndex();
  readonly sessions = new SmtpdSessions();
  /** UTF-8 bytes given to the stream index so far. */
  private bytes = 0;
  private buffer = new Uint8Array(1 << 16);

  /**
   * Gives the lines read so far and not indexed yet to the stream index, pausing every
   * `linesPerStep` lines; `text`: the text they were read from (all the texts appended, in one).
   */
  *indexSteps(text: string, linesPerStep = STEP_LINES): Steps<void> {
    const starts = this.lineStarts;
    while (this.stream.lineCount < this.lineCount) {
      const a = this.stream.lineCount;
      const b = Math.min(this.lineCount, a + linesPerStep);
      this.feed(text, starts.get(a), b < starts.length ? starts.get(b) : text.length);
      if (this.stream.lineCount === a) return; // (never: every line has a character at least)
      yield;
    }
  }

  /**
   * Takes the stream index of the same text made elsewhere (a worker that read the file), of
   * `bytes` UTF-8 bytes, when none was indexed here yet; the pass may still be reading the text
   * (`adoptedWhole` checks the lines once it has).
   */
  adoptIndex(ix: StreamIndex, bytes: number): boolean {
    if (this.stream.lineCount !== 0 || ix.size !== bytes) return false;
    this.stream = ix;
    this.bytes = bytes;
    return true;
  }

  /** Whether an index adopted has the lines the pass read; if not, it is dropped (indexSteps makes it again). */
  adoptedWhole(): boolean {
    if (this.stream.lineCount === this.lineCount) return true;
    this.stream = new StreamIndex();
    this.bytes = 0;
    return false;
  }

  /** Whether the stream index has every line read so far. */
  get indexed(): boolean {
    return this.stream.lineCount >= this.lineCount;
  }

  /** Gives text[from, to) (whole lines) to the stream index. */
  private feed(text: string, from: number, to: number): void {
    if (to <= from) return;
    const need = (to - from) * 3;
    if (this.buffer.length < need) this.buffer = new Uint8Array(Math.max(need, this.buffer.length * 2));
    const { written } = encoder.encodeInto(text.slice(from, to), this.buffer);
    this.stream.push(this.buffer, 0, written, this.bytes);
    this.bytes += written;
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
    if (e && (e.level === 'WARN' || e.level === 'INFO') && (line.includes(loginMarkers.audit.text, 30) || line.includes(loginMarkers.authFailedFor.text, 30))) this.loginEntries.push(n);
  }

  syslog(line: string, n: number, h: SyslogHeader): void {
    this.scan.syslog(line, n, h);
    this.sessions.syslog(line, n, h);
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
