// Shared test helpers: where the repository, its fixtures and ../shared are, from out/test/unit.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { execFileSync, spawnSync, SpawnSyncReturns } from 'node:child_process';

export const root = path.resolve(__dirname, '..', '..', '..');
export const fixtures = path.join(root, 'test', 'fixtures');
export const corpus = path.resolve(root, '..', 'shared', 'corpus');
export const cli = path.join(root, 'dist', 'cli.js');

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Every *.log file under the real-log corpus (empty when ../shared is absent). */
export function corpusFiles(): string[] {
  if (!fs.existsSync(corpus)) return [];
  return (fs.readdirSync(corpus, { recursive: true }) as string[]).filter((f) => f.endsWith('.log')).map((f) => path.join(corpus, f)).sort();
}

let perlScript: string | undefined | null = null;
/** collate.pl extracted from ../shared/seed, when perl and the seed are present. */
export function collatePl(): string | undefined {
  if (perlScript !== null) return perlScript;
  perlScript = undefined;
  if (spawnSync('perl', ['-v']).status !== 0) return undefined;
  const out = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zl-')), 'collate.pl');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'collate-pl.mjs'), out]);
  if (r.status === 0) perlScript = out;
  return perlScript;
}

/** Runs the CLI, in English whatever the locale of the tests; stdout as bytes. */
export function runCli(args: string[], input?: Buffer | string): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [cli, ...args], { input, maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
}

export function perlCollate(args: string[], input?: Buffer): Buffer {
  return execFileSync('perl', [collatePl()!, ...args], { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] });
}

export function tmpFile(name: string, content: Buffer | string): string {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'zl-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, content);
  return f;
}

/**
 * What engine/index/transactionFacts.ts says of each transaction, made from an index of every
 * line instead (the reference): its records in the order it made them, each as its fact, less
 * the line each began on. The children of notifications without lines are kept where the queue
 * ID has lines elsewhere (they order the lists by queue ID).
 */
export function referenceFacts(index: import('../../server/src/engine/index/logIndex').LogIndex): object[] {
  const withLines = new Set(index.records.filter((r) => r.lines.length).map((r) => r.queueId));
  return index.records
    .filter((r) => withLines.has(r.queueId))
    .map((r) =>
      r.lines.length
        ? { queueId: r.queueId, host: r.host, instance: r.instance, first: r.startLine >= 0 ? r.startLine : r.lines[0], last: Math.max(...r.lines), from: r.from, deliveries: r.deliveries.map((d) => ({ recipient: d.recipient, status: d.status })), removed: r.removed, messageId: r.messageId, messageIdLine: r.messageIdLine }
        : { queueId: r.queueId, host: r.host, instance: r.instance, first: -1, last: -1, deliveries: [], removed: false, messageIdLine: -1 },
    )
    .map((f) => JSON.parse(JSON.stringify(f)) as object);
}

/** Facts without the line each transaction began on (compared with `referenceFacts`). */
export const plainFacts = (facts: readonly { created: number; child: number }[]): object[] =>
  facts.map(({ created: _c, child: _k, ...rest }) => JSON.parse(JSON.stringify(rest)) as object);

/** The files of fixture folder `name` (test/fixtures/NAME), in name order, gunzipped. */
export function fixtureFiles(name: string): Buffer[] {
  const d = path.join(fixtures, name);
  return fs
    .readdirSync(d)
    .filter((f) => fs.statSync(path.join(d, f)).isFile())
    .sort()
    .map((f) => {
      const raw = fs.readFileSync(path.join(d, f));
      return f.endsWith('.gz') ? zlib.gunzipSync(raw) : raw;
    });
}

/** A small deterministic generator (xorshift): numbers in [0, 1). */
export function random(seed: number): () => number {
  let x = seed * 2654435761;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
