// Logs indexed from disk by the server itself: files over the editor's 50 MB extension limit
// (the editor shows them, but never hands their text to extensions) and compressed logs. The
// client asks for them by path; diagnostics are published for their URI like for documents.
import { CancellationToken, Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import * as nodePath from 'node:path';
import { Cancelled, DiskView } from '../disk/diskView';
import { collateToFile } from '../disk/collateFile';
import { CollateLimit } from '../engine/collateLines';
import { InputError } from '../disk/input';
import { diagnosticSteps } from '../features/diagnostics';
import { inSlices } from './slices';
import type { Settings } from './settings';
import { removeAllTemporary, removeTemporary } from '../disk/temporary';
import { CloseLargeNotification, CollateToFileRequest, ReleaseFileNotification, IndexProgressNotification, OpenLargeParams, OpenLargeRequest, OpenLargeResult } from '../../../common/protocol';

export class LargeLogs {
  private readonly views = new Map<string, DiskView>();
  private readonly outputs = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly settingsFor: (uri: string) => Promise<Settings>,
  ) {
    connection.onRequest(OpenLargeRequest, (p, token) => this.open(p, token));
    connection.onNotification(CloseLargeNotification, (p) => this.close(p.uri));
    // A Collate File output lives until the client closes its document (or the server stops).
    connection.onNotification(ReleaseFileNotification, (p) => {
      if (this.outputs.delete(p.path)) removeTemporary(p.path);
    });
    connection.onRequest(CollateToFileRequest, async (p, token) => {
      const v = this.views.get(p.uri);
      if (!v) return null;
      try {
        const r = await collateToFile(v.path, nodePath.basename(v.path), () => token.isCancellationRequested);
        this.outputs.add(r.path);
        return r;
      } catch (e) {
        if (e instanceof Cancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        return new ResponseError(-32603, `Zimbra Logs: ${(e as Error).message}`);
      }
    });
  }

  get(uri: string): DiskView | undefined {
    return this.views.get(uri);
  }

  all(): DiskView[] {
    return [...this.views.values()];
  }

  private async open(p: OpenLargeParams, token: CancellationToken): Promise<OpenLargeResult | ResponseError<void>> {
    const started = Date.now();
    let view: DiskView;
    try {
      view = await DiskView.build(p.uri, p.path, {
        member: p.member,
        // The client's limit, else the setting (MB).
        maxSize: p.maxSize ?? (await this.settingsFor(p.uri)).compressed.maxSize * 1048576,
        isCancelled: () => token.isCancellationRequested,
        progress: (pr) => void this.connection.sendNotification(IndexProgressNotification, { uri: p.uri, read: pr.read, total: pr.total }),
      });
    } catch (e) {
      if (e instanceof Cancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      if (e instanceof CollateLimit) return new ResponseError(-32602, `Zimbra Logs: ${p.path}: ${e.message}`);
      if (e instanceof InputError) return new ResponseError(-32602, `Zimbra Logs: ${e.message}${/over the limit/.test(e.message) ? ' (zimbraLogs.compressed.maxSize)' : ''}`);
      this.connection.console.error(`openLarge failed: ${(e as Error)?.stack ?? e}`);
      return new ResponseError(-32603, `Zimbra Logs: ${(e as Error).message}`);
    }
    this.views.get(p.uri)?.dispose();
    this.views.set(p.uri, view);
    const problems = await this.publish(view);
    this.connection.console.log(`indexed ${p.path}: ${view.lineCount} lines, ${view.bytes} bytes in ${Date.now() - started} ms`);
    return { uri: p.uri, lines: view.lineCount, bytes: view.bytes, transactions: view.transactions.length, problems };
  }

  /** Publishes a large log's diagnostics; returns their count. */
  async publish(view: DiskView): Promise<number> {
    const settings = await this.settingsFor(view.document.uri);
    const d = await inSlices(diagnosticSteps(view, settings));
    void this.connection.sendDiagnostics({ uri: view.document.uri, diagnostics: d });
    return d.length;
  }

  /** Closes every log and deletes every file made (the server stops). */
  dispose(): void {
    for (const v of this.views.values()) v.dispose();
    this.views.clear();
    for (const f of this.outputs) removeTemporary(f);
    this.outputs.clear();
    removeAllTemporary();
  }

  close(uri: string): void {
    const v = this.views.get(uri);
    if (!v) return;
    v.dispose();
    this.views.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}
