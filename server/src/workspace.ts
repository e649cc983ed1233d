// One parsed view of each open log, built once per document version and shared by every
// request: its lines and its collated transactions (computed on first use).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { collateText, Transaction } from './engine/collateText';
import { LogIndex } from './engine/index/logIndex';
import { ProblemScan } from './engine/index/problemScan';

/**
 * What features read from a log: a document held in memory (`LogView`) or a file indexed from
 * disk (`DiskView`, for logs past the editor's 50 MB extension limit and compressed logs).
 */
export interface LogSource {
  readonly document: { readonly uri: string };
  readonly scan: ProblemScan;
  readonly index: LogIndex;
  readonly transactions: Transaction[];
  /** Line `n` without its terminator. */
  line(n: number): string;
  /** Line `n` with its terminator, as collate.pl prints it. */
  rawLine(n: number): string;
}

export class LogView implements LogSource {
  private _transactions?: Transaction[];
  private _lenses?: unknown;
  private _index?: LogIndex;
  private _scan?: ProblemScan;
  /** The text the index covers, when it ends with a complete line (so that it can grow). */
  private indexedText?: string;
  readonly version: number;

  constructor(readonly document: TextDocument, previous?: LogView) {
    this.version = document.version;
    // A log that grows: index only the appended lines, when the old text is a prefix of the new.
    const old = previous?.indexedText;
    if (old !== undefined && (previous?._index || previous?._scan)) {
      const text = document.getText();
      if (text.length >= old.length && text.startsWith(old)) {
        const added = text.slice(old.length);
        this._index = previous._index;
        this._scan = previous._scan;
        this._index?.appendText(added);
        this._scan?.appendText(added);
        this.covered();
      }
    }
  }

  /**
   * The text of this version, which both passes read (a view never changes): remembered when it
   * ends with a complete line, so that the next version's passes can go on from it.
   */
  private covered(): string {
    const text = this.document.getText();
    this.indexedText = text.endsWith('\n') ? text : undefined;
    return text;
  }

  /** The quick first pass: what the Problems panel needs (entries, restarts, problems, delivery results). */
  get scan(): ProblemScan {
    if (!this._scan) this._scan = ProblemScan.build(this.covered());
    return this._scan;
  }

  /** A per-version cache for a feature's whole-document answer (code lenses are asked again and again). */
  cached<T>(key: 'lenses', make: () => T): T {
    return (this._lenses ??= make()) as T;
  }

  /** The one-pass index of the log. */
  get index(): LogIndex {
    if (!this._index) this._index = LogIndex.build(this.covered());
    return this._index;
  }

  /** Line n with its terminator (read through the document's line offsets, no copy of the text). */
  rawLine(n: number): string {
    const doc = this.document;
    if (n < 0 || n >= doc.lineCount) return '';
    const start = doc.offsetAt({ line: n, character: 0 });
    const end = n + 1 < doc.lineCount ? doc.offsetAt({ line: n + 1, character: 0 }) : doc.getText().length;
    return doc.getText().slice(start, end);
  }

  /** The line without its terminator. */
  line(n: number): string {
    return stripTerminator(this.rawLine(n));
  }

  get transactions(): Transaction[] {
    return (this._transactions ??= collateText(this.document.getText()));
  }
}

/** Views by URI, replaced when the document's version changes. */
export class LogViews {
  private readonly views = new Map<string, LogView>();
  private readonly numbers = new Map<string, number>();
  private readonly uris: string[] = [];

  /** A small number standing for a URI in data sent to the client (code lenses). */
  number(uri: string): number {
    let n = this.numbers.get(uri);
    if (n === undefined) {
      n = this.uris.push(uri) - 1;
      this.numbers.set(uri, n);
    }
    return n;
  }

  uri(n: number): string | undefined {
    return this.uris[n];
  }

  get(document: TextDocument): LogView {
    const cached = this.views.get(document.uri);
    if (cached && cached.version === document.version && cached.document === document) return cached;
    const view = new LogView(document, cached);
    this.views.set(document.uri, view);
    return view;
  }

  delete(uri: string): void {
    this.views.delete(uri);
  }
}

/** A line without its "\n" or "\r\n". */
export function stripTerminator(l: string): string {
  return l.endsWith('\r\n') ? l.slice(0, -2) : l.endsWith('\n') ? l.slice(0, -1) : l;
}
