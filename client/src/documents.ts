// Read-only virtual documents (scheme `zimbra-logs`) whose content the server computes: a
// collated transaction or file. The URI says what to show; the content comes by custom request.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { logLineTarget } from './compressed';
import { CollateParams, CollatePageRequest, CollatePageResult, CollatePageStart, CollateRequest, PathRequest, TimelineLinesRequest, TimelineParams, TraceLocation, TraceRequest } from '../../common/protocol';
import { investigationContent, InvestigateQuery } from './commands/investigate';

interface Query {
  source: string;
  queueId?: string;
  key?: string;
  /** A delivery path: the message with a transaction at this line. */
  pathLine?: number;
  /** A trace across the logs of the workspace folder `source`: the query. */
  trace?: string;
  /** An investigation (commands/investigate.ts) of the folder or log `source`. */
  investigate?: InvestigateQuery;
  /** The lines of a time range of a timeline (`source` is its log or folder). */
  range?: { from: string; to: string; folder?: boolean };
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

  /** The URI of the trace of `query` through the logs of `folder`. */
  static traceUri(folder: vscode.Uri, query: string): vscode.Uri {
    const q: Query = { source: folder.toString(), trace: query };
    return vscode.Uri.from({ scheme: CollatedDocuments.scheme, path: `/trace ${query.replace(/[\/\\]/g, '_')}`, query: JSON.stringify(q) });
  }

  /** The URI of the lines from `from` to `to` of the timeline of `params` (a log or a folder). */
  static timelineRangeUri(params: TimelineParams, from: string, to: string): vscode.Uri {
    const q: Query = { source: params.folder ?? params.uri ?? '', range: { from, to, folder: !!params.folder } };
    return vscode.Uri.from({ scheme: CollatedDocuments.scheme, path: `/${from} to ${to}`.replace(/:/g, '.'), query: JSON.stringify(q) });
  }

  /** Where the lines of the trace documents came from (for their links). */
  readonly traceLocations = new Map<string, TraceLocation[]>();

  static query(uri: vscode.Uri): Query {
    return JSON.parse(uri.query) as Query;
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const q = CollatedDocuments.query(uri);
    if (q.investigate) return investigationContent(this.client, uri, q.source, q.investigate, token);
    if (q.range) return this.client.sendRequest(TimelineLinesRequest, { [q.range.folder ? 'folder' : 'uri']: q.source, from: q.range.from, to: q.range.to }, token);
    if (q.trace !== undefined) {
      const r = await this.client.sendRequest(TraceRequest, { query: q.trace, folder: q.source }, token);
      this.traceLocations.set(uri.toString(), r.locations);
      return r.text;
    }
    if (q.pathLine !== undefined) {
      const path = await this.client.sendRequest(PathRequest, { uri: q.source, line: q.pathLine }, token);
      return path?.text ?? '';
    }
    if (!q.key && !q.queueId) return this.wholeCollation(q.source, token);
    const params: CollateParams = { uri: q.source, key: q.key, queueId: q.queueId };
    const result = await this.client.sendRequest(CollateRequest, params, token);
    return result?.text ?? '';
  }

  /** The whole log's collation, page after page (one answer of 14 MB would hold up the server); again from the start when the log changes meanwhile. */
  private async wholeCollation(uri: string, token: vscode.CancellationToken): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const pages: string[] = [];
      let version: number | undefined;
      let from: CollatePageStart | null = { transaction: 0, line: 0 };
      while (from) {
        const page: CollatePageResult | null = await this.client.sendRequest(CollatePageRequest, { uri, from }, token);
        if (!page) return '';
        if (attempt < 3 && version !== undefined && page.version !== version) break;
        version = page.version;
        pages.push(page.text);
        from = page.next;
      }
      if (!from) return pages.join('');
    }
  }

  /** Links from every `file:line` of a trace document to that line of the log. */
  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const out: vscode.DocumentLink[] = [];
    for (const loc of this.traceLocations.get(doc.uri.toString()) ?? []) {
      if (loc.line >= doc.lineCount) continue;
      const text = doc.lineAt(loc.line).text;
      const at = text.lastIndexOf('  ') + 2;
      const link = new vscode.DocumentLink(new vscode.Range(loc.line, at, loc.line, text.length), logLineTarget(vscode.Uri.parse(loc.uri), loc.logLine));
      link.tooltip = vscode.l10n.t('Go to the log line');
      out.push(link);
    }
    return out;
  }

  dispose(): void {
    this.changed.dispose();
    this.watcher.dispose();
  }
}
