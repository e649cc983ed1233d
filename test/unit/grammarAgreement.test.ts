// The grammars and the engine's line parser agree: on every line of the real corpus
// (../shared/corpus) where describeLine() finds a timestamp, a level, a queue ID, a host, a
// program or a pid, the grammar of the file gives every token covering that text the matching
// log.* scope. Disagreements are listed with the tokens, so that either side can be fixed.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeLine } from '../../server/src/engine/lineInfo';
import { loadGrammar, tokenizeLine, tokensIn, ZIMBRA, POSTFIX, corpusDir, corpusFiles, readLines, repoRoot, Token } from './grammarHelpers';

const LEVEL_SCOPE: Record<string, string> = {
  TRACE: 'log.debug',
  DEBUG: 'log.debug',
  INFO: 'log.info',
  WARN: 'log.warning',
  ERROR: 'log.error',
  FATAL: 'log.fatal',
};

interface Span {
  start: number;
  end: number;
}

// The repository's own samples/*.log, then every real log of the corpus.
const samplesDir = path.join(repoRoot, 'samples');
const samples = fs.existsSync(samplesDir) ? fs.readdirSync(samplesDir).filter((f) => f.endsWith('.log')) : [];
const corpus = corpusFiles();
if (!corpus.length) console.log(`corpus not found at ${corpusDir}: parser/grammar agreement checked on samples/ only`);
const files: { name: string; lines: () => string[] }[] = [
  ...samples.map((f) => ({ name: 'samples/' + f, lines: () => fs.readFileSync(path.join(samplesDir, f), 'utf8').split(/\r\n|\r|\n/) })),
  ...corpus.map((f) => ({ name: f, lines: () => readLines(f) })),
];
const skip = files.length ? false : 'neither samples/ nor the corpus found: parser/grammar agreement skipped';

/** The grammar VS Code would use for the file: by the kind of header the parser sees most. */
function grammarOf(lines: string[]): string {
  let log4j = 0;
  let syslog = 0;
  for (const l of lines) {
    const k = describeLine(l).kind;
    if (k === 'log4j') log4j++;
    else if (k === 'syslog') syslog++;
  }
  return log4j > syslog ? ZIMBRA : POSTFIX;
}

describe('the grammars agree with describeLine() on samples/ and the real corpus', { skip }, () => {
  test('timestamps, levels, queue IDs, hosts, programs and pids get their log.* scopes', async () => {
    const problems: string[] = [];
    const counts: Record<string, number> = {};
    for (const { name: file, lines: read } of files) {
      const lines = read();
      const scopeName = grammarOf(lines);
      const g = await loadGrammar(scopeName);
      lines.forEach((line, i) => {
        const info = describeLine(line);
        let tokens: Token[] | undefined;
        const expect = (what: string, span: Span, scope: string) => {
          counts[what] = (counts[what] ?? 0) + 1;
          tokens ??= tokenizeLine(g, line).tokens;
          const covering = tokensIn(tokens, span.start, span.end);
          const bad = covering.length === 0 ? [] : covering.filter((t) => !t.scopes.includes(scope));
          if (covering.length === 0 || bad.length) {
            problems.push(
              `${file}:${i + 1} [${scopeName === ZIMBRA ? 'zimbra-log' : 'postfix-log'}] ${what} ${JSON.stringify(line.slice(span.start, span.end))} ` +
                `at ${span.start}-${span.end} lacks ${scope}; tokens: ` +
                (covering.length ? covering.map((t) => `${JSON.stringify(t.text)}=${t.scopes.slice(1).join(' ') || '(none)'}`).join(', ') : '(none)') +
                `\n    ${line.length > 220 ? line.slice(0, 220) + '…' : line}`,
            );
          }
        };
        if (info.timestamp) expect('timestamp', info.timestamp, 'log.date');
        if (info.level) expect(`level ${info.level.value}`, info.level.span, LEVEL_SCOPE[info.level.value]);
        for (const q of info.queueIds) expect(`queue ID (${q.role})`, q.span, 'log.queue-id');
        if (info.host) expect('host', info.host, 'log.host');
        if (info.program) expect('program', info.program, 'log.process');
        if (info.pid) expect('pid', info.pid, 'log.process');
      });
    }
    console.log(
      'spans checked: ' +
        Object.entries(counts)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ') +
        `; disagreements: ${problems.length}`,
    );
    if (problems.length) console.log(problems.slice(0, 40).join('\n'));
    assert.equal(problems.length, 0, `${problems.length} disagreements between describeLine() and the grammars (first ones printed above)`);
  });
});
