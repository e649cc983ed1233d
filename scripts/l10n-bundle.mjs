// Generates l10n/bundle.l10n.json (npm run l10n) with @vscode/l10n-dev from the sources' l10n.t
// calls: the client's vscode.l10n.t, and the server's and CLI's l10n.t of server/src/engine/l10n.ts
// (read as @vscode/l10n's, which it wraps). `--check` only says whether the file is up to date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const bundlePath = join(root, 'l10n', 'bundle.l10n.json');
const SOURCES = ['client/src', 'server/src'];
/** A file that takes l10n (or the `msg` marker) from the engine's catalog. */
const ENGINE_IMPORT = /import \{ (?:l10n|msg|l10n, msg|msg, l10n) \} from '[./]*(?:engine\/)*l10n'/;
/** The engine's no-op marker, `msg('...')`, read as a message like `l10n.t('...')`. */
const MSG_CALL = /\bmsg\(/g;

function sources() {
  return SOURCES.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => join(root, dir, f)),
  );
}

/** The English bundle the sources call for, keys sorted. */
export async function exportBundle() {
  const files = sources().map((file) => {
    let contents = readFileSync(file, 'utf8');
    if (ENGINE_IMPORT.test(contents)) contents = `import * as l10n from '@vscode/l10n';\n${contents.replace(ENGINE_IMPORT, '').replace(MSG_CALL, 'l10n.t(')}`;
    return { extension: '.ts', contents };
  });
  const bundle = await getL10nJson(files);
  return Object.fromEntries(Object.keys(bundle).sort().map((k) => [k, bundle[k]]));
}

export const serialize = (bundle) => JSON.stringify(bundle, null, 2) + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = serialize(await exportBundle());
  if (process.argv.includes('--check')) {
    const same = readFileSync(bundlePath, 'utf8') === text;
    console.log(same ? 'l10n/bundle.l10n.json is up to date' : 'l10n/bundle.l10n.json is out of date: npm run l10n');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(bundlePath, text);
    console.log(`${bundlePath}: ${Object.keys(JSON.parse(text)).length} messages`);
  }
}
