// What the streaming investigations (the account report, the security view) share: text in
// chunks of any cut, split into numbered lines of each file; needles found in a chunk in one
// forward pass each, so that a line that holds none of them costs a few comparisons; and strings
// kept as copies of their own, never as slices that would hold a whole chunk of the log.

/** A copy of `s` that holds nothing else (V8 makes substrings of 13 characters or more slices of their parent). */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Strings kept once each (accounts, addresses, clients, protocols). */
export class Interner {
  private readonly strings = new Map<string, string>();

  get(s: string): string;
  get(s: string | undefined): string | undefined;
  get(s: string | undefined): string | undefined {
    if (s === undefined) return undefined;
    let x = this.strings.get(s);
    if (x === undefined) this.strings.set((x = own(s)), x);
    return x;
  }
}

/** Where fixed strings occur in one chunk of text, each found by one forward search however many lines ask. */
export class Needles {
  private text = '';
  private readonly at: number[];

  constructor(private readonly needles: readonly string[]) {
    this.at = needles.map(() => -1);
  }

  /** A new chunk. */
  reset(text: string): void {
    this.text = text;
    this.at.fill(-1);
  }

  /** Where needle `k` starts in [s, e) of the chunk (lines asked in order), or -1. */
  find(k: number, s: number, e: number): number {
    let p = this.at[k];
    if (p < s) {
      p = this.text.indexOf(this.needles[k], s);
      this.at[k] = p = p < 0 ? Infinity : p;
    }
    return p < e ? p : -1;
  }
}

/**
 * Text of files in chunks of any cut (`beginFile`, `append`..., `endFile`), handed on as blocks
 * of lines, each with its number in its file; a CR before LF is part of the line end.
 */
export abstract class TextFeed {
  protected file = 0;
  /** The number (0-based) of the next line of the file. */
  protected n = 0;
  private carry = '';

  beginFile(file: number): void {
    this.endFile();
    this.file = file;
    this.n = 0;
  }

  append(text: string): void {
    // The line begun in the last chunk ends at this one's first line end (if it has one).
    const head = this.carry ? text.indexOf('\n') + 1 : 0;
    if (this.carry) {
      if (!head) {
        this.carry += text;
        return;
      }
      const line = this.carry + text.slice(0, head);
      this.carry = '';
      this.block(line, 0, line.length);
    }
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) this.carry = text.slice(Math.max(head, end));
    if (end > head) this.block(text, head, end);
  }

  /** The last line of the file, when it has no line end. */
  endFile(): void {
    if (!this.carry) return;
    const c = this.carry;
    this.carry = '';
    this.block(c, 0, c.length);
  }

  /** Lines text[from, end): each ends with "\n" but a file's last (which may end at `end`). */
  private block(text: string, from: number, end: number): void {
    this.chunk(text);
    for (let s = from; s < end; ) {
      let nl = text.indexOf('\n', s);
      if (nl < 0 || nl >= end) nl = end;
      this.line(text, s, nl > s && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, this.n++);
      s = nl + 1;
    }
  }

  /** A new chunk of text, whose lines follow. */
  protected abstract chunk(text: string): void;

  /** Line `n` of the current file: text[s, e), without its line end. */
  protected abstract line(text: string, s: number, e: number, n: number): void;
}
