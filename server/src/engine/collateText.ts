// Collation of a text held in memory (an editor document, a test fixture): the text is read as
// its UTF-8 bytes, as collate.pl reads a file, and each transaction comes back as line numbers.
import { Collator } from './collate';
import { runSteps, STEP_BYTES, STEP_LINES, Steps } from './steps';

export interface Transaction {
  /** collate.pl's key, `instance/QUEUEID`. */
  key: string;
  instance: string;
  queueId: string;
  /** 0-based line numbers, in the order collate.pl prints the lines. */
  lines: number[];
  complete: boolean;
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
  return runSteps(collateSteps(text));
}

/** The same, pausing after every block of about `chars` characters (whole lines, encoded a block at a time). */
export function* collateSteps(text: string, chars = STEP_BYTES >> 2): Steps<Transaction[]> {
  const out: Transaction[] = [];
  const c: Collator = new Collator((id, head, complete) => out.push(toTransaction(c, id, head, complete)));
  const encoder = new TextEncoder();
  let n = 0;
  for (let pos = 0; pos < text.length; ) {
    const nl = pos + chars < text.length ? text.indexOf('\n', pos + chars) : -1;
    const end = nl < 0 ? text.length : nl + 1;
    const bytes = encoder.encode(text.slice(pos, end));
    n = c.feed(bytes, 0, bytes.length, n);
    pos = end;
    if (pos < text.length) yield;
  }
  c.end();
  return out;
}

/**
 * collate.pl's output for these transactions: each one's lines, then an empty line. `rawLine(n)`
 * gives line n with its terminator.
 */
export function formatTransactions(ts: readonly Transaction[], rawLine: (n: number) => string): string {
  return runSteps(formatSteps(ts, rawLine));
}

/** The same, pausing after about every `lines` lines (a whole log's text is made between requests). */
export function* formatSteps(ts: readonly Transaction[], rawLine: (n: number) => string, lines = STEP_LINES): Steps<string> {
  return (yield* pageSteps(ts, rawLine, { transaction: 0, line: 0 }, Infinity, lines)).text;
}

/** Where a page of a collation starts: a transaction (in collate.pl's order) and one of its lines. */
export interface PageStart {
  transaction: number;
  line: number;
}

export interface Page {
  /** collate.pl's output from the page's start on. */
  text: string;
  /** The transactions whose first line is on the page. */
  keys: string[];
  /** Where the next page starts; null after the last one. */
  next: PageStart | null;
}

/**
 * A page of collate.pl's output for these transactions, from `from` on: whole lines, until the
 * page holds `chars` characters or more (at least one line; a transaction's empty line after its
 * last one), pausing after about every `lines` lines. The pages from the start, one after the
 * other, make the whole output.
 */
export function* pageSteps(ts: readonly Transaction[], rawLine: (n: number) => string, from: PageStart, chars: number, lines = STEP_LINES): Steps<Page> {
  const pieces: string[] = [];
  let parts: string[] = [];
  const keys: string[] = [];
  let size = 0;
  let since = 0;
  const page = (next: PageStart | null): Page => (pieces.push(parts.join('')), { text: pieces.join(''), keys, next });
  for (let t = from.transaction, l = from.line; t < ts.length; t++, l = 0) {
    const ns = ts[t].lines;
    if (size >= chars) return page({ transaction: t, line: l });
    if (l === 0) keys.push(ts[t].key);
    for (; l < ns.length; l++) {
      if (size >= chars) return page({ transaction: t, line: l });
      const s = rawLine(ns[l]);
      parts.push(s);
      size += s.length;
      if (++since >= lines) {
        pieces.push(parts.join(''));
        parts = [];
        since = 0;
        yield;
      }
    }
    parts.push('\n');
    size++;
  }
  return page(null);
}
