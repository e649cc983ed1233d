// Diagnostics of a large log published before its text has arrived. The client sends
// zimbraLogs/willOpen just before the didOpen of a large file (moving 50 MB of text over the
// protocol takes longer than reading it); the server reads the file from disk meanwhile
// (disk/earlyScan.ts, in slices: the incoming messages keep being read) and publishes the quick
// diagnostics as soon as it has read it. The text decides: when it comes, a scan it does not
// match is dropped, and the document's own first pass compares its diagnostics with those
// published here (take) and publishes its own unless they are the same.
import { fileURLToPath } from 'node:url';
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WillOpenNotification, WillOpenParams } from '../../../common/protocol';
import { scanFile, TextFingerprint } from '../disk/earlyScan';
import { quickDiagnostics } from '../features/diagnostics';
import type { Settings } from './settings';
import { inSlices } from './slices';

/** How long a didOpen may still take once the file is read; then the diagnostics published are dropped. */
export const WILL_OPEN_WAIT_MS = 60_000;

interface Early {
  readonly abort: AbortController;
  /** When the willOpen came (performance.now()). */
  readonly started: number;
  /** From the publication on: how long the didOpen may still take. */
  timer?: ReturnType<typeof setTimeout>;
  version?: number;
  /** The document, once its didOpen has come. */
  document?: TextDocument;
  /** What was read, once it all was. */
  fingerprint?: TextFingerprint;
  /** The diagnostics published. */
  published?: Diagnostic[];
  /** Resolves when the scan has ended (published, dropped or failed). */
  done: Promise<void>;
}

export class EarlyDiagnostics {
  private readonly early = new Map<string, Early>();

  constructor(
    private readonly connection: Connection,
    private readonly settingsFor: (uri: string) => Promise<Settings>,
    /** Whether a URI is read otherwise already (an open document, a log indexed from disk). */
    private readonly known: (uri: string) => boolean,
    private readonly waitMs = WILL_OPEN_WAIT_MS,
  ) {
    connection.onNotification(WillOpenNotification, (p) => this.willOpen(p));
  }

  private willOpen(p: WillOpenParams): void {
    const uri = p?.uri;
    if (typeof uri !== 'string' || !uri.startsWith('file:') || this.known(uri)) return;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return;
    }
    this.drop(uri);
    const e: Early = { abort: new AbortController(), started: performance.now(), version: typeof p.version === 'number' ? p.version : undefined, done: Promise.resolve() };
    this.early.set(uri, e);
    e.done = this.run(uri, path, e);
  }

  private async run(uri: string, path: string, e: Early): Promise<void> {
    try {
      const settings = this.settingsFor(uri);
      const read = await scanFile(path, e.abort.signal, (steps) => inSlices(steps));
      const live = () => this.early.get(uri) === e;
      if (!read || !live()) return this.forget(uri, e);
      const diagnostics = quickDiagnostics(read, await settings);
      // The didOpen may have come meanwhile (or even the document's own diagnostics: then this one was
      // taken); or the client may have had the file indexed from disk (zimbraLogs/openLarge).
      const stale = e.document ? !read.fingerprint.matches(e.document.getText()) : this.known(uri);
      if (!live() || stale) return this.forget(uri, e);
      e.fingerprint = read.fingerprint;
      e.published = diagnostics;
      if (!e.document) e.timer = setTimeout(() => this.expire(uri, e), this.waitMs);
      void this.connection.sendDiagnostics({ uri, version: e.document?.version ?? e.version, diagnostics });
      this.connection.console.log(`read ${path} from disk in ${Math.round(performance.now() - e.started)} ms, ${e.document ? 'after' : 'before'} its text came: ${diagnostics.length} diagnostics published`);
    } catch {
      // A missing or unreadable file, a cancelled read: the document's text gives the diagnostics.
      this.forget(uri, e);
    }
  }

  /** The didOpen of `document` came: a scan done that its text does not match is dropped. */
  opened(document: TextDocument): void {
    const e = this.early.get(document.uri);
    if (!e) return;
    clearTimeout(e.timer);
    e.document = document;
    this.connection.console.log(`the text of ${document.uri} came ${Math.round(performance.now() - e.started)} ms after its willOpen`);
    if (e.fingerprint && !e.fingerprint.matches(document.getText())) this.forget(document.uri, e);
  }

  /**
   * The document's first pass is done: the diagnostics published for it from disk (which its text
   * matched), if any. The scan is forgotten (stopped if it still runs: the text's are ready).
   */
  take(uri: string): Diagnostic[] | undefined {
    const e = this.early.get(uri);
    if (!e) return undefined;
    this.forget(uri, e);
    return e.document && e.fingerprint ? e.published : undefined;
  }

  /** Resolves when the scan of `uri` has ended (published, dropped or failed); at once when there is none. */
  scanned(uri: string): Promise<void> {
    return this.early.get(uri)?.done ?? Promise.resolve();
  }

  /** Forgets a URI's scan (its document closed, or another willOpen came); stops the read. */
  drop(uri: string): void {
    const e = this.early.get(uri);
    if (e) this.forget(uri, e);
  }

  /** No didOpen came: the diagnostics published for a document that is not open go. */
  private expire(uri: string, e: Early): void {
    if (this.early.get(uri) !== e || e.document) return;
    this.forget(uri, e);
    if (e.published) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private forget(uri: string, e: Early): void {
    clearTimeout(e.timer);
    e.abort.abort();
    if (this.early.get(uri) === e) this.early.delete(uri);
  }
}

/** Whether two lists of diagnostics say the same (the text's and those published from disk). */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.message !== y.message || x.severity !== y.severity || x.code !== y.code || x.source !== y.source) return false;
    const r = x.range;
    const s = y.range;
    if (r.start.line !== s.start.line || r.start.character !== s.start.character || r.end.line !== s.end.line || r.end.character !== s.end.character) return false;
  }
  return true;
}
