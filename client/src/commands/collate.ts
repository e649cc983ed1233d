// "Zimbra Logs: Collate Transaction" and "Collate File". Both also take their input as
// arguments (keybindings, other extensions, tests) and then ask nothing.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CollateRequest, TransactionsRequest } from '../../../common/protocol';
import { CollatedDocuments } from '../documents';
import type { LargeLogs } from '../large';
import { CollateToFileRequest, ReleaseFileNotification } from '../../../common/protocol';

/** A log: an open document, or one indexed from disk (too large for extensions), known by its URI. */
type Log = Pick<vscode.TextDocument, 'uri'>;

/** Argument of `zimbraLogs.collateTransaction`: a queue ID, or where to find one. */
export type CollateTransactionArg = string | { uri?: string | vscode.Uri; queueId?: string; key?: string } | vscode.Uri | undefined;

function toUri(u: string | vscode.Uri): vscode.Uri {
  return typeof u === 'string' ? vscode.Uri.parse(u) : u;
}

/** The log the command is about: the given URI (opened, so the server has it) or the active editor's. */
async function logDocument(uri?: string | vscode.Uri, large?: LargeLogs): Promise<Log | undefined> {
  if (uri && large?.has(toUri(uri))) return { uri: toUri(uri) };
  if (uri) return vscode.workspace.openTextDocument(toUri(uri));
  const big = large?.active();
  if (big) return { uri: big };
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a log first.'));
  return doc;
}

async function show(uri: vscode.Uri): Promise<vscode.Uri> {
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'postfix-log') doc = await vscode.languages.setTextDocumentLanguage(doc, 'postfix-log');
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return uri;
}

async function pickTransaction(client: LanguageClient, doc: Log): Promise<string | undefined> {
  const ts = await client.sendRequest(TransactionsRequest, { uri: doc.uri.toString() });
  if (!ts.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Zimbra Logs: no Postfix transaction in this file.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    ts.map((t) => ({
      label: t.queueId,
      description: `${t.from !== undefined ? `<${t.from}>` : ''} → ${t.to.map((r, i) => `${r} ${t.statuses[i]}`).join(', ') || vscode.l10n.t('(no delivery)')}`,
      detail: `${t.instance} · line ${t.line + 1}${t.complete ? '' : ' · incomplete'}`,
      key: t.key,
    })),
    { placeHolder: vscode.l10n.t('Queue ID to collate'), matchOnDescription: true },
  );
  return picked?.key;
}

export async function collateTransaction(client: LanguageClient, arg: CollateTransactionArg, large?: LargeLogs): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' ? { queueId: arg } : arg instanceof vscode.Uri ? { uri: arg } : arg ?? {};
  const doc = await logDocument(given.uri, large);
  if (!doc) return undefined;
  let key = given.key;
  let queueId = given.queueId;
  const editor = vscode.window.activeTextEditor;
  if (!key && !queueId && editor?.document === doc) {
    const r = await client.sendRequest(CollateRequest, { uri: doc.uri.toString(), position: editor.selection.active });
    key = r?.keys[0];
  }
  if (!key && !queueId) key = await pickTransaction(client, doc);
  if (!key && !queueId) return undefined;
  if (!key) {
    const r = await client.sendRequest(CollateRequest, { uri: doc.uri.toString(), queueId });
    if (!r) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: no transaction of queue ID {0} in {1}.', queueId ?? '', String(doc.uri.path.split('/').pop())));
      return undefined;
    }
    key = r.keys[0];
  }
  return show(CollatedDocuments.uri(doc.uri, { key }));
}

export async function collateFile(arg?: string | vscode.Uri, client?: LanguageClient, large?: LargeLogs): Promise<vscode.Uri | undefined> {
  const doc = await logDocument(arg, large);
  if (!doc) return undefined;
  if (client && large?.has(doc.uri)) {
    // Too large for a message or an editor buffer: collated into a file by the server.
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Zimbra Logs: collating'), cancellable: true }, (_p, token) =>
      client.sendRequest(CollateToFileRequest, { uri: doc.uri.toString() }, token),
    );
    if (!r) return undefined;
    const uri = vscode.Uri.file(r.path);
    await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    // The server made the file: it deletes it once its document is closed.
    const closed = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.toString() !== uri.toString()) return;
      closed.dispose();
      void client.sendNotification(ReleaseFileNotification, { path: r.path });
    });
    return uri;
  }
  return show(CollatedDocuments.uri(doc.uri, {}));
}

export function registerCollateCommands(context: vscode.ExtensionContext, client: LanguageClient, large?: LargeLogs): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('zimbraLogs.collateTransaction', (arg?: CollateTransactionArg) => collateTransaction(client, arg, large)),
    vscode.commands.registerCommand('zimbraLogs.collateFile', (arg?: string | vscode.Uri) => collateFile(arg, client, large)),
  );
}
