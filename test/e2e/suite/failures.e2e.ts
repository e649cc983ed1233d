// "Zimbra Logs: Show Delivery Problems" in real VS Code: with a folder and with a log as argument
// it asks nothing, opens the grouped report of the MTA logs (a .gz rotation included), and every
// example links to its line; delivery-failure diagnostics carry their cause as the code.
// Registered from index.ts with `registerFailureTests()`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { diagnosticsOf, repoDir, waitFor } from './helpers';

export function registerFailureTests(): void {
  describe('Delivery problems', () => {
    let folder: string;
    before(() => {
      // A folder of its own (the workspace's other tests read every zimbra.log of theirs) with a log
      // and its gzip rotation: the fixtures of test/unit/failuresCli.test.ts.
      const fixtures = path.join(repoDir(), 'test', 'fixtures', 'failures');
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-deliveries-'));
      fs.writeFileSync(path.join(folder, 'zimbra.log.1.gz'), zlib.gzipSync(fs.readFileSync(path.join(fixtures, 'zimbra.log.1'))));
      fs.copyFileSync(path.join(fixtures, 'zimbra.log'), path.join(folder, 'zimbra.log'));
    });
    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('zimbraLogs.showDeliveryProblems(folder) groups the failures by cause and domain, each example linked to its line', async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showDeliveryProblems', vscode.Uri.file(folder));
      assert.ok(uri instanceof vscode.Uri && uri.scheme === 'zimbra-logs', String(uri));
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      assert.match(text, /^Delivery problems of zimbra\.log\.1\.gz, zimbra\.log /m);
      assert.match(text, /^connection-failed: 3 \(2 temporary, 1 permanent\), Oct 13 10:00:03 to Oct 18 10:00:04$/m);
      assert.match(text, /^authentication-policy: 1 .*\n {2}Gmail refused the message/m);
      assert.match(text, /^far\.example: 3, /m);
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()), 'shown');
      const links = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
        return l?.some((x) => x.target?.path.endsWith('/zimbra.log')) ? l : undefined;
      }, 'links of the delivery problems');
      const ours = links.filter((l) => l.target?.fragment.startsWith('L'));
      assert.ok(ours.length >= 6, String(ours.length));
      for (const l of ours) {
        // The link is its own `file:line` text, and goes to that line.
        const [file, line] = doc.getText(l.range).split(':');
        assert.equal(l.target!.fragment, `L${line}`);
        assert.ok(decodeURIComponent(l.target!.toString()).includes(file), `${l.target} for ${file}`);
      }
      const expired = ours.find((l) => doc.getText(l.range) === 'zimbra.log:6');
      assert.ok(expired, ours.map((l) => doc.getText(l.range)).join(', '));
      assert.equal(expired.target!.fsPath, path.join(folder, 'zimbra.log'));
      assert.match(doc.lineAt(expired.range.start.line).text, /expired {2}<dan@far\.example>$/);
      // The rotation's lines link into the decompressed log.
      assert.ok(ours.some((l) => doc.getText(l.range) === 'zimbra.log.1.gz:7' && l.target!.fragment === 'L7'));
    });

    it('zimbraLogs.showDeliveryProblems(log) reads that log with its rotations; its diagnostics carry the causes', async () => {
      const log = vscode.Uri.file(path.join(folder, 'zimbra.log'));
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showDeliveryProblems', log.toString());
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      assert.match(text, /^6 failed deliveries and rejections$/m);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(log));
      const ds = await waitFor(async () => {
        const found = (await diagnosticsOf(log, 10_000)).filter((d) => d.source === 'zimbra-logs');
        return found.length >= 2 ? found : undefined;
      }, 'delivery-failure diagnostics');
      assert.deepEqual(ds.map((d) => [d.range.start.line, String(typeof d.code === 'object' ? d.code.value : d.code)]), [[0, 'connection-failed'], [5, 'connection-failed']]);
      // Yahoo's deferral (line 2) was delivered later: no warning.
      assert.match(ds[0].message, /^The receiving server could not be reached/);
    });
  });
}
