// "Zimbra Logs: Go to Queue ID…" and the code lens's "show path". Both take their input as
// arguments too (a queue ID; `{ uri, line }`) and then ask nothing.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PathRequest, TransactionsRequest, TransactionSummary } from '../../../common/protocol';
import { CollatedDocuments } from '../documents';
import { LargeLogs, revealLine } from '../large';

function describe(t: TransactionSummary): string {
  const to = t.to.map((r, i) => `${r} ${t.statuses[i]}`).join(', ');
  return `${t.from !== undefined ? `<${t.from}>` : '?'} → ${to || '(no delivery)'}`;
}

async function reveal(doc: vscode.TextDocument | { uri: vscode.Uri }, line: number): Promise<void> {
  // A log too large for extensions has no TextDocument: the editor's own reveal.
  if (!('lineCount' in doc)) return revealLine({ uri: doc.uri.toString(), line });
  const editor = await vscode.window.showTextDocument(doc);
  const pos = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Returns the 0-based line revealed, or undefined. */
export async function goToQueueId(client: LanguageClient, queueId?: string, large?: LargeLogs): Promise<number | undefined> {
  const big = large?.active();
  const doc = big ? { uri: big } : vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a log first.'));
    return undefined;
  }
  const ts = await client.sendRequest(TransactionsRequest, { uri: doc.uri.toString() });
  let target: TransactionSummary | undefined;
  if (queueId) {
    target = ts.find((t) => t.queueId === queueId.trim());
    if (!target) void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: no transaction of queue ID {0} in this file.', queueId));
  } else {
    const picked = await vscode.window.showQuickPick(
      ts.map((t) => ({ label: t.queueId, description: describe(t), detail: t.complete ? vscode.l10n.t('line {0}', t.line + 1) : vscode.l10n.t('line {0} · incomplete', t.line + 1), t })),
      { placeHolder: vscode.l10n.t('Go to queue ID (type a queue ID, sender or recipient)'), matchOnDescription: true },
    );
    target = picked?.t;
  }
  if (!target) return undefined;
  await reveal(doc, target.line);
  return target.line;
}

/** Opens the delivery path of the message with a transaction at `line` (the code lens command). */
export async function showPath(client: LanguageClient, arg: { uri: string; line: number }): Promise<vscode.Uri | undefined> {
  const source = vscode.Uri.parse(arg.uri);
  const path = await client.sendRequest(PathRequest, { uri: arg.uri, line: arg.line });
  if (!path) return undefined;
  const uri = CollatedDocuments.uri(source, { pathLine: arg.line, label: vscode.l10n.t('path {0}', path.queueIds.join(' ')) });
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'postfix-log') doc = await vscode.languages.setTextDocumentLanguage(doc, 'postfix-log');
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return uri;
}

export function registerNavigationCommands(context: vscode.ExtensionContext, client: LanguageClient, large?: LargeLogs): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('zimbraLogs.goToQueueId', (queueId?: string) => goToQueueId(client, typeof queueId === 'string' ? queueId : undefined, large)),
    vscode.commands.registerCommand('zimbraLogs.showPath', (arg: { uri: string; line: number }) => showPath(client, arg)),
  );
}
