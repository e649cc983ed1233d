// One parsed view of each open log, built once per document version and shared by every
// request: its lines and its collated transactions (computed on first use).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { collateText, splitLinesKeepEnds, Transaction } from './engine/collateText';

export class LogView {
  private _lines?: string[];
  private _transactions?: Transaction[];

  constructor(readonly document: TextDocument) {}

  /** The document's lines with their terminators. */
  get lines(): string[] {
    return (this._lines ??= splitLinesKeepEnds(this.document.getText()));
  }

  /** The line without its terminator. */
  line(n: number): string {
    const l = this.lines[n] ?? '';
    return l.endsWith('\r\n') ? l.slice(0, -2) : l.endsWith('\n') ? l.slice(0, -1) : l;
  }

  get transactions(): Transaction[] {
    return (this._transactions ??= collateText(this.document.getText()));
  }
}

/** Views by URI, replaced when the document's version changes. */
export class LogViews {
  private readonly views = new Map<string, LogView>();

  get(document: TextDocument): LogView {
    const cached = this.views.get(document.uri);
    if (cached && cached.document.version === document.version && cached.document === document) return cached;
    const view = new LogView(document);
    this.views.set(document.uri, view);
    return view;
  }

  delete(uri: string): void {
    this.views.delete(uri);
  }
}
