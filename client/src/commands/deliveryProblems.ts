// "Zimbra Logs: Show Delivery Problems": the failed deliveries and rejects of a folder's MTA logs
// (zimbra.log and its rotations, .gz included), grouped by cause and by destination domain, in a
// read-only document whose examples link to their lines (the investigations' documents and links).
// Argument: a folder's URI, a log's URI (that log with its rotations), or { folder } / { uri };
// without one, the active MTA log, else the workspace folder (asked for when there are several).
import * as vscode from 'vscode';
import { argUri, folderFor, investigationUri, show, toUri, UriArg } from './investigate';

const MTA_NAMES = ['zimbra.log', 'maillog', 'mail.log', 'mail.info', 'mail.warn', 'mail.err'];

/**
 * Whether a file name is an MTA log's: one of MTA_NAMES at its start or after `.`/`-`, then nothing
 * or `.`/`-` and word characters, dots and dashes (zimbra.log.1.gz, host-maillog-20261013). In
 * linear time (a regular expression for it backtracks).
 */
function isMtaLog(name: string): boolean {
  let bad = -1; // the last character that may not be in the tail
  for (let i = 0; i < name.length; i++) if (!/[\w.-]/.test(name[i])) bad = i;
  for (let i = 0; i < name.length; i++) {
    if (i > 0 && name[i - 1] !== '.' && name[i - 1] !== '-') continue;
    for (const n of MTA_NAMES) {
      const end = i + n.length;
      if (name.startsWith(n, i) && (end === name.length || ((name[end] === '.' || name[end] === '-') && end > bad))) return true;
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
    if (active?.scheme === 'file' && isMtaLog(active.path.split('/').pop() ?? '')) target = active;
    else if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) target = (await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Folder whose MTA logs to read') }))?.uri;
    else target = folderFor();
  }
  if (!target) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a folder with zimbra.log, or a zimbra.log, first.'));
    return undefined;
  }
  const name = target.path.split('/').pop() || 'logs';
  const isFolder = await isDirectory(target);
  const query = isFolder ? { kind: 'deliveryProblems' as const, folder: target.toString() } : { kind: 'deliveryProblems' as const, uri: target.toString() };
  // Links may go to the folder's files (a log's: the files of its directory, its rotations).
  const source = isFolder ? target : vscode.Uri.joinPath(target, '..');
  return show(investigationUri(vscode.l10n.t('delivery problems - {0}', name), source.toString(), query));
}

export function registerDeliveryProblems(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('zimbraLogs.showDeliveryProblems', (arg?: UriArg) => showDeliveryProblems(arg)));
}
