// Code lenses of a large log in real VS Code: the extension tells the server which lines the
// editor shows, and the lenses come for the part around them (the top of the file at first, the
// revealed place after scrolling far down).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { repoDir, show, waitFor } from './helpers';

/** Lines the server's window reaches past what the editor shows (server/src/features/lensWindow.ts). */
const MARGIN = 3000;

/** The lines of the lenses the extension gives for `uri` now (unresolved: without a resolve count, the command returns them all). */
const lensLines = async (uri: vscode.Uri) => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.range.start.line);

export function registerLensWindowTests(): void {
  describe('code lenses of a large log', function () {
    this.timeout(120_000);
    let dir: string;
    let file: string;

    before(() => {
      // Outside the workspace folder, whose logs other tests read.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-lenses-'));
      file = path.join(dir, 'zimbra.log');
      // About 3,000 transactions over 29,000 lines: past the 2,000 lenses under which a log gets them all.
      const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
      execFileSync(process.execPath, [path.join(repoDir(), 'bench', 'generate.mjs'), '--size', '4M', '--seed', '3', '--out', file], { env, stdio: 'ignore' });
    });
    after(async () => {
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === file);
      if (tab) await vscode.window.tabGroups.close(tab);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('come for the part of the log the editor shows: the top, then around a line revealed far down', async () => {
      const editor = await show(vscode.Uri.file(file));
      const uri = editor.document.uri;
      assert.equal(editor.document.languageId, 'postfix-log');
      const lineCount = editor.document.lineCount;
      const transactions = editor.document.getText().match(/: [0-9A-F]{6,}: (?:client|uid)=/g)?.length ?? 0;
      assert.ok(transactions > 2000, `${transactions} transactions`);

      const top = await waitFor(async () => {
        const lines = await lensLines(uri);
        return lines.length ? lines : undefined;
      }, 'code lenses at the top of the log');
      const lastTop = Math.max(...top);
      assert.ok(lastTop <= MARGIN + 200, `the top lenses reach line ${lastTop}`);
      assert.ok(top.length > 100 && top.length < transactions / 2, `${top.length} lenses of ${transactions} transactions`);

      // Far down, as Ctrl+G or a click in the Problems panel would.
      const target = lineCount - 8000;
      editor.selection = new vscode.Selection(target, 0, target, 0);
      editor.revealRange(new vscode.Range(target, 0, target, 0), vscode.TextEditorRevealType.InCenter);
      await waitFor(() => editor.visibleRanges.some((r) => r.contains(new vscode.Position(target, 0))), 'the revealed line on screen', 10_000);
      const there = await waitFor(async () => {
        const lines = await lensLines(uri);
        return lines.some((l) => Math.abs(l - target) < 100) ? lines : undefined;
      }, `code lenses around line ${target}`, 30_000);
      assert.ok(
        there.every((l) => l >= target - MARGIN - 200 && l <= target + MARGIN + 200),
        `lenses from line ${Math.min(...there)} to ${Math.max(...there)} around ${target}`,
      );
      assert.ok(!there.some((l) => l < MARGIN), 'none of the top any more');
      // They resolve to the delivery path as ever (the command resolves the first ones it gets).
      const resolved = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 5);
      assert.equal(resolved.length, 5);
      for (const l of resolved) {
        assert.ok(l.range.start.line >= target - MARGIN - 200, `a lens of line ${l.range.start.line}`);
        assert.match(l.command?.title ?? '', / → /);
      }
    });
  });
}
