// "Zimbra Logs: Show Timeline": a webview of the events per time bucket across the logs (a log
// URI and its rotations, or `{ "folder": "file:///…" }`, or the active log), computed by the
// language server (zimbraLogs/timeline) with a progress notification while it reads. The page
// (dist/media/timeline.js, uPlot bundled in) runs under a strict CSP with a nonce and loads only
// from dist/media; its clicks reveal lines, a zoomed range opens its lines in a read-only document.
// The view follows the logs: a change of one of its files asks for the timeline again.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TimelineParams, TimelineProgressNotification, TimelineRequest, TimelineResult } from '../../../common/protocol';
import { logLineTarget } from '../compressed';
import { CollatedDocuments } from '../documents';
import { revealLine, tabUri } from '../large';
import { scriptJson, translateWords } from '../../../server/src/engine/timeline/words';

export type TimelineArg = vscode.Uri | string | { folder?: string | vscode.Uri; uri?: string | vscode.Uri } | undefined;

/** What the page sends (client/webview/timeline.ts). */
type ViewMessage = { type: 'ready' } | { type: 'reveal'; file: number; line: number } | { type: 'openRange'; from: string; to: string };

const str = (u: string | vscode.Uri | undefined) => (u === undefined ? undefined : typeof u === 'string' ? u : u.toString());

function paramsOf(arg: TimelineArg): TimelineParams | undefined {
  if (arg instanceof vscode.Uri || typeof arg === 'string') return { uri: str(arg) };
  if (arg && (arg.folder || arg.uri)) return { folder: str(arg.folder), uri: str(arg.uri) };
  const active = vscode.window.activeTextEditor?.document.uri ?? tabUri(vscode.window.tabGroups.activeTabGroup.activeTab);
  return active?.scheme === 'file' ? { uri: active.toString() } : undefined;
}

/** An open timeline view: for tests, the messages its page sent. */
export interface TimelineView {
  panel: vscode.WebviewPanel;
  messages: ViewMessage[];
  onMessage: vscode.Event<ViewMessage>;
}

export async function showTimeline(context: vscode.ExtensionContext, client: LanguageClient, arg: TimelineArg): Promise<TimelineView | undefined> {
  const params = paramsOf(arg);
  if (!params) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Zimbra Logs: open a log, or give a log or folder, to show its timeline.'));
    return undefined;
  }
  const media = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media');
  const name = (params.folder ?? params.uri ?? '').split('/').filter(Boolean).pop() ?? 'logs';
  const panel = vscode.window.createWebviewPanel('zimbraLogs.timeline', vscode.l10n.t('Timeline: {0}', decodeURIComponent(name)), vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [media] });
  panel.webview.html = page(panel.webview, media);
  const received = new vscode.EventEmitter<ViewMessage>();
  const view: TimelineView = { panel, messages: [], onMessage: received.event };
  let result: TimelineResult | undefined;
  let ready = false;
  const post = () => ready && result && void panel.webview.postMessage({ type: 'data', data: { report: result.report, files: result.labels, title: result.title } });

  const load = async (quiet: boolean) => {
    const progressId = crypto.randomUUID();
    const task = async (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => {
      let last = 0;
      const sub = client.onNotification(TimelineProgressNotification, (p) => {
        if (p.progressId !== progressId || !p.total) return;
        const percent = (p.read / p.total) * 100;
        progress.report({ increment: percent - last, message: `${Math.floor(percent)} %` });
        last = percent;
      });
      try {
        result = await client.sendRequest(TimelineRequest, { ...params, progressId }, token);
        post();
      } catch (e) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Zimbra Logs: ${(e as Error)?.message ?? e}`);
      } finally {
        sub.dispose();
      }
    };
    if (quiet) await task({ report: () => undefined }, new vscode.CancellationTokenSource().token);
    else await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Zimbra Logs: reading the logs for the timeline'), cancellable: true }, task);
  };

  const disposables: vscode.Disposable[] = [received];
  panel.webview.onDidReceiveMessage(
    async (m: ViewMessage) => {
      view.messages.push(m);
      received.fire(m);
      if (m.type === 'ready') {
        ready = true;
        post();
      } else if (m.type === 'reveal' && result && Number.isInteger(m.file) && result.files[m.file]) {
        const target = logLineTarget(vscode.Uri.parse(result.files[m.file]), m.line);
        await revealLine({ uri: target.with({ fragment: '' }).toString(), line: m.line });
      } else if (m.type === 'openRange' && typeof m.from === 'string' && typeof m.to === 'string') {
        const uri = CollatedDocuments.timelineRangeUri(params, m.from, m.to);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false, viewColumn: vscode.ViewColumn.Beside });
      }
    },
    undefined,
    disposables,
  );
  // Follows the logs: a change of one of its files (a log that grows) reads the timeline again.
  const source = vscode.Uri.parse((params.folder ?? params.uri)!);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(params.folder ? source : vscode.Uri.joinPath(source, '..'), '**/*'));
  let timer: NodeJS.Timeout | undefined;
  const changed = (uri: vscode.Uri) => {
    if (!result?.files.includes(uri.toString()) && !(params.folder && uri.toString().startsWith(params.folder))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void load(true), 1000);
  };
  disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed));
  panel.onDidDispose(() => {
    clearTimeout(timer);
    disposables.forEach((d) => d.dispose());
  });
  context.subscriptions.push(panel);
  await load(false);
  return view;
}

/** The page: the bundle's script and style from dist/media only, under a CSP with a nonce; its words in the display language. */
function page(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const words = translateWords((m) => vscode.l10n.t(m), vscode.env.language);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css'));
  return `<!DOCTYPE html>
<html lang="${words.lang.replace(/[^A-Za-z0-9-]/g, '')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>${vscode.l10n.t('Timeline')}</title>
</head>
<body>
<main id="app"></main>
<script type="application/json" id="timeline-text">${scriptJson(words)}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

export function registerTimelineCommand(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(vscode.commands.registerCommand('zimbraLogs.showTimeline', (arg?: TimelineArg) => showTimeline(context, client, arg)));
}
