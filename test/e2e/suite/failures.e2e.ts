// "Zimbra Logs: Show Delivery Problems" in real VS Code: with a folder and with a log as argument
// it asks nothing, opens the grouped report of the MTA logs (a .gz rotation included), and every
// example links to its line; delivery-failure diagnostics carry their cause as the code. Without
// an argument: the active MTA log with its rotations, else the workspace folder's MTA logs. The
// members of a tar archive link to their own documents and lines.
// Registered from index.ts with `registerFailureTests()`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { execFileSync } from 'node:child_process';
import { cliOutput, diagnosticsOf, repoDir, show, waitFor, workspaceDir, wsUri } from './helpers';

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

    it('zimbraLogs.showDeliveryProblems() without an argument: the active MTA log with its rotations, else the workspace folder', async () => {
      const run = (arg?: unknown) => vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showDeliveryProblems', ...(arg === undefined ? [] : [arg]));
      // The active editor is an MTA log: that log and its .gz rotation, as with the log as argument.
      const log = vscode.Uri.file(path.join(folder, 'zimbra.log'));
      await show(log);
      const fromLog = await run();
      assert.equal(fromLog.toString(), (await run(log)).toString());
      const logText = (await vscode.workspace.openTextDocument(fromLog)).getText();
      assert.ok(logText.startsWith(`Delivery problems of zimbra.log.1.gz, zimbra.log (${folder})\n`), logText.slice(0, 200));
      assert.match(logText, /^6 failed deliveries and rejections$/m);

      // The active editor is no MTA log (the workspace's mailbox.log): the workspace folder's MTA logs.
      await show(wsUri('mailbox.log'));
      const fromFolder = await run();
      assert.notEqual(fromFolder.toString(), fromLog.toString());
      assert.equal(fromFolder.toString(), (await run(vscode.workspace.workspaceFolders![0].uri)).toString());
      const doc = await vscode.workspace.openTextDocument(fromFolder);
      const text = doc.getText();
      const head = new RegExp(`^Delivery problems of (.+) \\(${workspaceDir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`, 'm').exec(text);
      assert.ok(head, text.slice(0, 300));
      const logs = head[1].split(', ');
      assert.ok(logs.includes('zimbra.log') && !logs.some((l) => /mailbox|audit/.test(l)), head[1]);
      // As many failures as the CLI's `failures` finds in the logs it names.
      const cli = JSON.parse(cliOutput(['failures', '--json', ...logs.map((l) => path.join(workspaceDir(), l))])) as { failures: unknown[] };
      assert.ok(cli.failures.length > 0);
      assert.match(text, new RegExp(`^${cli.failures.length} failed deliver`, 'm'));
      const links = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', fromFolder);
        return l?.some((x) => x.target?.fragment.startsWith('L')) ? l : undefined;
      }, 'links of the workspace folder\'s delivery problems');
      assert.ok(links.some((l) => l.target!.fsPath === wsUri('zimbra.log').fsPath), links.map((l) => String(l.target)).join(', '));
    });

    it('zimbraLogs.showDeliveryProblems(tar archive): each member\'s failures link to that member\'s own line', async () => {
      const dir = path.join(folder, 'archive');
      fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
      const fixtures = path.join(repoDir(), 'test', 'fixtures', 'failures');
      fs.copyFileSync(path.join(fixtures, 'zimbra.log.1'), path.join(dir, 'logs', 'old.log'));
      fs.copyFileSync(path.join(fixtures, 'zimbra.log'), path.join(dir, 'logs', 'new.log'));
      const archive = path.join(dir, 'mta.tar');
      execFileSync('tar', ['-cf', archive, '-C', dir, 'logs/old.log', 'logs/new.log']);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showDeliveryProblems', vscode.Uri.file(archive));
      const doc = await vscode.workspace.openTextDocument(uri);
      const links = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
        return l && l.length >= 6 ? l : undefined;
      }, 'links to the archive\'s members');
      const expired = links.find((l) => doc.getText(l.range) === 'mta.tar:logs/new.log:6');
      assert.ok(expired, links.map((l) => doc.getText(l.range)).join(', '));
      assert.equal(expired.target!.scheme, 'zimbra-logs-gz');
      assert.equal(expired.target!.fragment, 'L6');
      // The member opens as its own document, and line 6 of it is the expired recipient's.
      const member = await vscode.workspace.openTextDocument(expired.target!.with({ fragment: '' }));
      assert.match(member.lineAt(5).text, /status=expired/);
      assert.equal(member.lineCount - 1, fs.readFileSync(path.join(fixtures, 'zimbra.log'), 'utf8').split('\n').length - 1);
    });
  });
}
