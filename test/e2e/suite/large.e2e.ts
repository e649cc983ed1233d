// Real-size logs in real VS Code: a .gz log opened through the compressed-log file system, and a
// 60 MB log that VS Code never hands to extensions, indexed by the server from disk. Both get
// their diagnostics and collate exactly as the CLI does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { cliCollate, diagnosticsOf, repoDir, waitFor, workspaceDir, wsUri } from './helpers';
import { CAUSES } from '../../../server/src/engine/causes/causes';

const codes = (ds: vscode.Diagnostic[]) => ds.filter((d) => d.source === 'zimbra-logs').map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort();
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function registerLargeTests(): void {
  describe('large and compressed logs', function () {
    this.timeout(300_000);

    it('a .gz log opens read-only through "Open Compressed Log", with diagnostics and collation', async () => {
      const plain = fs.readFileSync(wsUri('zimbra.log').fsPath);
      const gz = path.join(workspaceDir(), 'zimbra.log.2.gz');
      fs.writeFileSync(gz, zlib.gzipSync(plain));
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.openCompressed', vscode.Uri.file(gz));
      assert.ok(uri instanceof vscode.Uri, 'openCompressed returns the URI it opened');
      const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()), 'the decompressed document');
      assert.equal(doc.getText(), plain.toString('utf8'));
      assert.equal(doc.languageId, 'postfix-log');
      const ds = await diagnosticsOf(uri, 60_000);
      assert.deepEqual(codes(ds), ['domain-not-found', 'fatal', 'mailbox-full', 'other']);
      const collated = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.collateFile', uri);
      const text = (await vscode.workspace.openTextDocument(collated)).getText();
      assert.equal(text, cliCollate(wsUri('zimbra.log').fsPath));
      // Read-only: the file system refuses writes, and the .gz on disk is unchanged.
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('x'))));
      assert.deepEqual(zlib.gunzipSync(fs.readFileSync(gz)), plain);
    });

    it('a 60 MB log (past the 50 MB extension limit) is indexed from disk: diagnostics and collate', async () => {
      const dir = path.join(workspaceDir(), 'large');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'zimbra.log');
      const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
      execFileSync(process.execPath, [path.join(repoDir(), 'bench', 'generate.mjs'), '--size', '60M', '--seed', '5', '--out', file], { env, stdio: 'ignore' });
      const uri = vscode.Uri.file(file);
      await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'VS Code does not hand a 60 MB document to extensions');
      const ds = await diagnosticsOf(uri, 240_000);
      assert.ok(ds.length > 50, `${ds.length} diagnostics for the large log`);
      assert.ok(codes(ds).every((c) => (CAUSES as readonly string[]).includes(c) || ['fatal', 'error', 'panic', 'warning', 'login-burst'].includes(c)), codes(ds).slice(0, 5).join(','));
      // The generator's password-guessing bursts on the submission port: Warnings of a log read from disk too.
      assert.ok(codes(ds).includes('login-burst'), 'a burst of failed SMTP AUTH logins is a Warning');
      const collated = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.collateFile', uri);
      assert.ok(collated instanceof vscode.Uri, 'collateFile returns where it wrote the collation');
      const expected = execFileSync(process.execPath, [path.join(repoDir(), 'dist', 'cli.js'), 'collate', file], { env, maxBuffer: 1 << 30 });
      assert.equal(sha(fs.readFileSync(collated.fsPath)), sha(expected), 'the collated file is what the CLI prints');
      // A click in the Zimbra Logs view runs zimbraLogs.revealLine: the large log comes back to the
      // front (its editor is not visible to extensions, so the active tab tells).
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(wsUri('zimbra.log')));
      await vscode.commands.executeCommand('zimbraLogs.revealLine', { uri: uri.toString(), line: ds[0].range.start.line });
      await waitFor(() => {
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        return tab?.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString();
      }, 'the large log as the active tab', 10_000);
    });
  });
}
