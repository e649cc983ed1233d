// "Zimbra Logs: Trace Message…" in real VS Code: with the query as argument it asks nothing and
// opens a read-only zimbra-logs: document with the path across zimbra.log and mailbox.log of the
// workspace folder, whose file:line texts link to the log lines.
// Registered from index.ts with `registerTraceTests()`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, wsUri } from './helpers';

export function registerTraceTests(): void {
  describe('Trace Message command', () => {
    it('zimbraLogs.trace(Message-ID) opens the whole path, mailbox hop included, with links back to the logs', async () => {
      const result = await vscode.commands.executeCommand('zimbraLogs.trace', 'CAF1x9Qp-7@mail.partner.org');
      assert.ok(result instanceof vscode.Uri, `zimbraLogs.trace returned ${String(result)}, not a vscode.Uri`);
      assert.equal(result.scheme, 'zimbra-logs');
      const doc = await vscode.workspace.openTextDocument(result);
      const text = doc.getText();
      assert.match(text, /^Path: mail\.partner\.org \[198\.51\.100\.7\] → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example\.com: mbox01\.example\.com Inbox ✓ delivered; carol@example\.com: mbox01\.example\.com ✗ overquota$/m);
      assert.match(text, /17B8ED411FA6: client=mail\.partner\.org\[198\.51\.100\.7\]  zimbra\.log:10$/m);
      assert.match(text, /mailop - Adding Message: .*  mailbox\.log:7$/m);
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === result.toString()), 'the trace is shown');
      const links = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', result);
        return l?.length ? l : undefined;
      }, 'document links of the trace');
      const first = links.find((l) => l.target?.path.endsWith('/zimbra.log') && l.target.fragment === 'L10');
      assert.ok(first, `no link to zimbra.log line 10 among ${links.map((l) => l.target?.toString()).join(', ')}`);
      assert.equal(first.target!.fsPath, wsUri('zimbra.log').fsPath);
      assert.equal(doc.getText(first.range), 'zimbra.log:10');
    });

    it('zimbraLogs.trace(queue ID of a later hop) returns the same path; an unknown query says so', async () => {
      const byQueueId = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.trace', { query: 'EFAF89FC43C' });
      const text = (await vscode.workspace.openTextDocument(byQueueId)).getText();
      assert.match(text, /^Path: mail\.partner\.org .* → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → /m);
      const none = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.trace', 'no-such-message@nowhere.example');
      assert.match((await vscode.workspace.openTextDocument(none)).getText(), /^No message in \d+ log\(s\) of .* matches no-such-message@nowhere\.example\.$/m);
    });
  });
}
