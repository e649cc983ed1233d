// The collate commands: they open `zimbra-logs:` documents whose text is exactly what
// collate.pl (here: `node dist/cli.js collate`) prints.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliCollate, generatedLogs, show, transactionBlock, wsUri } from './helpers';

async function assertOpenedCollated(result: unknown, expected: string, what: string): Promise<void> {
  assert.ok(result instanceof vscode.Uri, `${what} returned ${String(result)}, not a vscode.Uri`);
  assert.equal(result.scheme, 'zimbra-logs', `${what} returned ${result.toString()}`);
  assert.ok(
    vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === result.toString()),
    `${what}: ${result.toString()} is not shown in an editor`,
  );
  const doc = await vscode.workspace.openTextDocument(result);
  assert.equal(doc.languageId, 'postfix-log', `${what}: the collated document is ${doc.languageId}`);
  assert.equal(doc.getText(), expected, `${what}: the collated text differs from collate.pl's`);
}

export function registerCollateTests(): void {
  describe('collate commands', () => {
    let collated = '';
    before(() => {
      collated = cliCollate(wsUri('zimbra.log').fsPath);
      assert.ok(collated.includes('17B8ED411FA6: removed'), 'the CLI collate output has no 17B8ED411FA6 transaction');
    });

    it('zimbraLogs.collateFile(uri) opens the whole file collated, exactly as the CLI prints it', async () => {
      const result = await vscode.commands.executeCommand('zimbraLogs.collateFile', wsUri('zimbra.log'));
      await assertOpenedCollated(result, collated, 'collateFile(uri)');
    });

    it('zimbraLogs.collateFile(uri) of a 3 MB log (the collation comes in pages) opens it whole, exactly as the CLI prints it', async () => {
      const dir = generatedLogs('3M', 5);
      try {
        const log = vscode.Uri.file(path.join(dir, 'zimbra.log'));
        const expected = cliCollate(log.fsPath);
        assert.ok(expected.length > 2 * 1024 * 1024, `${expected.length} characters: more than two pages`);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(log));
        await assertOpenedCollated(await vscode.commands.executeCommand('zimbraLogs.collateFile', log), expected, 'collateFile(uri) of 3 MB');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('zimbraLogs.collateTransaction({ uri: string, queueId }) opens exactly that transaction', async () => {
      const result = await vscode.commands.executeCommand('zimbraLogs.collateTransaction', {
        uri: wsUri('zimbra.log').toString(),
        queueId: '17B8ED411FA6',
      });
      await assertOpenedCollated(result, transactionBlock(collated, '17B8ED411FA6'), 'collateTransaction({uri: string, queueId})');
    });

    it('zimbraLogs.collateTransaction({ uri: Uri, queueId }) opens exactly that transaction', async () => {
      const result = await vscode.commands.executeCommand('zimbraLogs.collateTransaction', {
        uri: wsUri('zimbra.log'),
        queueId: '4FF14284F45',
      });
      await assertOpenedCollated(result, transactionBlock(collated, '4FF14284F45'), 'collateTransaction({uri: Uri, queueId})');
    });

    it('zimbraLogs.collateTransaction(queueId) collates from the active editor', async () => {
      await show(wsUri('zimbra.log'));
      const result = await vscode.commands.executeCommand('zimbraLogs.collateTransaction', '17B8ED411FA6');
      await assertOpenedCollated(result, transactionBlock(collated, '17B8ED411FA6'), "collateTransaction('17B8ED411FA6')");
    });

    it('zimbraLogs.collateTransaction() with no argument collates the queue ID under the cursor', async () => {
      const editor = await show(wsUri('zimbra.log'));
      const offset = editor.document.getText().indexOf('EFAF89FC43C: to=<bob@example.com>');
      assert.ok(offset >= 0);
      const pos = editor.document.positionAt(offset + 4);
      editor.selection = new vscode.Selection(pos, pos);
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), wsUri('zimbra.log').toString());
      const result = await vscode.commands.executeCommand('zimbraLogs.collateTransaction');
      await assertOpenedCollated(result, transactionBlock(collated, 'EFAF89FC43C'), 'collateTransaction() at the cursor');
    });
  });
}
