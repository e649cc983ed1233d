// Collation of a text held in memory (an editor document, a test fixture): the text is read as
// its UTF-8 bytes, as collate.pl reads a file, and each transaction comes back as line numbers.
import { Collator } from './collate';
import { Bytes } from './bytes';

export interface Transaction {
  /** collate.pl's key, `instance/QUEUEID`. */
  key: string;
  instance: string;
  queueId: string;
  /** 0-based line numbers, in the order collate.pl prints the lines. */
  lines: number[];
  complete: boolean;
}

/** Calls `each(start, end, lineNumber)` for every line of `b` (terminator included). */
export function forEachLine(b: Bytes, each: (start: number, end: number, line: number) => void, firstLine = 0): number {
  let pos = 0;
  let n = firstLine;
  while (pos < b.length) {
    const nl = b.indexOf(10, pos);
    const end = nl < 0 ? b.length : nl + 1;
    each(pos, end, n++);
    pos = end;
  }
  return n;
}

function toTransaction(c: Collator, id: number, head: number, complete: boolean): Transaction {
  const key = c.keyOf(id);
  const slash = key.indexOf('/');
  const lines: number[] = [];
  for (let r = head; r !== 0; r = c.lines.next[r]) lines.push(c.lines.line[r]);
  return { key, instance: key.slice(0, slash), queueId: key.slice(slash + 1), lines, complete };
}

/** The transactions of `text`, in the order collate.pl prints them. */
export function collateText(text: string): Transaction[] {
  const bytes = new TextEncoder().encode(text);
  const out: Transaction[] = [];
  const c: Collator = new Collator((id, head, complete) => out.push(toTransaction(c, id, head, complete)));
  c.setInput(bytes);
  forEachLine(bytes, (s, e, n) => c.push(s, e, n));
  c.end();
  return out;
}

/** The lines of `text` with their terminators, as collate.pl prints them. */
export function splitLinesKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push(text.slice(pos, end));
    pos = end;
  }
  return lines;
}

/** collate.pl's output for these transactions: each one's lines, then an empty line. */
export function formatTransactions(ts: readonly Transaction[], lines: readonly string[]): string {
  const parts: string[] = [];
  for (const t of ts) {
    for (const n of t.lines) parts.push(lines[n]);
    parts.push('\n');
  }
  return parts.join('');
}
