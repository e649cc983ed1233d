// The grammars VS Code applies: each sample log opens in its language, and the installed
// extension contributes a TextMate grammar for that language whose file VS Code can read.
// (VS Code has no API to read a document's tokens; the screenshots show the colors.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, show, wsUri } from './helpers';

interface GrammarContribution {
  language: string;
  scopeName: string;
  path: string;
}

function grammarFor(language: string): { scopeName: string; json: { scopeName: string; patterns: unknown[]; repository?: Record<string, unknown> } } {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  const grammars = (ext.packageJSON.contributes?.grammars ?? []) as GrammarContribution[];
  const g = grammars.find((x) => x.language === language);
  assert.ok(g, `a grammar is contributed for ${language}`);
  const file = path.join(ext.extensionPath, g.path);
  return { scopeName: g.scopeName, json: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

export function registerGrammarTests(): void {
  describe('grammars', () => {
    for (const [file, language, scope, expected] of [
      ['zimbra.log', 'postfix-log', 'text.log.postfix', ['log.queue-id', 'log.status.bounced', 'log.host']],
      ['mailbox.log', 'zimbra-log', 'text.log.zimbra', ['log.exception', 'log.thread', 'log.fatal']],
    ] as const) {
      it(`${file} opens as ${language}, colored by the ${scope} grammar`, async () => {
        const editor = await show(wsUri(file));
        assert.equal(editor.document.languageId, language);
        const g = grammarFor(language);
        assert.equal(g.scopeName, scope);
        assert.equal(g.json.scopeName, scope);
        const text = JSON.stringify(g.json);
        for (const s of expected) assert.ok(text.includes(s), `${scope} names the scope ${s}`);
      });
    }
  });
}
