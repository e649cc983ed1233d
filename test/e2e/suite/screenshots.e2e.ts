// Puts the window in the states the README shows, in a dark and a light theme, and asks the
// launcher for a screenshot of each (only the code-server launcher takes them).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsOf, screenshot, show, wsUri } from './helpers';

const THEMES: [string, string, vscode.ColorThemeKind][] = [
  ['dark', 'Default Dark Modern', vscode.ColorThemeKind.Dark],
  ['light', 'Default Light Modern', vscode.ColorThemeKind.Light],
];

/** Shows a document once the extension answered for it (code lenses, outline), so the picture has them. */
async function showReady(uri: vscode.Uri): Promise<void> {
  await show(uri);
  await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
  await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
}

export async function setTheme(theme: string, kind: vscode.ColorThemeKind): Promise<void> {
  if (vscode.window.activeColorTheme.kind === kind) {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    return;
  }
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.window.onDidChangeActiveColorTheme((t) => {
      if (t.kind === kind) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await changed;
}

export function registerScreenshotTests(): void {
  describe('screenshots', () => {
    for (const [label, theme, kind] of THEMES) {
      it(`mailbox.log, zimbra.log and a collated transaction in ${theme}`, async function () {
        this.timeout(180_000);
        await setTheme(theme, kind);
        assert.equal(vscode.window.activeColorTheme.kind, kind);
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('notifications.clearAll');
        await vscode.commands.executeCommand('workbench.view.explorer');

        const mailbox = wsUri('mailbox.log');
        await show(mailbox);
        // The Problems panel is part of the picture: wait for the server's diagnostics, if it publishes any.
        await diagnosticsOf(mailbox, 10_000);
        await vscode.commands.executeCommand('workbench.actions.view.problems');
        await showReady(mailbox);
        await screenshot(`mailbox-log-${label}`);
        await vscode.commands.executeCommand('workbench.action.closePanel');

        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await showReady(wsUri('zimbra.log'));
        await screenshot(`zimbra-log-${label}`);

        // The original beside the collated transaction: give both editors the room of the sidebar.
        await vscode.commands.executeCommand('workbench.action.closeSidebar');
        const uri = await vscode.commands.executeCommand('zimbraLogs.collateTransaction', { uri: wsUri('zimbra.log'), queueId: '17B8ED411FA6' });
        assert.ok(uri instanceof vscode.Uri, 'collateTransaction returned no Uri');
        await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
        await screenshot(`collated-transaction-${label}`);
      });
    }
  });
}
