// The language client's middleware for large log files (common/protocol.ts, OpenFromDiskNotification):
// the didOpen of a `file:` document of DISK_OPEN_BYTES or more goes out without its text (the server
// reads the file), with the fingerprint of the editor's text so that the server can check the file
// against it. The didOpen is sent after all, with the document as it is then, when the server asks
// for it (the file is not the text), on the document's first change (the change is in it) or when
// the notification cannot be sent; a document whose didOpen never went out is closed with
// CloseFromDiskNotification. A dirty document, or one the editor does not decode as UTF-8, is sent
// at once. No vscode import at run time (unit-tested in Node).
import * as fs from 'node:fs';
import type * as vscode from 'vscode';
import type { DiskDocumentParams, OpenFromDiskParams } from '../../common/protocol';
import { textFingerprint } from '../../common/textFingerprint';

/**
 * Files from this size on are opened from disk. Decoding a didOpen costs the server about 8 ms a
 * MB (bench/lsp.mjs; 50 MB blocked it 0.4-0.7 s): this keeps that under ~10 ms, and a smaller
 * file's text arrives at once anyway.
 */
export const DISK_OPEN_BYTES = 1 << 20;

type Send<P> = (params: P) => Promise<void>;
type Next<T> = (data: T) => Promise<void>;

export interface DiskOpenDeps {
  openFromDisk: Send<OpenFromDiskParams>;
  closeFromDisk: Send<DiskDocumentParams>;
  /** The editor's text [start, end) of `doc` (UTF-16 offsets). */
  textBetween(doc: vscode.TextDocument, start: number, end: number): string;
  /** Whether the editor decoded `doc` as UTF-8 (files.encoding). */
  decodedAsUtf8(doc: vscode.TextDocument): boolean;
  sizeOf?: (file: string) => number;
}

/** The length of `doc`'s text in UTF-16 code units. */
function lengthOf(doc: vscode.TextDocument): number {
  return doc.lineCount ? doc.offsetAt(doc.lineAt(doc.lineCount - 1).rangeIncludingLineBreak.end) : 0;
}

export class DiskOpenMiddleware {
  /** Documents opened from disk whose didOpen has not gone out, and how to send it. */
  private readonly fromDisk = new Map<string, { doc: vscode.TextDocument; next: Next<vscode.TextDocument> }>();

  constructor(private readonly deps: DiskOpenDeps) {}

  private large(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file' || doc.isDirty || !this.deps.decodedAsUtf8(doc)) return false;
    try {
      return (this.deps.sizeOf ?? ((f) => fs.statSync(f).size))(doc.uri.fsPath) >= DISK_OPEN_BYTES;
    } catch {
      return false; // Not on disk (any more): its text goes.
    }
  }

  readonly didOpen = async (doc: vscode.TextDocument, next: Next<vscode.TextDocument>): Promise<void> => {
    if (!this.large(doc)) return next(doc);
    const uri = doc.uri.toString();
    const fingerprint = textFingerprint(lengthOf(doc), (a, b) => this.deps.textBetween(doc, a, b));
    this.fromDisk.set(uri, { doc, next });
    try {
      await this.deps.openFromDisk({ textDocument: { uri, languageId: doc.languageId, version: doc.version }, fingerprint });
    } catch {
      await this.sendText(uri);
    }
  };

  /** The first change of a document opened from disk: its didOpen goes instead (the change is in its text). */
  readonly didChange = async (event: vscode.TextDocumentChangeEvent, next: Next<vscode.TextDocumentChangeEvent>): Promise<void> => {
    if (!this.fromDisk.has(event.document.uri.toString())) return next(event);
    return this.sendText(event.document.uri.toString());
  };

  readonly didClose = async (doc: vscode.TextDocument, next: Next<vscode.TextDocument>): Promise<void> => {
    const uri = doc.uri.toString();
    if (!this.fromDisk.delete(uri)) return next(doc);
    await this.deps.closeFromDisk({ uri });
  };

  /** Sends the didOpen of a document opened from disk, as it is now (the server asks for it: SendTextNotification). */
  async sendText(uri: string): Promise<void> {
    const open = this.fromDisk.get(uri);
    if (!open) return;
    this.fromDisk.delete(uri);
    await open.next(open.doc);
  }
}
