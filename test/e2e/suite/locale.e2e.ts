// In Russian: VS Code started with `--locale ru` (ZIMBRA_LOGS_E2E_LOCALE=ru npm run test:e2e, see
// test/e2e/README.md) shows the extension's command titles from package.nls.ru.json and the
// server's hovers in Russian. Pending in a run in another language.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, show, waitFor, wsUri } from './helpers';

export function registerLocaleTests(): void {
  describe('in Russian', () => {
    it('[ru] command titles come from package.nls.ru.json and a queue ID hover is in Russian', async function () {
      if (process.env.ZIMBRA_LOGS_E2E_LOCALE !== 'ru' && vscode.env.language !== 'ru') this.skip();
      assert.equal(vscode.env.language, 'ru', 'VS Code started with --locale ru runs in Russian');
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      // VS Code keeps a localized title with its original: { value, original }.
      const title = (id: string) => {
        const t = (ext.packageJSON.contributes.commands as { command: string; title: string | { value: string } }[]).find((c) => c.command === id)?.title;
        return typeof t === 'string' ? t : t?.value;
      };
      assert.equal(title('zimbraLogs.trace'), 'Отследить письмо…');
      assert.equal(title('zimbraLogs.goToQueueId'), 'Перейти к идентификатору очереди…');
      const editor = await show(wsUri('zimbra.log'));
      const offset = editor.document.getText().indexOf('17B8ED411FA6: client=');
      const pos = editor.document.positionAt(offset + 2);
      const text = await waitFor(async () => {
        const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
        const t = hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
        return t.includes('17B8ED411FA6') ? t : undefined;
      }, 'a hover on 17B8ED411FA6');
      assert.match(text, /\*\*17B8ED411FA6\*\* на mta01/);
      assert.match(text, /Отправитель: `<alice@partner\.org>`/);
      assert.match(text, /Следующий шаг: EFAF89FC43C/);
    });
  });
}
