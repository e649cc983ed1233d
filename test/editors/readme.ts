// The README's code blocks that the editors' tests run as a user would copy them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const root = path.resolve(__dirname, '..', '..', '..');

/** The ```lang blocks of the README's "### heading" section, in order. */
export function readmeBlocks(heading: string, lang: string): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n### ${heading}\n`);
  assert.ok(at >= 0, `README has a "${heading}" section`);
  const section = readme.slice(at + 1, readme.indexOf('\n#', at + 2));
  return [...section.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]);
}
