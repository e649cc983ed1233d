// "Zimbra Logs: Trace Message…": the path of every message a queue ID, Message-ID or address
// names, through all the logs of the workspace folder (read from disk by the server), in a
// read-only document whose `file:line` texts link back to the logs. Takes the query as an
// argument (a string, or `{ query, folder }`) and then asks nothing.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CollatedDocuments } from '../documents';
import { CollatedDocuments as Documents } from '../documents';

export type TraceArg = string | { query?: string; folder?: string | vscode.Uri } | undefined;

/** The folder whose logs are traced: the given one, the active log's workspace folder, the first one, or the active log's directory. */
function folderFor(given?: string | vscode.Uri): vscode.Uri | undefined {
  if (given) return typeof given === 'string' ? vscode.Uri.parse(given) : given;
  const active = vscode.window.activeTextEditor?.document.uri;
  const ws = (active && active.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
  if (ws) return ws.uri;
  if (active?.scheme === 'file') return vscode.Uri.file(path.dirname(active.fsPath));
  return undefined;
}

/** A queue ID, Message-ID or address under the cursor, to offer in the input box. */
function wordAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  if (!editor.selection.isEmpty) return editor.document.getText(editor.selection).trim();
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /<[^<>\s]+>|(?<![\w.+-])[\w.+-]+@[\w.-]+|[0-9A-Za-z]{8,20}/);
  return range ? editor.document.getText(range) : undefined;
}

export async function traceMessage(arg: TraceArg): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' ? { query: arg } : arg ?? {};
  let query = given.query?.trim();
  if (!query) {
    query = (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Zimbra Logs: Trace Message'),
        prompt: vscode.l10n.t('A queue ID (any hop), a Message-ID (with or without <>), or a sender or recipient address'),
        value: wordAtCursor(),
        ignoreFocusOut: true,
      })
    )?.trim();
  }
  if (!query) return undefined;
  const folder = folderFor(given.folder);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a folder with logs first.'));
    return undefined;
  }
  const uri = Documents.traceUri(folder, query);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return uri;
}

export function registerTraceCommand(context: vscode.ExtensionContext, documents: CollatedDocuments): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('zimbraLogs.trace', (arg?: TraceArg) => traceMessage(arg)),
    vscode.languages.registerDocumentLinkProvider({ scheme: Documents.scheme }, documents),
  );
}
