// One pass over a log's lines that can go on with appended text: splits the text, numbers the
// lines and tells log4j entries from syslog lines, for the passes built on it (ProblemScan,
// LogIndex, DocumentPass, which drives several at once). Lines are handed over without their
// terminator ("\n" or "\r\n").
import { STEP_LINES, Steps } from '../steps';
import { SyslogHeader, syslogHeader } from './syslogHeader';

/** `YYYY-MM-DD HH:MM:SS,mmm `: a Zimbra log4j entry starts here. */
export function isLog4jHeader(line: string): boolean {
  const c = line.charCodeAt(0);
  return c >= 48 && c <= 57 && line.charCodeAt(4) === 45 && line.charCodeAt(10) === 32 && line.charCodeAt(19) === 44;
}

export abstract class LinePass {
  /** Lines seen so far; the next line gets this number. */
  lineCount = 0;
  private readonly h: SyslogHeader = { timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 };

  /** Reads more lines of the same log (a last line without newline is read too). */
  appendText(text: string): void {
    for (const _ of this.appendSteps(text, Infinity));
  }

  /**
   * The same, a step at a time: pauses after every `linesPerStep` lines, so that a caller can
   * read a large text in slices and do other work in between.
   */
  *appendSteps(text: string, linesPerStep = STEP_LINES): Steps<void> {
    const base = this.appended;
    this.appended += text.length;
    let pos = 0;
    let left = linesPerStep;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.push(text.slice(pos, end), base + pos);
      pos = nl + 1;
      if (--left === 0) {
        left = linesPerStep;
        yield;
      }
    }
  }

  /** Characters of the texts appended so far. */
  private appended = 0;

  /** Reads one line (without its terminator); `_start`: where it starts in the appended texts. */
  push(line: string, _start?: number): void {
    const n = this.lineCount++;
    if (isLog4jHeader(line)) {
      this.log4j(line, n);
      return;
    }
    const h = syslogHeader(line, this.h);
    if (h) this.syslog(line, n, h);
    else this.other(line, n);
  }

  /** A line that starts a log4j entry. */
  abstract log4j(line: string, n: number): void;
  /** A syslog line; `h` is reused for the next line. */
  abstract syslog(line: string, n: number, h: SyslogHeader): void;
  /** Any other line (stack-trace continuations, garbage). */
  other(_line: string, _n: number): void {}
}
