// collate.pl (Viktor Dukhovni's Postfix log collator) with exactly its semantics:
// see ../shared/seed for the script. Lines are fed one at a time, each with its line
// terminator, and finished transactions are handed to `emit` in the order collate.pl prints
// them. Perl's quirks are kept on purpose (smtpd/smtp state keyed by PID alone, a second
// transaction of a session starting with the whole session so far, pre-delivery smtp lines
// attached to the next `to=` of that PID), so that the output is byte-identical.
import { isWord, skipWord } from './chars';
import { collateHeader } from './collateHeader';

/** Lines of one transaction: their text (concatenated, terminators kept) and, when tracked, their line numbers. */
export interface Body {
  text: string;
  lines: number[] | undefined;
}

export interface CollatedTransaction {
  /** `instance/QUEUEID`, collate.pl's key. */
  key: string;
  text: string;
  /** Line numbers (0-based, in feed order) of the lines, when line tracking is on. */
  lines: number[] | undefined;
  /** False for transactions dumped at the end without a `removed` line. */
  complete: boolean;
}

const AGENTS = new Set(['discard', 'error', 'local', 'pipe', 'virtual']);

export class Collator {
  private readonly smtpd = new Map<string, { log: Body | undefined; qid: string | undefined }>();
  private readonly smtp = new Map<string, Body>();
  private readonly transaction = new Map<string, Body>();
  private readonly seqno = new Map<string, number>();
  private i = 0;

  /** @param trackLines keep line numbers too (the editor needs them; the CLI does not). */
  constructor(
    private readonly emit: (t: CollatedTransaction) => void,
    private readonly trackLines = false,
  ) {}

  private one(line: string, lineNo: number): Body {
    return { text: line, lines: this.trackLines ? [lineNo] : undefined };
  }

  private static append(to: Body | undefined, b: Body): Body {
    if (!to) return { text: b.text, lines: b.lines ? b.lines.slice() : undefined };
    to.text += b.text;
    if (to.lines && b.lines) for (const n of b.lines) to.lines.push(n);
    return to;
  }

  private static copy(b: Body): Body {
    return { text: b.text, lines: b.lines ? b.lines.slice() : undefined };
  }

