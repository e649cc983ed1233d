// A real Neovim (Debian's, 0.7 and later) drives the bundled server headless through its own LSP
// client (test/editors/neovim.lua): diagnostics, settings pushed with didChangeConfiguration,
// nothing registered dynamically, hovers in Markdown (no backslashes) and in plain text,
// definition, references, code lenses and their command run on the server.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

interface Lens {
  line: number;
  title?: string;
  command?: string;
}
interface NeovimRun {
  version: { major: number; minor: number };
  errors: string[];
  registrations: unknown[];
  messages: { type: number; message: string }[];
  burstsPushedAtStart: number[];
  burstsAfterPush: number[];
  diagnostics: { line: number; severity: number; message: string }[];
  hover: { kind: string; lines: string[] };
  plainHover: { kind: string; lines: string[] };
  definition: { uri: string; range: { start: { line: number; character: number } } }[];
  references: number[];
  lenses: Lens[];
  executeCommands: { commands: string[] };
  collate: { keys: string[]; text: string } | null;
}

function runNeovim(): NeovimRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zimbra-logs-nvim-'));
  const outFile = path.join(dir, 'result.json');
  const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(root, 'test', 'editors', 'neovim.lua')}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      ...process.env,
      ZL_NODE: process.execPath,
      ZL_SERVER: path.join(root, 'dist', 'server.js'),
      ZL_MTA: path.join(root, 'samples', 'zimbra.log'),
      ZL_AUDIT: path.join(root, 'test', 'fixtures', 'investigate', 'logs', 'audit.log'),
      ZL_OUT: outFile,
      XDG_STATE_HOME: dir,
      XDG_CACHE_HOME: dir,
    },
  });
  assert.ok(!r.error, `nvim could not run (npm run test:editors installs it): ${r.error?.message}`);
  assert.ok(fs.existsSync(outFile), `Neovim wrote no result (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(fs.readFileSync(outFile, 'utf8'));
}

const run = runNeovim();

test('Neovim ran the whole session without a timeout or an error', () => {
  assert.deepEqual(run.errors, []);
  assert.ok(run.version.major > 0 || run.version.minor >= 7, JSON.stringify(run.version));
});

test('Neovim: diagnostics of zimbra.log, in its diagnostics list', () => {
  assert.deepEqual(run.diagnostics.map((d) => [d.line, d.severity]), [[23, 2], [34, 2], [51, 2], [53, 1]]);
  assert.match(run.diagnostics[0].message, /^EFAF89FC43C: deferred for <carol@example\.com> \(dsn=4\.2\.2\)/m);
});

test('Neovim: settings pushed with workspace/didChangeConfiguration apply, at start and when changed; nothing is registered dynamically', () => {
  // burstCount 6 at start: only the 6 failures from one address; 5 pushed later: the 5 against carol too.
  assert.deepEqual(run.burstsPushedAtStart, [1]);
  assert.deepEqual(run.burstsAfterPush, [1, 8]);
  assert.deepEqual(run.registrations, []);
});

test('Neovim: the Markdown hover shows log text in code spans, with no backslash', () => {
  const { kind, lines } = run.hover;
  assert.equal(kind, 'markdown');
  assert.equal(lines[0], '**EFAF89FC43C** on mta01');
  assert.ok(lines.includes('- From: `<alice@partner.org>`'), lines.join('\n'));
  assert.ok(lines.includes('| `bob@example.com` | sent | `2.1.5` | `mbox01.example.com[192.0.2.21]:7025` | `0.12 s` |'), lines.join('\n'));
  assert.ok(lines.includes('> `452 4.2.2 Over quota`'), lines.join('\n'));
  for (const l of lines) assert.doesNotMatch(l, /\\/);
});

test('Neovim: a client that prefers plain text gets the same facts with no Markdown', () => {
  const { kind, lines } = run.plainHover;
  assert.equal(kind, 'plaintext');
  const text = lines.join('\n');
  assert.match(text, /^EFAF89FC43C on mta01$/m);
  assert.match(text, /^ {2}bob@example\.com, status sent, dsn 2\.1\.5, relay mbox01\.example\.com\[192\.0\.2\.21\]:7025, delay 0\.12 s$/m);
  assert.doesNotMatch(text, /\\|\*\*|`|^\| /m);
});

test('Neovim: definition of a queued-as queue ID and references of a queue ID', () => {
  assert.equal(run.definition.length, 1);
  assert.equal(path.basename(new URL(run.definition[0].uri).pathname), 'zimbra.log');
  assert.deepEqual(run.definition[0].range.start, { line: 15, character: 52 });
  assert.deepEqual(run.references, [13, 15, 16, 17, 19, 20, 22, 23, 24]);
});

test('Neovim: resolved code lenses with each delivery path; running one asks the server, which shows the path', () => {
  assert.deepEqual(run.lenses.map((l) => l.line), [1, 9, 15, 29, 35, 47]);
  const lens = run.lenses.find((l) => l.line === 15)!;
  assert.match(lens.title!, /^mail\.partner\.org → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example\.com: .*✓ sent; carol@example\.com: .*deferred$/);
  assert.ok(run.lenses.every((l) => l.command === 'zimbraLogs.showPath'));
  assert.deepEqual(run.executeCommands.commands, ['zimbraLogs.showPath']);
  assert.deepEqual(run.messages, [{ type: 3, message: lens.title }]);
});

test('Neovim: a custom request (zimbraLogs/collate at the cursor, as the README shows) answers the transaction there', () => {
  assert.deepEqual(run.collate?.keys, ['postfix/EFAF89FC43C']);
  const log = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'utf8').split('\n');
  const lines = run.collate!.text.split('\n').filter(Boolean);
  // The transaction's lines, in the log's order: its smtpd session, then every line of the queue ID up to removed.
  assert.deepEqual(lines, log.filter((l) => l.includes('EFAF89FC43C: ') || l.includes('amavisd/smtpd[31002]: ')));
  assert.match(lines[lines.length - 1], /EFAF89FC43C: removed$/);
});
