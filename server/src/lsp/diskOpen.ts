// Documents opened from disk (common/protocol.ts, OpenFromDiskNotification): the client sends a
// large log file's didOpen without its text, and the server reads the file (disk/diskText.ts),
// checks it against the fingerprint of the editor's text and opens the document just as a didOpen
// with that text would have (TextDocuments' own didOpen handler). Meanwhile a worker thread reads
// the file too (disk/openWorker.ts): it makes the quick diagnostics, published as soon as the text
// is checked, and then the file's stream index, which the document's view takes: requests after the
// diagnostics do not wait for the document's own pass over the whole text. A text
// that does not match, or a read that fails, makes the server ask for the didOpen
// (SendTextNotification). A didOpen or a close of the same URI stops a read that still runs.
import { fileURLToPath } from 'node:url';
import type { Connection, DidCloseTextDocumentParams, DidOpenTextDocumentParams, NotificationHandler, TextDocuments } from 'vscode-languageserver/node';

/** What TextDocuments listens to. */
type TextDocumentConnection = Parameters<TextDocuments<never>['listen']>[0];
import { CloseFromDiskNotification, DiskDocumentParams, OpenFromDiskNotification, OpenFromDiskParams, SendTextNotification } from '../../../common/protocol';
import { fingerprintOf } from '../../../common/textFingerprint';
import { readDiskText } from '../disk/diskText';
import { openInWorker, WorkerOpen } from '../disk/openInWorker';
import { ReadCancelled } from '../io/errors';
import { indexPlainFile } from '../logs/indexParts';
import type { Settings } from './settings';
import type { DiskIndex, FromDisk } from './workspace';

export class DiskOpens {
  /** Reads running, by URI. */
  private readonly reading = new Map<string, AbortController>();
  private open?: NotificationHandler<DidOpenTextDocumentParams>;
  private close?: NotificationHandler<DidCloseTextDocumentParams>;

  constructor(
    private readonly connection: Connection,
    /** Hands what the worker makes of the file over to the document's view. */
    private readonly opened: (uri: string, version: number, fromDisk: FromDisk) => void,
    /** The settings of a document and the server's language (for the worker's diagnostics). */
    private readonly settingsFor: (uri: string) => Promise<Settings>,
    private readonly language: () => string,
  ) {
    connection.onNotification(OpenFromDiskNotification, (p) => void this.openFromDisk(p));
    connection.onNotification(CloseFromDiskNotification, (p) => this.closeFromDisk(p));
  }

  /** The connection that TextDocuments listens to: its didOpen and didClose handlers are also this class's to call. */
  documentConnection(): TextDocumentConnection {
    const c = this.connection;
    return {
      onDidOpenTextDocument: (h) => {
        this.open = h;
        return c.onDidOpenTextDocument((p) => {
          this.stop(p.textDocument.uri);
          h(p);
        });
      },
      onDidChangeTextDocument: (h) => c.onDidChangeTextDocument(h),
      onDidCloseTextDocument: (h) => {
        this.close = h;
        return c.onDidCloseTextDocument((p) => {
          this.stop(p.textDocument.uri);
          h(p);
        });
      },
      onWillSaveTextDocument: (h) => c.onWillSaveTextDocument(h),
      onWillSaveTextDocumentWaitUntil: (h) => c.onWillSaveTextDocumentWaitUntil(h),
      onDidSaveTextDocument: (h) => c.onDidSaveTextDocument(h),
    };
  }

  private async openFromDisk(p: OpenFromDiskParams): Promise<void> {
    const d = p?.textDocument;
    const uri = d?.uri;
    if (typeof uri !== 'string') return;
    this.stop(uri);
    const abort = new AbortController();
    this.reading.set(uri, abort);
    const started = performance.now();
    const fingerprint = p.fingerprint;
    let why: string;
    try {
      if (typeof d.languageId !== 'string' || typeof d.version !== 'number' || typeof fingerprint?.length !== 'number') throw new Error('invalid parameters');
      const path = fileURLToPath(uri);
      const settings = await this.settingsFor(uri);
      let index: DiskIndex | undefined;
      let work: WorkerOpen | undefined;
      abort.signal.addEventListener('abort', () => work?.stop());
      const read = await readDiskText(path, fingerprint.length, abort.signal, (bom, size) => {
        work = openInWorker({ path, settings, language: this.language() });
        // Its index counts the file's bytes: the document's own when there is no BOM before them.
        if (!bom) index = (work?.index ?? indexPlainFile(path, size, true)).then((ix) => (ix ? { index: ix, bytes: size } : undefined));
        index?.catch(() => undefined);
      });
      if (this.reading.get(uri) !== abort) return;
      const same = typeof read !== 'string' && fingerprintOf(read.text).hash === fingerprint.hash && read.text.length === fingerprint.length;
      if (typeof read !== 'string' && same) {
        this.reading.delete(uri);
        this.opened(uri, d.version, { diagnostics: work?.diagnostics, index, ascii: read.ascii });
        this.connection.console.log(`${path}: read from disk in ${Math.round(performance.now() - started)} ms (${read.bytes} bytes), opened without its text`);
        this.open?.({ textDocument: { uri, languageId: d.languageId, version: d.version, text: read.text } });
        return;
      }
      why = typeof read === 'string' ? read : 'not the editor text';
      work?.stop();
    } catch (e) {
      if (e instanceof ReadCancelled || this.reading.get(uri) !== abort) return;
      why = String((e as Error)?.message ?? e);
    }
    this.reading.delete(uri);
    this.connection.console.log(`${uri} not opened from disk (${why}): its text is asked for`);
    void this.connection.sendNotification(SendTextNotification, { uri });
  }

  private closeFromDisk(p: DiskDocumentParams): void {
    if (typeof p?.uri !== 'string') return;
    this.stop(p.uri);
    // The document, if it was opened meanwhile, closes as with a didClose.
    this.close?.({ textDocument: { uri: p.uri } });
  }

  /** Stops the read of `uri`, if one runs. */
  private stop(uri: string): void {
    this.reading.get(uri)?.abort();
    this.reading.delete(uri);
  }
}
