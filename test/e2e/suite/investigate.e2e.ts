// Investigations in real VS Code: each command with its input as argument asks nothing and opens
// (or returns) what it promises; links of the documents go to files of the workspace; bursts of
// failed logins are Warnings in the Problems panel. Registered from index.ts with
// `registerInvestigateTests()`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliOutput, diagnosticsOf, generatedLogs, repoDir, waitFor, workspaceDir, writeFixture, wsUri } from './helpers';

async function linksOf(uri: vscode.Uri): Promise<vscode.DocumentLink[]> {
  return waitFor(async () => {
    const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    return l?.length ? l : undefined;
  }, `document links of ${uri.path}`);
}

/** Closes an untitled document without saving (a dirty editor would make later `closeAllEditors` ask). */
async function closeUntitled(uri: vscode.Uri): Promise<void> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

export function registerInvestigateTests(): void {
  describe('Investigation commands', () => {
    it('zimbraLogs.showAccountActivity(account) merges the workspace logs in time order, with links to the lines', async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showAccountActivity', 'bob@example.com');
      assert.ok(uri instanceof vscode.Uri && uri.scheme === 'zimbra-logs', String(uri));
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      assert.match(text, /^# Activity of bob@example\.com: \d+ entries in \d+ log file\(s\)$/m);
      assert.match(text, /^── audit\.log ──$/m);
      assert.match(text, /security - cmd=Auth; account=bob@example\.com; protocol=imap; error=/);
      assert.match(text, /mailop - Adding Message: id=260/);
      assert.match(text, /postfix\/lmtp\[\d+\]: EFAF89FC43C: to=<bob@example\.com>/);
      assert.equal(doc.languageId, 'zimbra-log');
      assert.ok(vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()), 'shown');
      const links = await linksOf(uri);
      // Ours go to files of the workspace; VS Code itself also makes the URLs in the log text clickable (as in any editor), never commands.
      const outside = links.filter((l) => !l.target || (l.target.scheme !== 'https' && l.target.scheme !== 'http' && !vscode.workspace.getWorkspaceFolder(l.target)));
      assert.deepEqual(outside.map((l) => `${l.target?.toString()} at ${doc.getText(l.range)}`), [], 'links only to files of the workspace');
      assert.ok(links.filter((l) => l.target?.scheme === 'file').length >= 8);
      const audit = links.find((l) => l.target?.path.endsWith('/audit.log') && l.target.fragment === 'L4');
      assert.ok(audit, links.map((l) => l.target?.toString()).join(', '));
      assert.equal(doc.getText(audit.range), '2026-10-13 10:19:02,740');
    });

    it('zimbraLogs.showAccountActivity({ query, folder }) with over 1 MB of entries (the answer comes in parts) shows them all', async () => {
      const dir = generatedLogs('4M', 3);
      try {
        // The files in the server's order (entries of the same time come in file order).
        const cli = cliOutput(['activity', '192.0.2.10', path.join(dir, 'mailbox.log'), path.join(dir, 'zimbra.log')]);
        const count = /^(\d+) entries of 192\.0\.2\.10/.exec(cli)?.[1];
        assert.ok(count, cli.slice(0, 200));
        const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showAccountActivity', { query: '192.0.2.10', folder: vscode.Uri.file(dir).toString() });
        const text = (await vscode.workspace.openTextDocument(uri)).getText();
        assert.ok(text.length > 1024 * 1024, `${text.length} characters`);
        const header = /^# Activity of 192\.0\.2\.10: (\S+) entries in 2 log file\(s\)$/m.exec(text);
        assert.equal(header?.[1].replace(/\D/g, ''), count, text.slice(0, 300));
        // Every entry of the CLI's output (its lines after the time and place), in its order.
        const entries = cli.split('\n').flatMap((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\S+:\d+ {2}(.*)$/.exec(l)?.[1] ?? []);
        const lines = text.split('\n').filter((l) => /^\w{3} [ \d]\d \d\d:|^\d{4}-\d\d-\d\d /.test(l));
        assert.equal(entries.length, Number(count));
        assert.equal(lines.length, entries.length);
        assert.deepEqual(lines, entries);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('zimbraLogs.showAccountActivity({ query, from, to }) limits to the time range; an IP address works too', async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showAccountActivity', { query: '203.0.113.9', from: '2026-10-13 10:17:29', to: '2026-10-13 10:17:35' });
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      assert.match(text, /^# Activity of 203\.0\.113\.9: 2 entries/m);
      assert.match(text, /^2026-10-13 10:17:30,002 WARN .*handler exception: authentication failed for \[eve@example\.com\]/m);
    });

    it('zimbraLogs.showFailedLogins lists failures per account and address, SMTP AUTH ones too; a burst is a Warning on its first line', async () => {
      // A folder of its own with the samples' audit.log and zimbra.log (the suite's workspace gains copies of zimbra.log as it runs).
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-logins-'));
      for (const f of ['audit.log', 'zimbra.log']) fs.copyFileSync(wsUri(f).fsPath, path.join(folder, f));
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showFailedLogins', { folder: vscode.Uri.file(folder).toString() });
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      // zimbra.log's SMTP AUTH logins too: eve's failure logged by saslauthd and by Postfix counts once; dave's SMTP AUTH login is a success.
      assert.match(text, /^Failed logins in audit\.log, zimbra\.log .*: 4 failed, 3 successful$/m);
      assert.match(text, /^ {2}eve@example\.com +3 +0 +soap 2, smtp 1 +203\.0\.113\.9 3 · zimbra\.log:44$/m);
      assert.match(text, /^ {2}dave@example\.com +0 +2 +smtp 1, soap 1 +- · -$/m);
      const zimbraLink = (await linksOf(uri)).find((l) => l.target?.path.endsWith('/zimbra.log'));
      assert.deepEqual([zimbraLink?.target?.fsPath, zimbraLink?.target?.fragment], [path.join(folder, 'zimbra.log'), 'L44']);
      // The workspace folder's: its audit.log and every zimbra.log.
      const ws = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showFailedLogins', { folder: vscode.Uri.file(workspaceDir()).toString() });
      assert.match((await vscode.workspace.openTextDocument(ws)).getText(), /^Failed logins in audit\.log, (?:.*, )?zimbra\.log \(.*\): \d+ failed, \d+ successful$/m);
      const lines = Array.from({ length: 6 }, (_, i) => `2026-10-13 09:0${i}:00,000 WARN  [ImapServer-${i}] [ip=192.0.2.5;oip=203.0.113.66;] security - cmd=Auth; account=user${i}@example.com; protocol=imap; error=authentication failed for [user${i}@example.com], invalid password;`);
      const burst = writeFixture('burst.audit.log', lines.join('\n') + '\n');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(burst));
      const ds = await waitFor(async () => {
        const found = (await diagnosticsOf(burst, 10_000)).filter((d) => d.code === 'login-burst');
        return found.length ? found : undefined;
      }, 'a login-burst diagnostic');
      assert.equal(ds.length, 1);
      assert.equal(ds[0].range.start.line, 0);
      assert.equal(ds[0].severity, vscode.DiagnosticSeverity.Warning);
      assert.match(ds[0].message, /^6 failed logins in 5 min from 203\.0\.113\.66/);
    });

    it('a burst of failed SMTP AUTH logins in an MTA log is a Warning on its first line', async () => {
      const lines = Array.from({ length: 6 }, (_, i) => [
        `Oct 13 11:0${i}:10 mta01 saslauthd[1402]: auth_zimbra: user${i}@example.com auth failed: account not found`,
        `Oct 13 11:0${i}:11 mta01 postfix/submission/smtpd[2280${i}]: warning: unknown[203.0.113.88]: SASL LOGIN authentication failed: authentication failure`,
      ]).flat();
      // Not named like a log, so that the folder's other investigations do not read it.
      const file = writeFixture('sasl-burst-mta.txt', lines.join('\n') + '\n');
      const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file), 'postfix-log');
      await vscode.window.showTextDocument(doc);
      const ds = await waitFor(async () => {
        const found = (await diagnosticsOf(file, 10_000)).filter((d) => d.code === 'login-burst');
        return found.length ? found : undefined;
      }, 'a login-burst diagnostic for SASL failures');
      assert.deepEqual(ds.map((d) => [d.range.start.line, d.severity]), [[1, vscode.DiagnosticSeverity.Warning]]);
      assert.match(ds[0].message, /^6 failed logins in 5 min from 203\.0\.113\.88 against user0@example\.com, user1@example\.com, user2@example\.com and 3 more \(smtp\)/);
    });

    it('zimbraLogs.showRestarts(uri) of a log in the workspace reads the folder\'s mailbox.log files: the restart the rotated log reveals, linked to both', async () => {
      // Yesterday's log ends without a shutdown: today's first start is a crash restart.
      writeFixture('mailbox.log.2026-10-12', [
        '2026-10-12 22:10:00,001 INFO  [main] [] soap - Servlet SoapServlet starting up',
        '2026-10-12 23:58:30,412 FATAL [MailboxPurge] [] system - out of memory',
        'java.lang.OutOfMemoryError: Java heap space',
        '\tat com.zimbra.cs.mailbox.Mailbox.purgeMessages(Mailbox.java:9130)',
        '',
      ].join('\n'));
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showRestarts', wsUri('mailbox.log').toString());
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      assert.match(text, /^Restarts in mailbox\.log\.2026-10-12, mailbox\.log .*: 2$/m);
      assert.match(text, /^1\. 2026-10-13 10:15:02 started without a clean shutdown before it, a crash or a kill \(mailbox\.log:1\)\n {3}Last ERROR\/FATAL entries before it:\n {5}mailbox\.log\.2026-10-12:2 {2}2026-10-12 23:58:30,412 FATAL system - out of memory$/m);
      assert.match(text, /^2\. 2026-10-13 10:21:45 shutting down \(mailbox\.log:31\), started again 2026-10-13 10:23:02 \(mailbox\.log:32\)$/m);
      assert.match(text, /mailbox\.log:22 {2}2026-10-13 10:21:44,001 FATAL system - Unable to start servlet/);
      const links = await linksOf(uri);
      assert.ok(links.some((l) => l.target?.fsPath === wsUri('mailbox.log').fsPath && l.target.fragment === 'L22'));
      assert.ok(links.some((l) => l.target?.fsPath === wsUri('mailbox.log.2026-10-12').fsPath && l.target.fragment === 'L2'));
    });

    it('zimbraLogs.showRestarts(uri) of a log outside the workspace reads that log alone', async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zl-restarts-')), 'mailbox.log');
      fs.copyFileSync(wsUri('mailbox.log').fsPath, file);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showRestarts', vscode.Uri.file(file).toString());
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      assert.match(text, /^Restarts in mailbox\.log: 1$/m);
      assert.match(text, /^1\. 2026-10-13 10:21:45 shutting down \(line 31\), started again 2026-10-13 10:23:02 \(line 32\)$/m);
      const links = await linksOf(uri);
      assert.ok(links.length > 0 && links.every((l) => l.target?.fsPath === file), links.map((l) => l.target?.toString()).join(', '));
    });

    it('zimbraLogs.copyRedacted and exportRedacted replace addresses, IPs and names consistently', async () => {
      const copied = await vscode.commands.executeCommand<string>('zimbraLogs.copyRedacted', { text: 'from=<bob@example.com> ip=192.0.2.5 to=<bob@example.com>' });
      // (The headless browser's clipboard refuses writes: the command warns and still returns the text.)
      assert.equal(copied, 'from=<user1@domain1.example> ip=198.18.0.1 to=<user1@domain1.example>');
      const exported = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.exportRedacted', wsUri('audit.log').toString());
      assert.equal(exported.scheme, 'untitled');
      const text = (await vscode.workspace.openTextDocument(exported)).getText();
      assert.equal(text.split('\n').length, (await vscode.workspace.openTextDocument(wsUri('audit.log'))).getText().split('\n').length);
      assert.doesNotMatch(text, /example\.com|203\.0\.113\.9|198\.51\.100\.23/);
      assert.match(text, /cmd=Auth; account=user\d+@domain\d+\.example; protocol=imap;/);
      await closeUntitled(exported);
    });

    it('zimbraLogs.showAccountReport and zimbraLogs.showMailboxChanges(account) open their documents, linked to the lines', async () => {
      const report = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showAccountReport', { folder: vscode.Uri.file(workspaceDir()).toString() });
      const text = (await vscode.workspace.openTextDocument(report)).getText();
      assert.match(text, /^Account report of .*: \d+ accounts, 0 flagged$/m);
      assert.match(text, /^dave@example\.com$/m);
      assert.ok((await linksOf(report)).some((l) => l.target?.path.endsWith('/zimbra.log')));
      const changes = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showMailboxChanges', 'bob@example.com');
      const doc = await vscode.workspace.openTextDocument(changes);
      assert.match(doc.getText(), /^Mailbox changes of bob@example\.com in .*: 2$/m);
      assert.match(doc.getText(), /account change {2}name=bob@example\.com; zimbraPrefMailForwardingAddress=bob\.private@freemail\.example · by admin@example\.com from 192\.0\.2\.5/);
      assert.match(doc.getText(), /purge {11}Purging messages · mailbox\.log:21$/m);
      const links = await linksOf(changes);
      assert.ok(links.some((l) => l.target?.fsPath === wsUri('audit.log').fsPath && l.target.fragment === 'L6'));
    });

    it('a hijacked account is a Warning (account-flagged) in an open MTA log, following the zimbraLogs.accounts.* thresholds', async () => {
      // Not named like a log, so that the folder's other investigations do not read it.
      const file = writeFixture('hijack-mta.txt', fs.readFileSync(path.join(repoDir(), 'test', 'fixtures', 'investigate', 'hijack', 'zimbra.log'), 'utf8'));
      const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file), 'postfix-log');
      await vscode.window.showTextDocument(doc);
      const flagged = async (n: number) => waitFor(async () => {
        const ds = (await diagnosticsOf(file, 10_000)).filter((d) => d.code === 'account-flagged');
        return ds.length === n ? ds : undefined;
      }, `${n} account-flagged diagnostics`);
      const ds = await flagged(2);
      assert.ok(ds.every((d) => d.severity === vscode.DiagnosticSeverity.Warning && d.range.start.line === 61), ds.map((d) => d.message).join('\n'));
      assert.match(ds[0].message, /^dave@example\.com may be hijacked: /);
      assert.match(doc.lineAt(61).text, /sasl_username=dave@example\.com$/);
      const c = vscode.workspace.getConfiguration('zimbraLogs.accounts');
      await c.update('maxAddressesPerHour', 20, vscode.ConfigurationTarget.Global);
      try {
        const fewer = await flagged(1);
        assert.match(fewer[0].message, /bounced or deferred/);
      } finally {
        await c.update('maxAddressesPerHour', undefined, vscode.ConfigurationTarget.Global);
      }
      await flagged(2);
    });

    it('zimbraLogs.exportDocument(uri) copies an investigation document into a new untitled file', async () => {
      const activity = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.showAccountActivity', 'eve@example.com');
      const original = (await vscode.workspace.openTextDocument(activity)).getText();
      const copy = await vscode.commands.executeCommand<vscode.Uri>('zimbraLogs.exportDocument', activity);
      assert.equal(copy.scheme, 'untitled');
      assert.equal((await vscode.workspace.openTextDocument(copy)).getText(), original);
      await closeUntitled(copy);
    });
  });
}
