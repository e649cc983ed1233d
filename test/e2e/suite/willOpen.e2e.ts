// In real VS Code: the didOpen of a large log file is announced to the server first
// (zimbraLogs/willOpen, client/src/willOpen.ts), which reads the file from disk meanwhile.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { diagnosticsOf, EXTENSION_ID, repoDir, waitFor, workspaceDir } from './helpers';

export function registerWillOpenTests(): void {
  describe('large log files', function () {
    this.timeout(120_000);

    it('a log file of a few MB is announced to the server just before its didOpen, and gets its diagnostics', async () => {
      const dir = path.join(workspaceDir(), 'announced');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'zimbra.log');
      execFileSync(process.execPath, [path.join(repoDir(), 'bench', 'generate.mjs'), '--size', '3M', '--seed', '9', '--out', file], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'ignore' });
      const uri = vscode.Uri.file(file).toString();
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const { client } = (await ext.activate()) as { client: LanguageClient };
      // Every notification the client sends about this file, in order.
      const sent: string[] = [];
      const send = client.sendNotification.bind(client);
      client.sendNotification = ((type: string | { method: string }, params?: { uri?: string; textDocument?: { uri: string } }) => {
        if ((params?.uri ?? params?.textDocument?.uri) === uri) sent.push(typeof type === 'string' ? type : type.method);
        return send(type as never, params as never);
      }) as typeof client.sendNotification;
      try {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
        await waitFor(() => sent.includes('textDocument/didOpen'), 'the didOpen');
        assert.deepEqual(sent.slice(0, 2), ['zimbraLogs/willOpen', 'textDocument/didOpen']);
        const ds = await diagnosticsOf(vscode.Uri.file(file), 60_000);
        assert.ok(ds.length > 5, `${ds.length} diagnostics`);
      } finally {
        client.sendNotification = send;
      }
    });
  });
}
