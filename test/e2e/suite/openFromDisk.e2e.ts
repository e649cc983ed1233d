// In real VS Code: a log file of a few MB opens from disk (client/src/openFromDisk.ts): the client
// sends zimbraLogs/openFromDisk, not the text, and the server reads the file; the first edit sends
// the didOpen with the text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { diagnosticsOf, EXTENSION_ID, repoDir, waitFor, workspaceDir } from './helpers';

export function registerOpenFromDiskTests(): void {
  describe('large log files', function () {
    this.timeout(120_000);

    it('a log file of a few MB opens from disk, without its text: diagnostics and hover; the first edit sends the text', async () => {
      const dir = path.join(workspaceDir(), 'fromDisk');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'zimbra.log');
      execFileSync(process.execPath, [path.join(repoDir(), 'bench', 'generate.mjs'), '--size', '3M', '--seed', '9', '--out', file], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
      const uri = vscode.Uri.file(file);
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const { client } = (await ext.activate()) as { client: LanguageClient };
      // Every notification that syncs this file's text, in order (not zimbraLogs/visibleRanges and the like).
      const sent: string[] = [];
      const send = client.sendNotification.bind(client);
      client.sendNotification = ((type: string | { method: string }, params?: { uri?: string; textDocument?: { uri: string } }) => {
        const method = typeof type === 'string' ? type : type.method;
        if ((params?.uri ?? params?.textDocument?.uri) === uri.toString() && /^textDocument\/|FromDisk$/.test(method)) sent.push(method);
        return send(type as never, params as never);
      }) as typeof client.sendNotification;
      try {
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const ds = await diagnosticsOf(uri, 60_000);
        assert.ok(ds.length > 5, `${ds.length} diagnostics`);
        assert.deepEqual(sent, ['zimbraLogs/openFromDisk']);
        // A hover at a queue ID past the middle of the file.
        const doc = editor.document;
        let pos: vscode.Position | undefined;
        for (let n = doc.lineCount >> 1; n < doc.lineCount && !pos; n++) {
          const m = / postfix\/qmgr\[\d+\]: ([0-9A-F]{8,}): from=/.exec(doc.lineAt(n).text);
          if (m) pos = new vscode.Position(n, m.index + m[0].indexOf(m[1]) + 2);
        }
        assert.ok(pos, 'a qmgr line');
        const queueId = doc.getText(doc.getWordRangeAtPosition(pos!, /[0-9A-F]+/));
        const hover = await waitFor(async () => {
          const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos!);
          const text = hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
          return text.includes(queueId) ? text : undefined;
        }, 'the hover');
        assert.match(hover, /From:/);
        // The first edit: the didOpen of the edited text goes (the server then has the editor's text).
        await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'x\n'));
        await waitFor(() => sent.includes('textDocument/didOpen'), 'the didOpen');
        assert.deepEqual(sent, ['zimbraLogs/openFromDisk', 'textDocument/didOpen']);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      } finally {
        client.sendNotification = send;
      }
    });
  });
}
