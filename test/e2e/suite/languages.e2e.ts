// Language detection by file name, by file-name pattern and by first line; activation.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXTENSION_ID, waitFor, workspaceDir, writeFixture, wsUri } from './helpers';
import * as path from 'node:path';

export function registerLanguageTests(): void {
  describe('server start', () => {
    // The first test of the suite: no log has been opened yet.
    it('the language server starts with the first log document, not before', async () => {
      const ext = vscode.extensions.getExtension<{ client: LanguageClient }>(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
      const api = await waitFor(() => ext.isActive && ext.exports, `${EXTENSION_ID} to activate`, 30_000);
      const logs = vscode.workspace.textDocuments.filter((d) => d.languageId === 'zimbra-log' || d.languageId === 'postfix-log');
      assert.deepEqual(logs.map((d) => d.uri.toString()), [], 'no log is open before this test');
      assert.equal(api.client.isRunning(), false, 'no server process in a window without logs');
      await vscode.workspace.openTextDocument(wsUri('audit.log'));
      await waitFor(() => api.client.isRunning(), 'the server to start', 30_000);
    });
  });

  describe('language detection', () => {
    before(() => {
      const zimbraLog = fs.readFileSync(path.join(workspaceDir(), 'zimbra.log'), 'utf8');
      // A rotated zimbra.log (file-name pattern zimbra.log.[0-9]).
      writeFixture('zimbra.log.1', zimbraLog);
      // No file-name rule matches this name: only the first line (a Postfix syslog line) tells.
      writeFixture('maillog-export', zimbraLog);
      // Neither the name nor the first line matches: must stay plain text.
      writeFixture('notes.txt', 'Notes about the mail server\nnothing to see here\n');
    });

    const cases: [string, string][] = [
      ['mailbox.log', 'zimbra-log'],
      ['audit.log', 'zimbra-log'],
      ['zimbra.log', 'postfix-log'],
      ['zimbra.log.1', 'postfix-log'],
      ['maillog-export', 'postfix-log'],
      ['notes.txt', 'plaintext'],
    ];
    for (const [name, languageId] of cases) {
      it(`${name} opens as ${languageId}`, async () => {
        const doc = await vscode.workspace.openTextDocument(wsUri(name));
        assert.equal(doc.languageId, languageId, `${name} opened as ${doc.languageId}`);
      });
    }
  });

  describe('activation', () => {
    it('the extension activates when a Zimbra log is opened', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
      const doc = await vscode.workspace.openTextDocument(wsUri('mailbox.log'));
      await vscode.window.showTextDocument(doc);
      await waitFor(() => ext.isActive, `${EXTENSION_ID} to activate`, 30_000);
    });
  });
}
