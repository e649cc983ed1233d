// "Zimbra Logs: Show Delivery Problems": the failed deliveries and rejects of a folder's MTA logs
// (zimbra.log and its rotations, .gz included), grouped by cause and by destination domain, in a
// read-only document whose examples link to their lines (the investigations' documents and links).
// Argument: a folder's URI, a log's URI (that log with its rotations), or { folder } / { uri };
// without one, the active MTA log, else the workspace folder (asked for when there are several).
import * as vscode from 'vscode';
import { argUri, folderFor, investigationUri, show, toUri, UriArg } from './investigate';

const MTA_NAMES = ['zimbra.log', 'maillog', 'mail.log', 'mail.info', 'mail.warn', 'mail.err'];
const SUFFIX_CHAR = /[\w.-]/;

/** An MTA log's file name: one of MTA_NAMES, after the start or a `.`/`-`, and then the end or a `.`/`-` suffix (zimbra.log.2.gz, mta1-maillog). By hand, in linear time. */
function isMtaLogName(name: string): boolean {
  // name.slice(okFrom) is all word characters, dots and dashes.
  let okFrom = name.length;
  while (okFrom > 0 && SUFFIX_CHAR.test(name[okFrom - 1])) okFrom--;
  for (const n of MTA_NAMES) {
    for (let at = name.indexOf(n); at >= 0; at = name.indexOf(n, at + 1)) {
      if (at > 0 && name[at - 1] !== '.' && name[at - 1] !== '-') continue;
      const end = at + n.length;
      if (end === name.length || ((name[end] === '.' || name[end] === '-') && end + 1 >= okFrom)) return true;
    }
  }
  return false;
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

export async function showDeliveryProblems(arg?: UriArg): Promise<vscode.Uri | undefined> {
  const folderArg = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && arg.folder ? toUri(arg.folder) : undefined;
  let target = folderArg ?? argUri(arg);
  if (!target) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file' && isMtaLogName(active.path.split('/').pop() ?? '')) target = active;
    else if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) target = (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder whose MTA logs to read' }))?.uri;
    else target = folderFor();
  }
  if (!target) {
    void vscode.window.showWarningMessage('Zimbra Logs: open a folder with zimbra.log, or a zimbra.log, first.');
    return undefined;
  }
  const name = target.path.split('/').pop() || 'logs';
  const isFolder = await isDirectory(target);
  const query = isFolder ? { kind: 'deliveryProblems' as const, folder: target.toString() } : { kind: 'deliveryProblems' as const, uri: target.toString() };
  // Links may go to the folder's files (a log's: the files of its directory, its rotations).
  const source = isFolder ? target : vscode.Uri.joinPath(target, '..');
  return show(investigationUri(`delivery problems - ${name}`, source.toString(), query));
}

export function registerDeliveryProblems(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('zimbraLogs.showDeliveryProblems', (arg?: UriArg) => showDeliveryProblems(arg)));
}
