// The language server's features as a user meets them in VS Code: Problems, go to definition,
// hovers, code lenses with the delivery path, the outline, and Go to Queue ID.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsOf, show, waitFor, wsUri } from './helpers';

function positionOf(doc: vscode.TextDocument, needle: string, delta = 2): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  return doc.positionAt(offset + delta);
}

const hoverText = (hs: vscode.Hover[]) =>
  hs.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');

export function registerFeatureTests(): void {
  describe('language server features', () => {
    it('ERROR and FATAL entries of mailbox.log are in the Problems panel, spanning their stack traces', async () => {
      const uri = wsUri('mailbox.log');
      await show(uri);
      const ds = await diagnosticsOf(uri, 30_000);
      const mine = ds.filter((d) => d.source === 'zimbra-logs').sort((a, b) => a.range.start.line - b.range.start.line);
      assert.deepEqual(mine.map((d) => [String(typeof d.code === 'object' ? d.code.value : d.code), d.range.start.line, d.range.end.line]), [['ERROR', 9, 18], ['FATAL', 21, 29]]);
      assert.equal(mine[0].severity, vscode.DiagnosticSeverity.Error);
      assert.match(mine[0].message, /Root cause: javax\.naming\.NameNotFoundException/);
    });

    it('zimbra.log: bounces, deferrals never delivered and Postfix fatal lines are problems', async () => {
      const uri = wsUri('zimbra.log');
      await show(uri);
      const ds = await diagnosticsOf(uri, 30_000);
      const codes = ds.filter((d) => d.source === 'zimbra-logs').map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort();
      assert.deepEqual(codes, ['domain-not-found', 'fatal', 'mailbox-full', 'other']);
    });

    it('go to definition on a `queued as` mention lands on the next hop\'s first line', async () => {
      const editor = await show(wsUri('zimbra.log'));
      const pos = positionOf(editor.document, 'queued as EFAF89FC43C', 12);
      const locs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, pos);
      assert.equal(locs.length, 1);
      const range = 'targetRange' in locs[0] ? locs[0].targetRange : locs[0].range;
      assert.match(editor.document.lineAt(range.start.line).text, /EFAF89FC43C: client=localhost/);
    });

    it('hover on a queue ID shows sender, recipients with status and the next hop', async () => {
      const editor = await show(wsUri('zimbra.log'));
      const pos = positionOf(editor.document, '17B8ED411FA6: client=');
      const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos));
      assert.match(text, /17B8ED411FA6/);
      assert.match(text, /From: `<alice@partner\.org>`/); // a code span, no escapes inside
      assert.match(text, /Next hop: EFAF89FC43C/);
    });

    it('code lenses show each message\'s delivery path; the lens opens the collated path', async () => {
      const editor = await show(wsUri('zimbra.log'));
      // Once the server has read the folder's other logs, the path goes on into mailbox.log.
      const across = 'mail.partner.org [198.51.100.7] → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example.com: mbox01.example.com Inbox ✓ delivered; carol@example.com: mbox01.example.com ✗ overquota';
      const lenses = await waitFor(async () => {
        const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
        return ls.length && ls.every((l) => l.command) && ls.some((l) => l.command!.title === across) ? ls : undefined;
      }, 'code lenses with the path into mailbox.log');
      const titles = lenses.map((l) => l.command!.title);
      assert.equal(titles.filter((t) => t === across).length, 2, 'both hops of the message show its path');
      const lens = lenses.find((l) => l.command!.title.startsWith('dave@example.com'))!;
      const uri = await vscode.commands.executeCommand<vscode.Uri>(lens.command!.command, ...(lens.command!.arguments ?? []));
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.languageId, 'postfix-log');
      assert.match(doc.getText(), /5A1C2D3E4F: client=laptop/);
    });

    it('the outline lists ERROR/FATAL entries and restarts of mailbox.log', async () => {
      const uri = wsUri('mailbox.log');
      await show(uri);
      const syms = await waitFor(async () => (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri))?.length ? await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri) : undefined, 'document symbols');
      const names = syms.map((s) => s.name);
      assert.ok(names.includes('Server start') && names.includes('Server stop'), names.join(', '));
      assert.ok(names.includes('10:21:44 FATAL system - Unable to start servlet'), names.join(', '));
    });

    it('the outline of zimbra.log lists its transactions, and Go to Symbol in Workspace finds queue IDs and Message-IDs', async () => {
      const uri = wsUri('zimbra.log');
      const editor = await show(uri);
      const syms = await waitFor(async () => {
        const ss = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
        return ss?.some((s) => s.name === '17B8ED411FA6') ? ss : undefined;
      }, 'document symbols');
      const first = syms.find((s) => s.name === '17B8ED411FA6')!;
      assert.equal(first.selectionRange.start.line, 9, 'its client= line');
      assert.match(first.detail, /^<alice@partner\.org> → bob@example\.com, carol@example\.com · /);
      assert.equal(editor.document.lineAt(first.range.end.line).text.includes('17B8ED411FA6: removed'), true, 'it ends at removed');
      const found = await waitFor(async () => {
        const ws = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'CAF1x9Qp-7');
        return ws?.length ? ws : undefined;
      }, 'workspace symbols');
      const mid = found.find((s) => s.name === '<CAF1x9Qp-7@mail.partner.org>');
      assert.ok(mid, found.map((s) => s.name).join(', '));
      assert.equal(mid.containerName, '17B8ED411FA6 EFAF89FC43C');
      assert.equal(mid.location.range.start.line, 9);
      const ids = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'efaf89');
      // (Other open documents may name it too: the collated ones that earlier tests opened.)
      assert.deepEqual(ids.filter((s) => s.name === 'EFAF89FC43C' && s.location.uri.toString() === uri.toString()).map((s) => [s.location.range.start.line, s.containerName]), [[15, 'mta01 postfix']], ids.map((s) => `${s.name} ${s.location.uri.toString()}:${s.location.range.start.line}`).join('\n'));
    });

    it('zimbraLogs.goToQueueId(queueId) reveals the transaction without asking', async () => {
      await show(wsUri('zimbra.log'));
      const line = await vscode.commands.executeCommand<number>('zimbraLogs.goToQueueId', '5A1C2D3E4F');
      assert.equal(line, 29);
      assert.equal(vscode.window.activeTextEditor!.selection.active.line, 29);
    });
  });
}