  /** Feeds one line, terminator included ("\n", or none for a last unterminated line). */
  push(line: string, lineNo = 0): void {
    const h = collateHeader(line);
    if (!h) return;
    const { command, pid, body: p } = h;
    // (\w+): at the message start, as most branches need it.
    const w = skipWord(line, p);
    const qidEnd = w > p && line.charCodeAt(w) === 58 && line.charCodeAt(w + 1) === 32 ? w : -1;
    const key = qidEnd > 0 ? h.instance + '/' + line.slice(p, qidEnd) : '';
    const rest = qidEnd + 2; // offset after "QID: "

    switch (command) {
      case 'smtpd': {
        if (line.startsWith('connect from ', p)) {
          const s = this.smtpd.get(pid);
          if (s) s.log = this.one(line, lineNo);
          else this.smtpd.set(pid, { log: this.one(line, lineNo), qid: undefined });
          return;
        }
        let s = this.smtpd.get(pid);
        if (!s) this.smtpd.set(pid, (s = { log: undefined, qid: undefined }));
        const cur = this.one(line, lineNo);
        s.log = Collator.append(s.log, cur);
        if (qidEnd > 0 && line.startsWith('client=', rest)) {
          s.qid = key;
          this.transaction.set(key, Collator.copy(s.log));
          this.seqno.set(key, ++this.i);
          return;
        }
        if (s.qid !== undefined) {
          const t = this.transaction.get(s.qid);
          if (t) Collator.append(t, cur);
        }
        if (line.startsWith('disconnect from', p)) this.smtpd.delete(pid);
        return;
      }
      case 'pickup':
        if (qidEnd > 0 && line.startsWith('uid=', rest)) {
          this.transaction.set(key, this.one(line, lineNo));
          this.seqno.set(key, ++this.i);
        }
        return;
      case 'cleanup':
        if (qidEnd < 0) return;
        this.transaction.set(key, Collator.append(this.transaction.get(key), this.one(line, lineNo)));
        if (!this.seqno.has(key)) this.seqno.set(key, ++this.i);
        return;
      case 'qmgr': {
        if (qidEnd < 0) return;
        const t = this.transaction.get(key);
        if (!t) return;
        Collator.append(t, this.one(line, lineNo));
        if (line.startsWith('removed', rest) && (line.length === rest + 7 || (line.length === rest + 8 && line.charCodeAt(rest + 7) === 10))) {
          this.transaction.delete(key);
          this.emit({ key, text: t.text, lines: t.lines, complete: true });
        }
        return;
      }
      case 'smtp':
      case 'lmtp': {
        const buffered = Collator.append(this.smtp.get(pid), this.one(line, lineNo));
        this.smtp.set(pid, buffered);
        if (qidEnd > 0 && line.startsWith('to=', rest)) {
          const t = this.transaction.get(key);
          if (t) Collator.append(t, buffered);
          this.smtp.delete(pid);
        }
        return;
      }
      case 'bounce': {
        if (qidEnd < 0) return;
        const newId = notificationId(line, rest);
        if (newId === undefined) return;
        const t = this.transaction.get(key);
        if (t) Collator.append(t, this.one(line, lineNo));
        const newKey = h.instance + '/' + newId;
        const prepended = this.one(line, lineNo);
        const old = this.transaction.get(newKey);
        if (old) Collator.append(prepended, old);
        this.transaction.set(newKey, prepended);
        if (!this.seqno.has(newKey)) this.seqno.set(newKey, ++this.i);
        return;
      }
      default:
        if (AGENTS.has(command) && qidEnd > 0 && line.startsWith('to=', rest)) {
          const t = this.transaction.get(key);
          if (t) Collator.append(t, this.one(line, lineNo));
        }
    }
  }

  /** Hands over the incomplete transactions, in the order they were first seen. */
  end(): void {
    const keys = [...this.transaction.keys()].sort((a, b) => this.seqno.get(a)! - this.seqno.get(b)!);
    for (const key of keys) {
      const t = this.transaction.get(key)!;
      this.emit({ key, text: t.text, lines: t.lines, complete: false });
    }
    this.transaction.clear();
    this.smtpd.clear();
    this.smtp.clear();
  }
}

/**
 * collate.pl's `.*? notification: (\w+)$` after "QID: ": the new queue ID at the end of the
 * line (before an optional final "\n"), right after " notification: ".
 */
export function notificationId(line: string, from: number): string | undefined {
  let end = line.length;
  if (line.charCodeAt(end - 1) === 10) end--;
  let start = end;
  while (start > from && isWord(line.charCodeAt(start - 1))) start--;
  if (start === end) return undefined;
  const marker = ' notification: ';
  const m = start - marker.length;
  if (m < from || !line.startsWith(marker, m)) return undefined;
  // `.` does not match "\n": a newline between "QID: " and the marker makes Perl fail.
  if (line.lastIndexOf('\n', m) >= from) return undefined;
  return line.slice(start, end);
}

/** Collates a whole text (the editor's document, a test fixture) into transactions in print order. */
export function collateText(text: string, trackLines = false): CollatedTransaction[] {
  const out: CollatedTransaction[] = [];
  const c = new Collator((t) => out.push(t), trackLines);
  let pos = 0;
  let n = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    c.push(text.slice(pos, end), n++);
    pos = end;
  }
  c.end();
  return out;
}

/** collate.pl's output for a list of transactions: each one followed by an empty line. */
export function formatCollated(ts: readonly CollatedTransaction[]): string {
  let s = '';
  for (const t of ts) s += t.text + '\n';
  return s;
}
