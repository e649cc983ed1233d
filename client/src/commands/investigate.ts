// Investigations: "Show Account Activity…", "Show Failed Logins", "Show What Preceded Each
// Restart", "Copy Redacted", "Export Redacted" and "Export as New File". Each takes its input as an
// argument too (keybindings, other extensions, tests) and then asks nothing. Every document is a
// read-only `zimbra-logs:` document computed by the server (documents.ts asks `investigationContent`);
// its links go only to files of the workspace (or to the log the document is about).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { compressedQuery, logLineTarget, SCHEME as COMPRESSED } from '../compressed';
import { AccountReportRequest, ActivityRequest, DeliveryProblemsRequest, FailedLoginsRequest, InvestigationResult, MailboxChangesRequest, RedactRequest, RestartsRequest, ResultPartRequest, SourceLink } from '../../../common/investigateProtocol';

const SCHEME = 'zimbra-logs';

/** What an investigation document shows (the `investigate` field of its URI's query). */
export type InvestigateQuery =
  | { kind: 'activity'; query: string; from?: string; to?: string }
  | { kind: 'failedLogins'; folder?: string; uri?: string }
  | { kind: 'restarts'; uri?: string; folder?: string }
  | { kind: 'accountReport' }
  | { kind: 'mailboxChanges'; account: string; from?: string; to?: string }
  | { kind: 'deliveryProblems'; folder?: string; uri?: string };

export type ActivityArg = string | { query?: string; account?: string; from?: string; to?: string; folder?: string | vscode.Uri } | undefined;
export type UriArg = string | vscode.Uri | { uri?: string | vscode.Uri; folder?: string | vscode.Uri } | undefined;

interface Shown {
  links: SourceLink[];
  language: InvestigationResult['language'];
  /** The folder or log the document is about (links may go there). */
  source: string;
}

/** Links and languages of the investigation documents, by URI. */
const shown = new Map<string, Shown>();
/** Account report notices already shown as a message, per folder. */
const noticesShown = new Set<string>();

/** The content of an investigation document (called by documents.ts for `investigate` URIs). */
export async function investigationContent(client: LanguageClient, uri: vscode.Uri, source: string, q: InvestigateQuery, token: vscode.CancellationToken): Promise<string> {
  let r: InvestigationResult | null;
  const activity = (q: { query: string; from?: string; to?: string }, parts: boolean) => client.sendRequest(ActivityRequest, { folder: source, query: q.query, from: q.from, to: q.to, parts }, token);
  try {
    // A large answer in parts; in one (as before) if the server no longer has them.
    if (q.kind === 'activity') r = await activity(q, true).then(async (a) => (a.parts ? ((await whole(client, a, token)) ?? (await activity(q, false))) : a));
    // The thresholds (zimbraLogs.security.* / accounts.*) are the server's settings for the folder or log.
    else if (q.kind === 'failedLogins') r = await client.sendRequest(FailedLoginsRequest, { folder: q.folder, uri: q.uri }, token);
    else if (q.kind === 'accountReport') {
      const report = await client.sendRequest(AccountReportRequest, { folder: source }, token);
      // A notice about the whole folder (the proxy's address recorded instead of the clients'): once, as a message too.
      for (const n of report.notices ?? []) {
        if (noticesShown.has(`${source}\n${n}`)) continue;
        noticesShown.add(`${source}\n${n}`);
        void vscode.window.showInformationMessage(`Zimbra Logs: ${n}`);
      }
      r = report;
    } else if (q.kind === 'deliveryProblems') r = await client.sendRequest(DeliveryProblemsRequest, { folder: q.folder, uri: q.uri }, token);
    else if (q.kind === 'mailboxChanges') r = await client.sendRequest(MailboxChangesRequest, { folder: source, account: q.account, from: q.from, to: q.to }, token);
    else r = await client.sendRequest(RestartsRequest, q.folder ? { uri: q.uri, folder: q.folder } : { uri: source }, token);
  } catch (e) {
    return `Zimbra Logs: ${(e as Error)?.message ?? e}\n`;
  }
  if (!r) return '';
  // Kept after the document closes: changing its language closes and reopens it without asking again.
  shown.delete(uri.toString());
  shown.set(uri.toString(), { links: r.links, language: r.language, source });
  for (const k of shown.keys()) if (shown.size > 50) shown.delete(k);
  return r.text;
}

