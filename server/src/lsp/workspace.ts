// One parsed view of each open log, built once per document version and shared by every
// request: one pass over its lines (the problem scan, the lines the login and account analyses
// read), then its stream index (both run in slices by the server, or at once by whoever needs
// them first), and its collated transactions (computed on first use). Requests about queue IDs,
// Message-IDs and transactions query the stream index and read the lines it finds back from the
// document; the outline and workspace symbols read the facts of every transaction from it, a
// queue ID at a time (engine/index/transactionFacts.ts).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { collateSteps, Transaction } from '../engine/collateText';
import { DocumentPass } from '../engine/index/documentPass';
import type { LogIndex } from '../engine/index/logIndex';
import { ProblemScan } from '../engine/index/problemScan';
import { queryRecords, recordsAbout, RecordQuery } from '../engine/index/recordQuery';
import { transactionFactSteps, type TransactionFact } from '../engine/index/transactionFacts';
import type { StreamIndex } from '../engine/index/streamIndex';
import { describeLine } from '../engine/lineInfo';
import type { LogLike } from '../features/investigate/logLike';
import { messageIdAt } from '../features/positions';
import { runSteps, Steps } from '../engine/steps';
import type { Position } from '../../../common/protocol';
import type { Diagnostic } from 'vscode-languageserver';
import { inSlices } from './slices';

/**
 * What features read from a log: a document held in memory (`LogView`) or a file indexed from
 * disk (`DiskView`, for logs past the editor's 50 MB extension limit and compressed logs).
 */
export interface LogSource {
  readonly document: { readonly uri: string };
  readonly scan: ProblemScan;
  readonly transactions: Transaction[];
  /** The records about line `n`: of the queue IDs it names and of the transactions they link to. */
  indexAt(n: number): LogIndex;
  /** Line `n` without its terminator. */
  line(n: number): string;
  /** Line `n` with its terminator, as collate.pl prints it. */
  rawLine(n: number): string;
}

/** What the features about one position read (hover, definition, references, highlights). */
export interface IndexedLog extends LogLike {
  readonly index: LogIndex;
}

type CacheKey = 'lenses' | 'symbols';

/** A stream index made from the file on disk (by a worker) while the document's first pass runs, and the file's bytes. */
export type DiskIndex = Promise<{ index: StreamIndex; bytes: number } | undefined>;

/** What a document opened from disk gets from the worker that read the file (lsp/diskOpen.ts). */
export interface FromDisk {
  /** Its quick diagnostics, from the file's text. */
  diagnostics?: Promise<{ diagnostics: Diagnostic[] } | undefined>;
  /** Whether they were published already (before the document opened). */
  published?: boolean;
  index?: DiskIndex;
  /** Whether the text is ASCII: the index's byte offsets are then its character offsets. */
  ascii: boolean;
}

export class LogView implements LogSource {
  private _transactions?: Transaction[];
  private collating?: Steps<Transaction[]>;
  private readonly caches = new Map<CacheKey, unknown>();
  private readonly _pass: DocumentPass;
  /** The first pass's steps (problem scan, line offsets) until it has read the whole text. */
  private steps?: Steps<void>;
  private scanning?: Promise<void>;
  /** The stream index's steps, once the first pass is done, until it has every line. */
  private indexing?: Steps<void>;
  private reading?: Promise<void>;
  /** What the outline and workspace symbols need of every transaction: read on first use. */
  private _facts?: TransactionFact[];
  private listing?: Steps<TransactionFact[]>;
  private listed?: Promise<TransactionFact[]>;
  /** The text the pass covers, when it ends with a complete line (so that it can grow). */
  private readonly indexedText?: string;
  readonly version: number;
  /** What the worker makes of the file (a document opened from disk), until taken. */
  private fromDisk?: FromDisk;
  /** The stream index was taken from the worker before the first pass ended (lines past the pass are found through its marks). */
  private indexedEarly = false;

  constructor(readonly document: TextDocument, previous?: LogView, fromDisk?: FromDisk) {
    this.fromDisk = fromDisk;
    this.version = document.version;
    const text = document.getText();
    const old = previous?.indexedText;
    // A log that grows: the pass reads only the appended lines, when the old text is a prefix of the new.
    if (previous?.scanned && old !== undefined && text.length >= old.length && text.startsWith(old)) {
      this._pass = previous._pass;
      this.steps = this._pass.appendSteps(text.slice(old.length));
    } else {
      this._pass = new DocumentPass();
      this.steps = this._pass.appendSteps(text);
    }
    this.indexedText = text.endsWith('\n') ? text : undefined;
  }

