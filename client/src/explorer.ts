// The "Zimbra Logs" view in the explorer: the active log's transactions, problems and accounts
// (from zimbraLogs/outline); a click reveals the line, also in logs too large for extensions.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OutlineRequest, OutlineResult } from '../../common/protocol';
import { LargeLogs, tabUri } from './large';

type Node = { kind: 'group'; label: string; items: vscode.TreeItem[] } | { kind: 'item'; item: vscode.TreeItem };

const LANGUAGES = new Set(['zimbra-log', 'postfix-log']);

export class LogExplorer implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private uri?: vscode.Uri;
  private data?: OutlineResult | null;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly large: LargeLogs,
  ) {
    const refresh = () => this.refresh();
    this.subscriptions.push(
      vscode.window.tabGroups.onDidChangeTabs(refresh),
      vscode.window.onDidChangeActiveTextEditor(refresh),
      large.onDidChange(refresh),
      vscode.languages.onDidChangeDiagnostics(() => this.uri && this.refresh(true)),
    );
  }

  /** The log the view is about: the active tab's, when it is a log the server knows. */
  private current(): vscode.Uri | undefined {
    const uri = tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
    if (!uri) return undefined;
    if (this.large.has(uri)) return uri;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return doc && LANGUAGES.has(doc.languageId) ? uri : undefined;
  }

  refresh(force = false): void {
    const uri = this.current();
    if (!force && uri?.toString() === this.uri?.toString() && this.data !== undefined) return;
    this.uri = uri;
    this.data = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'item') return n.item;
    const t = new vscode.TreeItem(n.label, n.items.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.contextValue = 'group';
    return t;
  }

  async getChildren(n?: Node): Promise<Node[]> {
    if (n) return n.kind === 'group' ? n.items.map((item) => ({ kind: 'item', item })) : [];
    const uri = this.uri;
    if (!uri) return [];
    if (this.data === undefined) {
      try {
        this.data = await this.client.sendRequest(OutlineRequest, { uri: uri.toString(), limit: 2000 });
      } catch {
        this.data = null;
      }
    }
    const d = this.data;
    if (!d) return [];
    const at = (line: number, label: string, description: string, icon: string, tooltip?: string): vscode.TreeItem => {
      const t = new vscode.TreeItem(label);
      t.description = description;
      t.tooltip = tooltip ?? `${label} ${description}`;
      t.iconPath = new vscode.ThemeIcon(icon);
      t.command = { command: 'zimbraLogs.revealLine', title: vscode.l10n.t('Reveal'), arguments: [{ uri: uri.toString(), line }] };
      return t;
    };
    const more = (shown: number, total: number) => (total > shown ? ` ${vscode.l10n.t('(first {0} of {1})', shown, total)}` : ` (${total})`);
    return [
      {
        kind: 'group',
        label: `${vscode.l10n.t('Transactions')}${more(d.transactions.length, d.transactionCount)}`,
        items: d.transactions.map((t) =>
          at(t.line, t.queueId, `${t.from !== undefined ? `<${t.from}>` : '?'} → ${t.to.map((r, i) => `${r} ${t.statuses[i]}`).join(', ') || vscode.l10n.t('(no delivery)')}`, t.statuses.some((s) => s !== 'sent') ? 'mail-read' : 'mail'),
        ),
      },
      {
        kind: 'group',
        label: `${vscode.l10n.t('Problems')}${more(d.problems.length, d.problemCount)}`,
        items: d.problems.map((p) => at(p.line, `${p.line + 1}: ${p.code}`, p.message.split('\n')[0], p.severity === 'error' ? 'error' : 'warning', p.message)),
      },
      {
        kind: 'group',
        label: `${vscode.l10n.t('Accounts')} (${d.accounts.length})`,
        items: d.accounts.map((a) => at(a.line, a.name, vscode.l10n.t('{0} lines', a.count), 'account')),
      },
    ];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

export function registerExplorer(context: vscode.ExtensionContext, client: LanguageClient, large: LargeLogs): LogExplorer {
  const explorer = new LogExplorer(client, large);
  context.subscriptions.push(
    explorer,
    vscode.window.registerTreeDataProvider('zimbraLogs.explorer', explorer),
    vscode.commands.registerCommand('zimbraLogs.refreshExplorer', () => explorer.refresh(true)),
  );
  return explorer;
}
