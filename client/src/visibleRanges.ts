// Tells the language server which lines of each log the editors show, so that it sends the code
// lenses of that part of a large log only (server/src/features/lensWindow.ts). Only forwards
// ranges: every decision is the server's.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { LineRange, VisibleRangesNotification } from '../../common/protocol';

const LANGUAGES = new Set(['zimbra-log', 'postfix-log']);
/**
 * Scrolling fires an event per frame: the ranges are read and sent this long after the first
 * event, then again after the next one (during a long scroll, one notification per document
 * every 75 ms, with where the editor is then).
 */
const DELAY_MS = 75;

export function registerVisibleRanges(context: vscode.ExtensionContext, client: LanguageClient): void {
  const dirty = new Set<vscode.TextDocument>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    timer = undefined;
    const docs = [...dirty];
    dirty.clear();
    for (const doc of docs) {
      // Every editor of the document (side by side, other groups), merged by the server.
      const ranges: LineRange[] = vscode.window.visibleTextEditors
        .filter((e) => e.document === doc)
        .flatMap((e) => e.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line })));
      if (!ranges.length || doc.isClosed) continue;
      void client.sendNotification(VisibleRangesNotification, { uri: client.code2ProtocolConverter.asUri(doc.uri), ranges }).catch(() => undefined);
    }
  };
  const changed = (editors: readonly vscode.TextEditor[]) => {
    for (const e of editors) if (LANGUAGES.has(e.document.languageId)) dirty.add(e.document);
    if (dirty.size && !timer) timer = setTimeout(flush, DELAY_MS);
  };

  context.subscriptions.push(
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => changed([e.textEditor])),
    vscode.window.onDidChangeVisibleTextEditors((editors) => changed(editors)),
    { dispose: () => clearTimeout(timer) },
  );
  changed(vscode.window.visibleTextEditors);
}
