// A real Emacs (Debian's emacs-nox 28 with elpa-eglot) drives the bundled server headless through
// eglot (test/editors/eglot.el), configured by exactly the README's eglot snippet, cut from
// README.md here with only the server's path filled in: the logs get their modes from its
// auto-mode-alist, M-x eglot finds the server in its eglot-server-programs, and its
// eglot-workspace-configuration (minimumLevel WARN) reaches the server. Diagnostics, eldoc's hover
// (plain text: eglot without markdown-mode asks for it) and the README's zimbraLogs/path request.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readmeBlocks, root } from './readme';

/** The README's elisp blocks under "### Emacs (eglot)", in order. */
const readmeElisp = () => readmeBlocks('Emacs (eglot)', 'elisp');

interface EmacsRun {
  emacs: string;
  eglot: number[];
  errors: string[];
  modes: string[];
  mtaDiagnostics: [number, string, string][];
  mailboxDiagnostics: [number, string, string][];
  hover: string;
  path: { summary: string; queueIds: string[]; text: string } | null;
}

function runEmacs(): EmacsRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zimbra-logs-emacs-'));
  const [snippet, request] = readmeElisp();
  assert.match(snippet, /"\/path\/to\/dist\/server\.js"/);
  fs.writeFileSync(path.join(dir, 'snippet.el'), snippet.replace('/path/to/dist/server.js', path.join(root, 'dist', 'server.js')));
  const outFile = path.join(dir, 'result.json');
  const r = spawnSync('emacs', ['--batch', '-l', path.join(root, 'test', 'editors', 'eglot.el')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      ...process.env,
      // The snippet runs "node": this Node.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: dir,
      ZL_SNIPPET: path.join(dir, 'snippet.el'),
      ZL_REQUEST: request,
      ZL_MTA: path.join(root, 'samples', 'zimbra.log'),
      ZL_MAILBOX: path.join(root, 'samples', 'mailbox.log'),
      ZL_OUT: outFile,
    },
  });
  assert.ok(!r.error, `emacs could not run (npm run test:editors installs emacs-nox and elpa-eglot): ${r.error?.message}`);
  assert.ok(fs.existsSync(outFile), `Emacs wrote no result (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(fs.readFileSync(outFile, 'utf8'));
}

const run = runEmacs();

test('Emacs: eglot ran the whole session without a timeout, the logs in the README\'s modes', () => {
  assert.deepEqual(run.errors, []);
  assert.match(run.emacs, /^(?:2[89]|[3-9]\d)\./);
  assert.deepEqual(run.modes, ['postfix-log-mode', 'zimbra-log-mode']);
});

test('Emacs: Flymake shows the diagnostics of zimbra.log, Postfix warnings included as the README\'s minimumLevel WARN asks', () => {
  const lines = run.mtaDiagnostics.map(([line, type]) => [line, type]);
  // Delivery failures (23, 34, 51) and the fatal error (53), as in Neovim; the warning: lines (43, 52) only at WARN.
  assert.deepEqual(lines, [[23, 'eglot-warning'], [34, 'eglot-warning'], [43, 'eglot-warning'], [51, 'eglot-warning'], [52, 'eglot-warning'], [53, 'eglot-error']]);
  assert.match(run.mtaDiagnostics[0][2], /^zimbra-logs \[mailbox-full\]: .*\nEFAF89FC43C: deferred for <carol@example\.com> \(dsn=4\.2\.2\)/);
  assert.match(run.mtaDiagnostics[2][2], /SASL LOGIN authentication failed/);
});

test('Emacs: mailbox.log\'s WARN entry is a diagnostic too (the workspace configuration reached the server)', () => {
  const log = fs.readFileSync(path.join(root, 'samples', 'mailbox.log'), 'utf8').split('\n');
  const levels = run.mailboxDiagnostics.map(([line]) => / (WARN|ERROR|FATAL) /.exec(log[line])?.[1]);
  assert.deepEqual(levels, ['WARN', 'ERROR', 'FATAL']);
  assert.deepEqual(run.mailboxDiagnostics.map(([, type]) => type), ['eglot-warning', 'eglot-error', 'eglot-error']);
});

test('Emacs: eldoc\'s hover on a queue ID is the plain text eglot asked for', () => {
  const text = run.hover;
  assert.match(text, /^EFAF89FC43C on mta01$/m);
  assert.match(text, /^ {2}bob@example\.com, status sent, dsn 2\.1\.5, relay mbox01\.example\.com\[192\.0\.2\.21\]:7025, delay 0\.12 s$/m);
  assert.doesNotMatch(text, /\\|\*\*|`|^\| /m);
});

test('Emacs: the README\'s zimbraLogs/path request answers the delivery path of the message at point', () => {
  assert.match(readmeElisp()[1], /:zimbraLogs\/path/);
  assert.deepEqual(run.path?.queueIds, ['17B8ED411FA6', 'EFAF89FC43C']);
  assert.match(run.path!.summary, /^mail\.partner\.org → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example\.com: .*✓ sent; carol@example\.com: .*deferred$/);
});