/** A large answer's text and links, asked part by part; null if the server no longer has them. */
async function whole<T extends InvestigationResult>(client: LanguageClient, r: T, token: vscode.CancellationToken): Promise<T | null> {
  const texts: string[] = [];
  const links: SourceLink[] = [];
  for (let part = 0; part < (r.parts?.count ?? 0); part++) {
    const p = await client.sendRequest(ResultPartRequest, { id: r.parts!.id, part }, token);
    if (!p) return null;
    texts.push(p.text);
    for (const l of p.links) links.push(l);
  }
  return { ...r, text: texts.join(''), links };
}

export function toUri(u: string | vscode.Uri): vscode.Uri {
  return typeof u === 'string' ? (/^[a-z][\w+.-]*:/i.test(u) && !/^[a-z]:[\\/]/i.test(u) ? vscode.Uri.parse(u) : vscode.Uri.file(u)) : u;
}

/** The folder whose logs are read: the given one, the active log's workspace folder, the first one, or the active log's directory. */
export function folderFor(given?: string | vscode.Uri): vscode.Uri | undefined {
  if (given) return toUri(given);
  const active = vscode.window.activeTextEditor?.document.uri;
  const ws = (active && active.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
  if (ws) return ws.uri;
  if (active?.scheme === 'file') return vscode.Uri.file(path.dirname(active.fsPath));
  return undefined;
}

export function investigationUri(label: string, source: string, investigate: InvestigateQuery): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${label.replace(/[\/\\]/g, '_')}`, query: JSON.stringify({ source, investigate }) });
}

export async function show(uri: vscode.Uri): Promise<vscode.Uri> {
  let doc = await vscode.workspace.openTextDocument(uri);
  const language = shown.get(uri.toString())?.language;
  if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return uri;
}

/** An account or address under the cursor, to offer in the input box. */
function wordAtCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  if (!editor.selection.isEmpty) return editor.document.getText(editor.selection).trim();
  const range = editor.document.getWordRangeAtPosition(editor.selection.active, /(?<![\w.+'-])[\w.+'-]+@[\w.-]+|\d{1,3}(?:\.\d{1,3}){3}|(?<![\dA-Fa-f:])(?=[\dA-Fa-f:]*::)[\dA-Fa-f:]+/);
  return range ? editor.document.getText(range) : undefined;
}

export async function showAccountActivity(arg: ActivityArg): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' ? { query: arg } : arg ?? {};
  let query = (given.query ?? given.account)?.trim();
  let { from, to } = given;
  if (!query) {
    query = (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Zimbra Logs: Show Account Activity'),
        prompt: vscode.l10n.t('An account (bob@example.com, or bob) or an IP address'),
        value: wordAtCursor(),
        ignoreFocusOut: true,
      })
    )?.trim();
    if (!query) return undefined;
    const range = await vscode.window.showInputBox({
      title: vscode.l10n.t('Zimbra Logs: Show Account Activity — time range (optional)'),
      prompt: vscode.l10n.t('Empty for all; a day (2026-10-13); or FROM..TO (2026-10-13 08:00..2026-10-13 12:00), in log time'),
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() || /^\s*\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?\s*(?:\.\.\s*\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d)?)?\s*)?$/.test(v) ? undefined : 'YYYY-MM-DD[ HH:MM[:SS]], optionally ..YYYY-MM-DD[ HH:MM[:SS]]'),
    });
    if (range === undefined) return undefined;
    if (range.trim()) {
      const [a, b] = range.split('..').map((s) => s.trim());
      from = a;
      to = b ?? a;
    }
  }
  const folder = folderFor(given.folder);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a folder with logs first.'));
    return undefined;
  }
  const label = `${vscode.l10n.t('activity {0}', query)}${from ? ` ${vscode.l10n.t('from {0}', from)}` : ''}${to ? ` ${vscode.l10n.t('to {0}', to)}` : ''}`.replace(/:/g, '.');
  return show(investigationUri(label, folder.toString(), { kind: 'activity', query, from, to }));
}

/** "Zimbra Logs: Account Report": every account of the folder's logs, flagged ones first. Argument: `{ folder }`. */
export async function showAccountReport(arg?: { folder?: string | vscode.Uri } | string | vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = folderFor(typeof arg === 'string' || arg instanceof vscode.Uri ? arg : arg?.folder);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a folder with logs first.'));
    return undefined;
  }
  return show(investigationUri(vscode.l10n.t('account report - {0}', folder.path.split('/').pop() || 'logs'), folder.toString(), { kind: 'accountReport' }));
}

/** "Zimbra Logs: Show Mailbox Changes…": an account as argument (`"bob@example.com"` or `{ account, from, to, folder }`), else asked. */
export async function showMailboxChanges(arg: ActivityArg): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' ? { query: arg } : arg ?? {};
  let account = (given.account ?? given.query)?.trim();
  if (!account) {
    account = (await vscode.window.showInputBox({ title: vscode.l10n.t('Zimbra Logs: Show Mailbox Changes'), prompt: vscode.l10n.t('The account (bob@example.com)'), value: wordAtCursor(), ignoreFocusOut: true }))?.trim();
    if (!account) return undefined;
  }
  const folder = folderFor(given.folder);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a folder with logs first.'));
    return undefined;
  }
  return show(investigationUri(vscode.l10n.t('mailbox changes {0}', account), folder.toString(), { kind: 'mailboxChanges', account, from: given.from, to: given.to }));
}

export function argUri(arg: UriArg): vscode.Uri | undefined {
  if (!arg) return undefined;
  if (typeof arg === 'string' || arg instanceof vscode.Uri) return toUri(arg);
  return arg.uri ? toUri(arg.uri) : undefined;
}

export async function showFailedLogins(arg: UriArg): Promise<vscode.Uri | undefined> {
  const folderArg = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg.folder : undefined;
  const uri = argUri(arg);
  // An audit.log given or open in the editor outside any folder: that log alone; else the folder's audit.log files.
  const active = vscode.window.activeTextEditor?.document.uri;
  const log = uri ?? (active && active.scheme === 'file' && !vscode.workspace.getWorkspaceFolder(active) && !vscode.workspace.workspaceFolders?.length ? active : undefined);
  if (log && !folderArg) {
    await vscode.workspace.openTextDocument(log);
    return show(investigationUri(vscode.l10n.t('failed logins - {0}', String(log.path.split('/').pop())), log.toString(), { kind: 'failedLogins', uri: log.toString() }));
  }
  const folder = folderFor(folderArg);
  if (!folder) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a folder with audit.log or an audit.log first.'));
    return undefined;
  }
  return show(investigationUri(vscode.l10n.t('failed logins - {0}', folder.path.split('/').pop() || 'logs'), folder.toString(), { kind: 'failedLogins', folder: folder.toString() }));
}

/**
 * "Show What Preceded Each Restart": for a mailbox.log of a workspace folder, every mailbox.log of
 * that folder (rotated and .gz included; the server falls back to the log alone when it is not one
 * of them); for a log outside any folder, that log. Argument: the log's URI, or `{ uri, folder }`.
 */
export async function showRestarts(arg: UriArg): Promise<vscode.Uri | undefined> {
  const folderArg = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg.folder : undefined;
  const given = argUri(arg);
  const doc = given ? await vscode.workspace.openTextDocument(given) : vscode.window.activeTextEditor?.document;
  if (!doc) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a mailbox.log first.'));
    return undefined;
  }
  const name = doc.uri.path.split('/').pop();
  const folder = folderArg ? toUri(folderArg) : doc.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(doc.uri)?.uri : undefined;
  if (!folder) return show(investigationUri(vscode.l10n.t('restarts - {0}', String(name)), doc.uri.toString(), { kind: 'restarts' }));
  return show(investigationUri(vscode.l10n.t('restarts - {0}', String(name)), folder.toString(), { kind: 'restarts', uri: doc.uri.toString(), folder: folder.toString() }));
}

/** The text to redact: `{ text }`, a given log, the selection, or the active document. */
async function textOf(arg: UriArg | { text?: string }, selectionOnly: boolean): Promise<{ text: string; language?: string } | undefined> {
  if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && 'text' in arg && typeof arg.text === 'string') return { text: arg.text };
  const uri = argUri(arg as UriArg);
  const editor = vscode.window.activeTextEditor;
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!doc) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a log first.'));
    return undefined;
  }
  if (selectionOnly && !uri && editor && !editor.selections.every((s) => s.isEmpty)) {
    return { text: editor.selections.filter((s) => !s.isEmpty).map((s) => doc.getText(s)).join('\n'), language: doc.languageId };
  }
  return { text: doc.getText(), language: doc.languageId };
}

async function redacted(client: LanguageClient, text: string): Promise<string> {
  return (await client.sendRequest(RedactRequest, { text })).text;
}

/** Copies the selection (or the whole log) redacted to the clipboard; returns the text. */
export async function copyRedacted(client: LanguageClient, arg: UriArg | { text?: string }): Promise<string | undefined> {
  const t = await textOf(arg, true);
  if (!t) return undefined;
  const out = await redacted(client, t.text);
  try {
    await vscode.env.clipboard.writeText(out);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('Zimbra Logs: redacted text copied'), 3000);
  } catch (e) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: the clipboard refused the redacted text ({0}); use Export Redacted.', String((e as Error)?.message ?? e)));
  }
  return out;
}

async function untitled(content: string, language?: string): Promise<vscode.Uri> {
  const doc = await vscode.workspace.openTextDocument({ content, language: language && language !== 'plaintext' ? language : undefined });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc.uri;
}

/** The whole log (or the given text) redacted, in a new untitled document; returns its URI. */
export async function exportRedacted(client: LanguageClient, arg: UriArg | { text?: string }): Promise<vscode.Uri | undefined> {
  const t = await textOf(arg, false);
  if (!t) return undefined;
  return untitled(await redacted(client, t.text), t.language);
}

/** An investigation (or any) document as a new untitled file that can be saved; returns its URI. */
export async function exportDocument(arg: UriArg): Promise<vscode.Uri | undefined> {
  const uri = argUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  return untitled(doc.getText(), doc.languageId);
}

/** The archive (a `file:` URI) of a compressed log's document, if its query says one. */
function archiveOf(uri: vscode.Uri): vscode.Uri | undefined {
  try {
    const archive = compressedQuery(uri).archive;
    return typeof archive === 'string' && archive ? vscode.Uri.file(archive) : undefined;
  } catch {
    return undefined;
  }
}

/** Links of an investigation document: only to files of the workspace or to the log it is about. */
function links(doc: vscode.TextDocument): vscode.DocumentLink[] {
  const s = shown.get(doc.uri.toString());
  if (!s) return [];
  const out: vscode.DocumentLink[] = [];
  for (const l of s.links) {
    if (l.line >= doc.lineCount) continue;
    let target: vscode.Uri;
    try {
      target = vscode.Uri.parse(l.uri, true);
    } catch {
      continue;
    }
    // An archive member's document: allowed where its archive would be.
    const file = target.scheme === COMPRESSED ? archiveOf(target) : target;
    if (!file) continue;
    const about = file.toString() === s.source || (file.scheme === 'file' && file.toString().startsWith(s.source.replace(/\/?$/, '/')));
    if (file.scheme !== 'file' && !about) continue;
    if (!about && !vscode.workspace.getWorkspaceFolder(file)) continue;
    const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, Math.min(l.end, doc.lineAt(l.line).text.length)), logLineTarget(target, l.logLine));
    link.tooltip = vscode.l10n.t('Go to {0}', l.label);
    out.push(link);
  }
  return out;
}

export function registerInvestigationCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('zimbraLogs.showAccountActivity', (arg?: ActivityArg) => showAccountActivity(arg)),
    vscode.commands.registerCommand('zimbraLogs.showFailedLogins', (arg?: UriArg) => showFailedLogins(arg)),
    vscode.commands.registerCommand('zimbraLogs.showRestarts', (arg?: UriArg) => showRestarts(arg)),
    vscode.commands.registerCommand('zimbraLogs.showAccountReport', (arg?: { folder?: string | vscode.Uri } | string | vscode.Uri) => showAccountReport(arg)),
    vscode.commands.registerCommand('zimbraLogs.showMailboxChanges', (arg?: ActivityArg) => showMailboxChanges(arg)),
    vscode.commands.registerCommand('zimbraLogs.copyRedacted', (arg?: UriArg | { text?: string }) => copyRedacted(client, arg)),
    vscode.commands.registerCommand('zimbraLogs.exportRedacted', (arg?: UriArg | { text?: string }) => exportRedacted(client, arg)),
    vscode.commands.registerCommand('zimbraLogs.exportDocument', (arg?: UriArg) => exportDocument(arg)),
    vscode.languages.registerDocumentLinkProvider({ scheme: SCHEME }, { provideDocumentLinks: links }),
  );
}
