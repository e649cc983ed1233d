// "Zimbra Logs: Show Timeline" in real VS Code: with a log URI (and with a folder) a webview tab
// opens, its page says it is ready, a click on one of its Reveal buttons reaches the extension
// and reveals that line of the log; light and dark screenshots for the README.
// Registered from index.ts with `registerTimelineTests()`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clickInWindow, screenshot, waitFor, workspaceDir, wsUri } from './helpers';
import { setTheme } from './screenshots.e2e';

interface View {
  panel: vscode.WebviewPanel;
  messages: { type: string; file?: number; line?: number }[];
}

const timelineTab = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('zimbraLogs.timeline'));

export function registerTimelineTests(): void {
  describe('Show Timeline command', () => {
    it('zimbraLogs.showTimeline(log URI) opens a webview tab whose page reports ready, and a click on Reveal reveals the line', async function () {
      this.timeout(120_000);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The log in a folder of its own: other tests add rotations of the workspace's zimbra.log
      // (zimbra.log.2.gz), which would be the timeline's first lines.
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-timeline-'));
      const log = path.join(folder, 'zimbra.log');
      fs.copyFileSync(wsUri('zimbra.log').fsPath, log);
      const view = await vscode.commands.executeCommand<View>('zimbraLogs.showTimeline', vscode.Uri.file(log));
      assert.ok(view?.panel, 'the command returned its view');
      await waitFor(() => timelineTab(), 'a timeline tab');
      await waitFor(() => view.messages.some((m) => m.type === 'ready'), 'the page’s ready message');
      if (!process.env.ZIMBRA_LOGS_E2E_CONTROL) return; // only the code-server launcher clicks
      assert.ok(await clickInWindow('section:has(h2:text("Busiest buckets")) tbody tr:first-child button'), 'the launcher clicked Reveal');
      const reveal = await waitFor(() => view.messages.find((m) => m.type === 'reveal'), 'the reveal message');
      const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === log ? vscode.window.activeTextEditor : undefined), 'zimbra.log shown');
      assert.equal(editor.selection.active.line, reveal.line);
      assert.match(editor.document.lineAt(reveal.line!).text, /^Oct 13 10:1\d:/);
    });

    for (const [label, theme, kind] of [
      ['dark', 'Default Dark Modern', vscode.ColorThemeKind.Dark],
      ['light', 'Default Light Modern', vscode.ColorThemeKind.Light],
    ] as const) {
      it(`the timeline of the workspace folder in ${theme}`, async function () {
        this.timeout(120_000);
        await setTheme(theme, kind);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('notifications.clearAll');
        await vscode.commands.executeCommand('workbench.action.closeSidebar');
        const view = await vscode.commands.executeCommand<View>('zimbraLogs.showTimeline', { folder: vscode.Uri.file(workspaceDir()).toString() });
        await waitFor(() => view.messages.some((m) => m.type === 'ready'), 'the page’s ready message');
        await new Promise((r) => setTimeout(r, 1500)); // the chart drawn
        await screenshot(`timeline-${label}`);
      });
    }
  });
}
