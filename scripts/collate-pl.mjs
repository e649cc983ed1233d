// Extracts collate.pl from the article in ../shared/seed (where the script is quoted, indented)
// and writes it to the path given, or prints it. Tests and benchmarks run it as the reference.
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function seedDir() {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'seed');
}

/** The text of collate.pl as quoted in the article, or undefined when the seed is absent. */
export function collatePlSource(dir = seedDir()) {
  if (!existsSync(dir)) return undefined;
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    const start = text.indexOf('#! /usr/bin/perl');
    if (start < 0) continue;
    const lines = text.slice(start).split('\n');
    const out = [];
    for (const line of lines) {
      out.push(line.replace(/^ {4}/, ''));
      if (/^\s*print \$transaction\{\$qid\}, "\\n";/.test(line)) {
        out.push('}');
        break;
      }
    }
    return out.join('\n') + '\n';
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = collatePlSource();
  if (!src) {
    console.error('collate.pl not found in ' + seedDir());
    process.exit(2);
  }
  if (process.argv[2]) writeFileSync(process.argv[2], src);
  else process.stdout.write(src);
}
