// Read-only virtual documents (scheme `zimbra-logs`) whose content the server computes: a
// collated transaction or file. The URI says what to show; the content comes by custom request.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CollateParams, CollateRequest, PathRequest } from '../../server/src/protocol';

interface Query {
  source: string;
  queueId?: string;
  key?: string;
  /** A delivery path: the message with a transaction at this line. */
  pathLine?: number;
}

export class CollatedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'zimbra-logs';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    // When the log changes, so does what was collated from it.
    this.watcher = vscode.workspace.onDidChangeTextDocument((e) => {
      for (const doc of vscode.workspace.textDocuments) {
        if (doc.uri.scheme === CollatedDocuments.scheme && CollatedDocuments.query(doc.uri).source === e.document.uri.toString()) this.changed.fire(doc.uri);
      }
    });
  }

  /** The URI of the collation of `source` (one transaction when `key` or `queueId` is given, a path with `pathLine`). */
  static uri(source: vscode.Uri, what: { key?: string; queueId?: string; pathLine?: number; label?: string }): vscode.Uri {
    const base = source.path.split('/').pop() || 'log';
    const label = (what.label ?? (what.key ? what.key.replace(/^postfix\//, '') : what.queueId ?? 'collated')).replace(/[\/\\]/g, '_');
    delete what.label;
    const query: Query = { source: source.toString(), ...what };
    return vscode.Uri.from({ scheme: CollatedDocuments.scheme, path: `/${label} - ${base}`, query: JSON.stringify(query) });
  }

  static query(uri: vscode.Uri): Query {
    return JSON.parse(uri.query) as Query;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const q = CollatedDocuments.query(uri);
    if (q.pathLine !== undefined) {
      const path = await this.client.sendRequest(PathRequest, { uri: q.source, line: q.pathLine }, token);
      return path?.text ?? '';
    }
    const params: CollateParams = { uri: q.source, key: q.key, queueId: q.queueId };
    const result = await this.client.sendRequest(CollateRequest, params, token);
    return result?.text ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.watcher.dispose();
  }
}
