// The layers of server/src, as imports: the engine (engine/) is pure and imports nothing outside
// itself (no Node module, no package, no other folder); the command line (cli/) is a client of the
// rest, so nothing outside cli/ imports from it (file reading lives in io/).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './helpers';

const src = path.join(root, 'server', 'src');
// A statement's `from '…'` (at the start of a line: `import … from`, `export … from`, or the `} from`
// that ends one written over several lines), a bare `import '…'`, a dynamic import() or require():
// not the words "from" or "import" inside a string (the formats' sample log lines).
const SPECIFIER = /^(?:(?:import|export)\b[^'\n]*?\bfrom|\}\s*from|import)\s*'([^'\n]+)'|\b(?:import|require)\(\s*'([^'\n]+)'/gm;

/** The modules `text` imports (static, dynamic, re-exports, require). */
const importsOf = (text: string) => [...text.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2]);

/** What breaks the layers in `files` (path under server/src → its text), one line each. */
function violations(files: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of files) {
    const dir = path.posix.dirname(file);
    const inEngine = file.startsWith('engine/');
    for (const spec of importsOf(text)) {
      const relative = spec.startsWith('.');
      const target = relative ? path.posix.normalize(path.posix.join(dir, spec)) : spec;
      if (!file.startsWith('cli/') && relative && (target === 'cli' || target.startsWith('cli/'))) out.push(`${file} imports ${spec}: nothing outside cli/ imports from cli/`);
      if (inEngine && !(relative && target.startsWith('engine/'))) out.push(`${file} imports ${spec}: the engine imports nothing outside engine/`);
    }
  }
  return out;
}

function sources(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(src, { recursive: true }) as string[]) {
    if (f.endsWith('.ts')) files.set(f.split(path.sep).join('/'), fs.readFileSync(path.join(src, f), 'utf8'));
  }
  return files;
}

test('server/src keeps its layers: nothing outside cli/ imports cli/, the engine imports only the engine', () => {
  const files = sources();
  const count = [...files.values()].reduce((n, t) => n + importsOf(t).length, 0);
  assert.ok(files.size > 100 && count > 500, `${files.size} files, ${count} imports read`);
  assert.ok(importsOf(files.get('disk/investigateScan.ts')!).includes('../io/blocks'));
  assert.deepEqual(violations(files), []);
});

test('the layer check finds what breaks them (the checker is not blind)', () => {
  const broken = new Map([
    ['disk/scan.ts', "import { areaBlocks } from '../cli/input';"],
    ['lsp/x.ts', "const m = await import('../cli/main');"],
    ['engine/index/a.ts', "import * as fs from 'node:fs';\nimport { readLog } from '../../io/read';\nimport { keyHash } from '../byteKeys';"],
    ['engine/b.ts', "export { x } from './investigate/activity';"],
    ['cli/main.ts', "import { x } from './errors';\nimport { y } from '../io/blocks';"],
  ]);
  assert.deepEqual(violations(broken), [
    'disk/scan.ts imports ../cli/input: nothing outside cli/ imports from cli/',
    'lsp/x.ts imports ../cli/main: nothing outside cli/ imports from cli/',
    'engine/index/a.ts imports node:fs: the engine imports nothing outside engine/',
    'engine/index/a.ts imports ../../io/read: the engine imports nothing outside engine/',
  ]);
});