  /** Whether the first pass has read the whole text (the Problems panel's diagnostics can be made). */
  get scanned(): boolean {
    return !this.steps;
  }

  /** Whether the stream index has every line too (requests can be answered). */
  get ready(): boolean {
    return !this.steps && this._pass.indexed;
  }

  /** Resolves when the pass has read the whole text: it runs in slices, requests are answered in between. */
  whenScanned(): Promise<void> {
    if (!this.steps) return Promise.resolve();
    const steps = this.steps;
    return (this.scanning ??= inSlices(steps).then(() => {
      if (this.steps === steps) this.steps = undefined;
    }));
  }

  /** Resolves when the stream index is complete too (in slices as well). */
  async whenReady(): Promise<void> {
    await this.takeDiskIndex();
    await this.whenScanned();
    if (this.indexedEarly) {
      this.indexedEarly = false;
      this._pass.adoptedWhole();
    }
    if (this.ready) return;
    const steps = (this.indexing ??= this._pass.indexSteps(this.document.getText()));
    await (this.reading ??= inSlices(steps).then(() => undefined));
  }

  /** The quick diagnostics the worker made from the file (a document opened from disk), and whether they were published. */
  async diskDiagnostics(): Promise<{ diagnostics: Diagnostic[]; published: boolean } | undefined> {
    const made = await this.fromDisk?.diagnostics;
    return made && { diagnostics: made.diagnostics, published: !!this.fromDisk?.published };
  }

  /**
   * Takes the stream index made meanwhile from the file (the same bytes: the text was checked
   * against it), if any: an ASCII text's at once, another's once the first pass has read the text.
   */
  private async takeDiskIndex(): Promise<void> {
    const index = this.fromDisk?.index;
    if (!index) return;
    const early = this.fromDisk!.ascii;
    const made = await index.catch(() => undefined);
    if (!early) await this.whenScanned();
    if (this.fromDisk?.index !== index) return;
    this.fromDisk.index = undefined;
    if (!made || !this._pass.adoptIndex(made.index, made.bytes)) return;
    if (this.scanned) this._pass.adoptedWhole();
    else this.indexedEarly = true;
  }

  /**
   * Resolves when requests at a position can be answered: once the stream index is complete (a
   * document opened from disk: once the worker's index came, even while the first pass reads the text).
   */
  async whenIndexed(): Promise<void> {
    await this.takeDiskIndex();
    if (!this.indexedEarly) await this.whenReady();
  }

  /** Stops the work of a view no longer needed (its document closed): the slices end. */
  stop(): void {
    this.steps?.return();
    this.indexing?.return();
    this.listing?.return(undefined as never);
  }

  /** The pass, having read the whole text (at once, if the slices have not finished it yet). */
  get pass(): DocumentPass {
    if (this.steps) {
      runSteps(this.steps);
      this.steps = undefined;
    }
    return this._pass;
  }

  /** What the Problems panel needs (entries, restarts, problems, delivery results). */
  get scan(): ProblemScan {
    return this.pass.scan;
  }

  /** The log's stream index (completed at once, if the slices have not finished it yet). */
  get stream(): StreamIndex {
    if (this.indexedEarly) return this._pass.stream;
    const pass = this.pass;
    if (!pass.indexed) runSteps((this.indexing ??= pass.indexSteps(this.document.getText())));
    return pass.stream;
  }

  /** A per-version cache for a feature's whole-document answer (code lenses are asked again and again). */
  cached<T>(key: CacheKey, make: () => T): T {
    if (!this.caches.has(key)) this.caches.set(key, make());
    return this.caches.get(key) as T;
  }

  /** The records of what `q` names and of the transactions linked to them. */
  about(q: RecordQuery): IndexedLog {
    const index = queryRecords(this.stream, (n) => this.line(n), q);
    const view = this;
    return {
      document: this.document,
      index,
      get scan() {
        return view.scan;
      },
      get pass() {
        return view.pass;
      },
      line: (n) => this.line(n),
    };
  }

