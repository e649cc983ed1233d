// Shared by the grammar tests: loads the two TextMate grammars with vscode-textmate and the
// Oniguruma engine VS Code itself uses (vscode-oniguruma), and tokenizes lines.
// Not a test file itself (the name does not end in .test.ts); esbuild bundles it into each test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

/** The repository root, whether the test runs from test/unit (ts) or out/test/unit (bundled js). */
export function findRepoRoot(): string {
  const starts = [process.cwd(), __dirname];
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      if (fs.existsSync(path.join(dir, 'syntaxes', 'zimbra-log.tmLanguage.json')) && fs.existsSync(path.join(dir, 'package.json'))) {
        return dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error('repository root (with syntaxes/zimbra-log.tmLanguage.json) not found from ' + starts.join(', '));
}

export const repoRoot = findRepoRoot();
export const ZIMBRA = 'text.log.zimbra';
export const POSTFIX = 'text.log.postfix';

const grammarFiles: Record<string, string> = {
  [ZIMBRA]: path.join(repoRoot, 'syntaxes', 'zimbra-log.tmLanguage.json'),
  [POSTFIX]: path.join(repoRoot, 'syntaxes', 'postfix-log.tmLanguage.json'),
};

/**
 * The work of every scanner so far: searches, and the characters they passed over (from where a
 * search starts to where its match ends, or to the end of the line). Counted, so that a test
 * can tell linear tokenization from quadratic without a clock.
 */
export const scanWork = { calls: 0, chars: 0 };

function countedScanner(scanner: oniguruma.OnigScanner): vsctm.OnigScanner {
  return {
    findNextMatchSync(string: string | vsctm.OnigString, startPosition: number, options: number) {
      const m = scanner.findNextMatchSync(string as oniguruma.OnigString, startPosition, options as unknown as oniguruma.FindOption[]);
      const length = typeof string === 'string' ? string.length : (string as oniguruma.OnigString).content.length;
      scanWork.calls++;
      scanWork.chars += (m ? m.captureIndices[0].end : length) - startPosition + 1;
      return m;
    },
    dispose: () => scanner.dispose(),
  };
}

let registryPromise: Promise<vsctm.Registry> | undefined;

function registry(): Promise<vsctm.Registry> {
  if (!registryPromise) {
    registryPromise = (async () => {
      const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      const onigLib: Promise<vsctm.IOnigLib> = Promise.resolve({
        createOnigScanner: (sources: string[]) => countedScanner(new oniguruma.OnigScanner(sources)),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      });
      return new vsctm.Registry({
        onigLib,
        loadGrammar: async (scopeName: string) => {
          const file = grammarFiles[scopeName];
          if (!file) return null;
          return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
        },
      });
    })();
  }
  return registryPromise;
}

const grammars = new Map<string, Promise<vsctm.IGrammar>>();

export function loadGrammar(scopeName: string): Promise<vsctm.IGrammar> {
  let g = grammars.get(scopeName);
  if (!g) {
    g = registry().then(async (r) => {
      const grammar = await r.loadGrammar(scopeName);
      if (!grammar) throw new Error('grammar not found: ' + scopeName);
      return grammar;
    });
    grammars.set(scopeName, g);
  }
  return g;
}

export interface Token {
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

export interface TokenizedLine {
  tokens: Token[];
  ruleStack: vsctm.StateStack;
  stoppedEarly: boolean;
}

export function tokenizeLine(grammar: vsctm.IGrammar, line: string, ruleStack: vsctm.StateStack = vsctm.INITIAL): TokenizedLine {
  const r = grammar.tokenizeLine(line, ruleStack);
  const tokens = r.tokens.map((t) => ({
    start: t.startIndex,
    end: Math.min(t.endIndex, line.length),
    text: line.slice(t.startIndex, t.endIndex),
    scopes: t.scopes,
  }));
  return { tokens, ruleStack: r.ruleStack, stoppedEarly: r.stoppedEarly };
}

/** Tokenizes a whole text the way VS Code does: split on \r\n, \n or \r, carry the state. */
export async function tokenizeText(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await loadGrammar(scopeName);
  let stack = vsctm.INITIAL;
  const out: Token[][] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const r = tokenizeLine(grammar, line, stack);
    stack = r.ruleStack;
    out.push(r.tokens);
  }
  return out;
}

/** All scopes of the tokens that overlap [start, end). */
export function tokensIn(tokens: Token[], start: number, end: number): Token[] {
  return tokens.filter((t) => t.start < end && t.end > start);
}

/** The scope that names the `needle` in every token covering it, e.g. hasScope(tokens, 'QID', 'log.queue-id'). */
export function scopesOf(tokens: Token[], line: string, needle: string, from = 0): string[][] {
  const i = line.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in line: ${line}`);
  return tokensIn(tokens, i, i + needle.length).map((t) => t.scopes);
}

/** A readable dump, for failure messages and for iterating on the grammar. */
export function dump(tokens: Token[]): string {
  return tokens
    .map((t) => `${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' | ')}`)
    .join('\n');
}

// ---- the real-log corpus (../shared/corpus), read in place ----

export const corpusDir = path.resolve(repoRoot, '../shared/corpus');

export function corpusFiles(): string[] {
  if (!fs.existsSync(corpusDir)) return [];
  return (fs.readdirSync(corpusDir, { recursive: true }) as string[])
    .map(String)
    .filter((f) => f.endsWith('.log'))
    .sort();
}

/** Lines as VS Code sees them: split on \r\n, \r or \n. */
export function readLines(file: string): string[] {
  return fs.readFileSync(path.join(corpusDir, file), 'utf8').split(/\r\n|\r|\n/);
}

/** The start of a complete log4j header. */
export const LOG4J_HEADER = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} +(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[/;

/** The grammar VS Code would pick for the file: zimbra-log if it holds log4j lines. */
export function grammarFor(lines: string[]): string {
  return lines.some((l) => LOG4J_HEADER.test(l)) ? ZIMBRA : POSTFIX;
}
