// Conformance of the grammars over the real logs in ../shared/corpus (read in place, never copied
// into the repository): every line of every *.log file tokenizes with both grammars, without
// error, with tokens that cover the line, and without leaving any state for the next line.
// Lines shaped like a complete log4j or syslog header must get their header scopes.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { INITIAL, IGrammar } from 'vscode-textmate';
import { loadGrammar, scanWork, tokenizeLine, dump, ZIMBRA, POSTFIX, Token, corpusDir, corpusFiles, readLines, grammarFor, LOG4J_HEADER as LOG4J } from './grammarHelpers';

const SYSLOG_FULL = /^(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) \S+ [^\s\[\]:]+(?:\[\d+\])?: /;

function scopesAt(tokens: Token[], offset: number): string[] {
  return tokens.find((t) => t.start <= offset && offset < t.end)?.scopes ?? [];
}

/**
 * Characters searched per character of a line, at the most: linear tokenization passes over a line
 * a few times whatever its length; a rule that searches to the end of the line from each token
 * passes over it once per token.
 */
const MAX_PASSES = 8;

const files = corpusFiles();
const skip = files.length ? false : `corpus not found at ${corpusDir}: conformance over real logs skipped`;

describe('grammars over the real corpus (../shared/corpus)', { skip }, () => {
  test('every line of every file tokenizes with both grammars, covers the line, leaks no state', async () => {
    const grammars: Record<string, IGrammar> = { [ZIMBRA]: await loadGrammar(ZIMBRA), [POSTFIX]: await loadGrammar(POSTFIX) };
    let lines = 0;
    // The most work a line took, counted (grammarHelpers.scanWork): characters the scanners' searches
    // passed over, per character of the line (a timed bound flakes on a busy machine).
    let heaviest = { passes: 0, where: '' };
    for (const file of files) {
      const text = readLines(file);
      for (const [scopeName, g] of Object.entries(grammars)) {
        // the state after any single line, from the initial state: what every line must hand on
        const rootState = g.tokenizeLine('', INITIAL).ruleStack;
        let stack = INITIAL;
        text.forEach((line, i) => {
          const before = scanWork.chars;
          const r = tokenizeLine(g, line, stack);
          const passes = (scanWork.chars - before) / (line.length + 1);
          if (passes > heaviest.passes) heaviest = { passes, where: `${file}:${i + 1} (${line.length} chars, ${scopeName})` };
          const where = `${file}:${i + 1} (${scopeName})`;
          assert.equal(r.stoppedEarly, false, where);
          assert.ok(r.ruleStack.equals(rootState), `${where}: state left for the next line`);
          // tokens are contiguous and cover the whole line
          let pos = 0;
          for (const t of r.tokens) {
            assert.equal(t.start, pos, `${where}: gap before ${JSON.stringify(t.text)}`);
            assert.ok(t.scopes[0] === scopeName, where);
            pos = t.end;
          }
          assert.ok(pos >= line.length, `${where}: tokens end at ${pos} of ${line.length}`);
          stack = r.ruleStack;
          lines++;
        });
      }
    }
    console.log(`${files.length} files, ${lines / 2} lines, each tokenized with both grammars; the heaviest line's searches passed over ${heaviest.passes.toFixed(1)} characters per character, at ${heaviest.where}`);
    assert.ok(heaviest.passes < MAX_PASSES, `${heaviest.where}: ${heaviest.passes.toFixed(1)} characters searched per character`);
  });

  test('complete log4j and syslog headers get their header scopes in the grammar of their file', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of files) {
      const text = readLines(file);
      const scopeName = grammarFor(text);
      const g = await loadGrammar(scopeName);
      text.forEach((line, i) => {
        const tokens = tokenizeLine(g, line).tokens;
        const has = (offset: number, scope: string) => scopesAt(tokens, offset).includes(scope);
        if (scopeName === ZIMBRA && LOG4J.test(line)) {
          checked++;
          const level = line.slice(24).trimStart().slice(0, 5).trim();
          const levelScope = { TRACE: 'log.debug', DEBUG: 'log.debug', INFO: 'log.info', WARN: 'log.warning', ERROR: 'log.error', FATAL: 'log.fatal' }[level]!;
          const ok = has(0, 'log.date') && has(line.indexOf(level, 23), levelScope) && has(line.indexOf('[', 23), 'log.thread');
          if (!ok) problems.push(`${file}:${i + 1}: ${line.slice(0, 160)}\n${dump(tokens.slice(0, 8))}`);
        } else if (scopeName === POSTFIX && SYSLOG_FULL.test(line)) {
          checked++;
          const host = line.indexOf(' ', line.startsWith('2') ? 0 : 12) + 1;
          const ok = has(0, 'log.date') && has(host, 'log.host') && tokens.some((t) => t.scopes.includes('log.process'));
          if (!ok) problems.push(`${file}:${i + 1}: ${line.slice(0, 160)}\n${dump(tokens.slice(0, 8))}`);
        }
      });
    }
    console.log(`${checked} header lines checked, ${problems.length} problems`);
    assert.deepEqual(problems.slice(0, 20), []);
  });
});
