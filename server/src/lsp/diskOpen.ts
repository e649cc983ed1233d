// Documents opened from disk (common/protocol.ts, OpenFromDiskNotification): the client sends a
// large log file's didOpen without its text, and the server reads the file (disk/diskText.ts),
// checks it against the fingerprint of the editor's text and opens the document just as a didOpen
// with that text would have (TextDocuments' own didOpen handler). Meanwhile a worker thread reads
// the file too (disk/openWorker.ts): it makes the quick diagnostics, published as soon as the text
// is checked (by the worker, for an ASCII text: then even before this thread has read it; they are
// cleared if this thread's read then fails); another worker makes the file's stream index, which
// the document's view takes: requests after the diagnostics do not wait for the document's own
// pass over the whole text. This thread reads the rest of the text once the diagnostics are made
// (two threads on two cores made them come late). A text that does not match, or a read that
// fails, makes the server ask for the didOpen (SendTextNotification). A didOpen or a close of the
// same URI stops a read that still runs.
import { fileURLToPath } from 'node:url';
import type { Connection, DidCloseTextDocumentParams, DidOpenTextDocumentParams, NotificationHandler, TextDocuments } from 'vscode-languageserver/node';

/** What TextDocuments listens to. */
type TextDocumentConnection = Parameters<TextDocuments<never>['listen']>[0];
import { CloseFromDiskNotification, DiskDocumentParams, OpenFromDiskNotification, OpenFromDiskParams, SendTextNotification } from '../../../common/protocol';
import { fingerprintOf } from '../../../common/textFingerprint';
import { readDiskText } from '../disk/diskText';
import { step } from '../io/pace';
import { openInWorker, WorkerOpen } from '../disk/openInWorker';
import { ReadCancelled } from '../io/errors';
import { indexPlainFile } from '../logs/indexParts';
import type { Settings } from './settings';
import type { FromDisk } from './workspace';

/** A file being read for a document, and what its worker makes of it. */
interface Reading {
  abort: AbortController;
  fromDisk: FromDisk;
  /** Resolves when the read has ended, whichever way. */
  done?: Promise<void>;
}

export class DiskOpens {
  /** Reads running, by URI. */
  private readonly reading = new Map<string, Reading>();
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
    connection.onNotification(OpenFromDiskNotification, (p) => {
      const done = this.openFromDisk(p);
      const reading = typeof p?.textDocument?.uri === 'string' ? this.reading.get(p.textDocument.uri) : undefined;
      if (reading) reading.done = done;
    });
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
    const reading: Reading = { abort: new AbortController(), fromDisk: { ascii: false } };
    const { abort, fromDisk } = reading;
    this.reading.set(uri, reading);
    const live = () => this.reading.get(uri) === reading;
    const started = performance.now();
    const fingerprint = p.fingerprint;
    let why: string;
    let work: WorkerOpen | undefined;
    abort.signal.addEventListener('abort', () => work?.stop());
    try {
      if (typeof d.languageId !== 'string' || typeof d.version !== 'number' || typeof fingerprint?.length !== 'number') throw new Error('invalid parameters');
      const path = fileURLToPath(uri);
      const settings = await this.settingsFor(uri);
      const read = await readDiskText(path, fingerprint.length, abort.signal, (bom, size) => {
        work = openInWorker({ path, settings, language: this.language() });
        fromDisk.diagnostics = work?.diagnostics;
        // Published as soon as the worker has checked the file against the editor text, if this thread still reads it.
        void work?.diagnostics.then((made) => {
          const f = made?.fingerprint;
          if (!made || !f || f.length !== fingerprint.length || f.hash !== fingerprint.hash || !live()) return;
          fromDisk.published = true;
          void this.connection.sendDiagnostics({ uri, version: d.version, diagnostics: made.diagnostics });
        });
        // Its index counts the file's bytes: the document's own when there is no BOM before them.
        if (!bom) fromDisk.index = indexPlainFile(path, size, { offThread: true }).then((ix) => ({ index: ix, bytes: size }));
        fromDisk.index?.catch(() => undefined);
        // The rest of the file is read (and decoded) here once they are: the worker has a core to itself meanwhile.
        return work?.diagnostics;
      });
      // (Each of the text's making, its check and the document's opening takes a turn of its own: requests are answered between.)
      await step(0);
      if (!live()) return;
      const same = typeof read !== 'string' && read.text.length === fingerprint.length && fingerprintOf(read.text).hash === fingerprint.hash;
      await step(0);
      if (!live()) return;
      if (same && typeof read !== 'string') {
        this.reading.delete(uri);
        fromDisk.ascii = read.ascii;
        this.opened(uri, d.version, fromDisk);
        this.connection.console.log(`${path}: read from disk in ${Math.round(performance.now() - started)} ms (${read.bytes} bytes), opened without its text`);
        this.open?.({ textDocument: { uri, languageId: d.languageId, version: d.version, text: read.text } });
        return;
      }
      why = typeof read === 'string' ? read : 'not the editor text';
    } catch (e) {
      if (e instanceof ReadCancelled || !live()) return;
      why = String((e as Error)?.message ?? e);
    }
    this.stop(uri);
    // (Diagnostics the worker published for a file that is not the text, if any, go: the didOpen's come.)
    if (fromDisk.published) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.connection.console.log(`${uri} not opened from disk (${why}): its text is asked for`);
    void this.connection.sendNotification(SendTextNotification, { uri });
  }

  private closeFromDisk(p: DiskDocumentParams): void {
    if (typeof p?.uri !== 'string') return;
    const reading = this.reading.get(p.uri);
    this.stop(p.uri);
    // Diagnostics published before the document opened go; a document opened meanwhile closes as with a didClose.
    if (reading?.fromDisk.published) void this.connection.sendDiagnostics({ uri: p.uri, diagnostics: [] });
    this.close?.({ textDocument: { uri: p.uri } });
  }

  /** Resolves once a read of `uri` that runs has ended (the document opened, or the text asked for). */
  async whenRead(uri: string): Promise<void> {
    const reading = this.reading.get(uri);
    if (reading) await reading.done;
  }

  /** Stops the read of `uri`, if one runs. */
  private stop(uri: string): void {
    this.reading.get(uri)?.abort.abort();
    this.reading.delete(uri);
  }
}
