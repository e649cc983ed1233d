// Logs the editor shows but never hands to extensions (over 50 MB): the tab is there, no text
// document arrives. The server then indexes the file from disk (zimbraLogs/openLarge) with a
// cancellable progress notification; diagnostics, the collate commands, Go to Queue ID and the
// explorer view then work on its URI. Compressed logs that decompress past the limit likewise.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CloseLargeNotification, IndexProgressNotification, OpenLargeRequest, OpenLargeResult } from '../../common/protocol';
import { compressedQuery, maxSize, SCHEME } from './compressed';

/** VS Code's limit for handing a document to extensions. */
export const EXTENSION_LIMIT = 50 * 1024 * 1024;
const LOG_NAME = /(^|[./-])(mailbox|audit|sync|synctrace|imapd|imapd-audit|activity|ews|zimbra|maillog|mail)\.?(log|info|err|warn)?([.-]\w+)*$|\.log([.-]\w+)*$|^maillog/i;

export class LargeLogs implements vscode.Disposable {
  private readonly open = new Map<string, OpenLargeResult>();
  private readonly pending = new Map<string, Promise<OpenLargeResult | undefined>>();
  private readonly progress = new Map<string, (read: number, total: number) => void>();
  private readonly changed = new vscode.EventEmitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions.push(
      client.onNotification(IndexProgressNotification, (p) => this.progress.get(p.uri)?.(p.read, p.total)),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const t of e.opened) void this.check(t);
        for (const t of e.closed) this.closed(t);
      }),
    );
    for (const g of vscode.window.tabGroups.all) for (const t of g.tabs) void this.check(t);
  }

  has(uri: vscode.Uri | string): boolean {
    return this.open.has(uri.toString());
  }

  /** The large log of the active tab, if it is one. */
  active(): vscode.Uri | undefined {
    const uri = tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
    return uri && this.has(uri) ? uri : undefined;
  }

  private async check(tab: vscode.Tab): Promise<void> {
    const uri = tabUri(tab);
    if (!uri || (uri.scheme !== 'file' && uri.scheme !== SCHEME) || this.has(uri)) return;
    const name = uri.path.split('/').pop() ?? '';
    // No file name is longer than 255 bytes: LOG_NAME (quadratic on a long run of "-ews") never sees a longer one.
    if (uri.scheme === 'file' && (name.length > 255 || !LOG_NAME.test(name))) return;
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      return;
    }
    if (size <= EXTENSION_LIMIT) return;
    // A document under the limit arrives with the tab; one over it never does.
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    await this.index(uri);
  }

  private closed(tab: vscode.Tab): void {
    const uri = tabUri(tab);
    if (!uri || !this.has(uri)) return;
    const stillOpen = vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => tabUri(t)?.toString() === uri.toString()));
    if (stillOpen) return;
    this.open.delete(uri.toString());
    void this.client.sendNotification(CloseLargeNotification, { uri: uri.toString() });
    this.changed.fire(uri.toString());
  }

  /** Has the server index `uri` from disk, with a cancellable progress notification. */
  index(uri: vscode.Uri): Promise<OpenLargeResult | undefined> {
    const key = uri.toString();
    const running = this.pending.get(key);
    if (running) return running;
    const name = uri.path.split('/').pop() ?? '';
    const p = Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Zimbra Logs: indexing {0}', name), cancellable: true },
        async (progress, token) => {
          let reported = 0;
          this.progress.set(key, (read, total) => {
            const pct = total ? Math.min(100, Math.floor((read / total) * 100)) : 0;
            if (pct > reported) {
              progress.report({ increment: pct - reported, message: `${pct}%` });
              reported = pct;
            }
          });
          try {
            const params =
              uri.scheme === SCHEME
                ? { uri: key, path: compressedQuery(uri).archive, member: compressedQuery(uri).member, maxSize: maxSize() }
                : { uri: key, path: uri.fsPath };
            const r = await this.client.sendRequest(OpenLargeRequest, params, token);
            this.open.set(key, r);
            this.changed.fire(key);
            void vscode.window.setStatusBarMessage(vscode.l10n.t('Zimbra Logs: {0}: {1} lines, {2} transactions, {3} problems', name, r.lines.toLocaleString(vscode.env.language), r.transactions.toLocaleString(vscode.env.language), r.problems.toLocaleString(vscode.env.language)), 10000);
            return r;
          } catch (e) {
            if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Zimbra Logs: ${(e as Error).message}`);
            return undefined;
          } finally {
            this.progress.delete(key);
            this.pending.delete(key);
          }
        },
      ),
    );
    this.pending.set(key, p);
    return p;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export function tabUri(tab: vscode.Tab | undefined): vscode.Uri | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputText ? input.uri : undefined;
}

/** Opens `uri` at a line: the editor's own reveal, which works for files too large for extensions. */
export async function revealLine(arg: { uri: string; line: number }): Promise<void> {
  const uri = vscode.Uri.parse(arg.uri);
  const range = new vscode.Range(arg.line, 0, arg.line, 0);
  await vscode.commands.executeCommand('vscode.open', uri, { selection: range, preserveFocus: false, preview: false });
}

export function registerLargeLogs(context: vscode.ExtensionContext, client: LanguageClient): LargeLogs {
  const large = new LargeLogs(client);
  context.subscriptions.push(
    large,
    vscode.commands.registerCommand('zimbraLogs.indexLargeLog', async (arg?: vscode.Uri | string) => {
      const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg ?? tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
      if (!uri) return undefined;
      return large.index(uri);
    }),
    vscode.commands.registerCommand('zimbraLogs.revealLine', revealLine),
  );
  return large;
}