  /** What a request at `position` reads: the records of the queue IDs on its line and of the Message-ID under it. */
  at(position: Position): IndexedLog {
    const line = this.line(position.line);
    const mid = messageIdAt(line, position.character);
    return this.about({ queueIds: describeLine(line).queueIds.map((q) => q.id), messageIds: mid ? [mid.id] : [], lines: [position.line] });
  }

  indexAt(n: number): LogIndex {
    return recordsAbout(this.stream, (k) => this.line(k), n);
  }

  /** The facts of every transaction (at once, if `whenListed()` has not read them yet). */
  transactionFacts(): TransactionFact[] {
    return (this._facts ??= runSteps((this.listing ??= transactionFactSteps(this.stream, (n) => this.line(n)))));
  }

  /** The same, read in slices (requests are answered in between). */
  async whenListed(): Promise<TransactionFact[]> {
    if (this._facts) return this._facts;
    await this.whenReady();
    const made = await (this.listed ??= inSlices((this.listing ??= transactionFactSteps(this.stream, (n) => this.line(n)))));
    return (this._facts ??= made);
  }

  /** Line n with its terminator (read through the pass's line offsets, no copy of the text). */
  rawLine(n: number): string {
    const starts = this._pass.lineStarts;
    const text = this.document.getText();
    if (n >= 0 && n < starts.length) {
      const start = starts.get(n);
      const nl = n + 1 < starts.length ? starts.get(n + 1) - 1 : text.indexOf('\n', start);
      return text.slice(start, nl < 0 ? text.length : nl + 1);
    }
    // Not read by the pass yet: from the nearest mark of an index taken early (character offsets are byte offsets).
    const stream = this._pass.stream;
    if (this.indexedEarly && n >= 0 && n < stream.lineCount) {
      const mark = stream.markBefore(n);
      let start = mark.offset;
      for (let k = mark.line; k < n; k++) start = text.indexOf('\n', start) + 1;
      const nl = text.indexOf('\n', start);
      return text.slice(start, nl < 0 ? text.length : nl + 1);
    }
    // Not read by the pass yet (or the empty line after the last newline): the document's own line offsets.
    const doc = this.document;
    if (n < 0 || n >= doc.lineCount) return '';
    const start = doc.offsetAt({ line: n, character: 0 });
    const end = n + 1 < doc.lineCount ? doc.offsetAt({ line: n + 1, character: 0 }) : text.length;
    return text.slice(start, end);
  }

  /** The line without its terminator. */
  line(n: number): string {
    return stripTerminator(this.rawLine(n));
  }

  /** The collated transactions (at once, if `collated()` has not finished them yet). */
  get transactions(): Transaction[] {
    return (this._transactions ??= runSteps((this.collating ??= collateSteps(this.document.getText()))));
  }

  /** The same, collated in slices (requests are answered in between). */
  async collated(): Promise<Transaction[]> {
    if (!this._transactions) {
      const made = await inSlices((this.collating ??= collateSteps(this.document.getText())));
      this._transactions ??= made;
    }
    return this._transactions;
  }
}

/** Views by URI, replaced when the document's version changes. */
export class LogViews {
  private readonly views = new Map<string, LogView>();
  private readonly numbers = new Map<string, number>();
  private readonly uris: string[] = [];
  private readonly diskIndexes = new Map<string, { version: number; fromDisk: FromDisk }>();

  /** What the worker makes of the file of a document about to open from disk: its view takes it. */
  openedFromDisk(uri: string, version: number, fromDisk: FromDisk): void {
    this.diskIndexes.set(uri, { version, fromDisk });
  }

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
    const disk = this.diskIndexes.get(document.uri);
    this.diskIndexes.delete(document.uri);
    const view = new LogView(document, cached, !cached && disk?.version === document.version ? disk.fromDisk : undefined);
    this.views.set(document.uri, view);
    return view;
  }

  /** Forgets a closed document's view; its pass, if still running, stops. */
  delete(uri: string): void {
    this.views.get(uri)?.stop();
    this.views.delete(uri);
    this.diskIndexes.delete(uri);
  }
}

/** A line without its "\n" or "\r\n". */
export function stripTerminator(l: string): string {
  return l.endsWith('\r\n') ? l.slice(0, -2) : l.endsWith('\n') ? l.slice(0, -1) : l;
}
