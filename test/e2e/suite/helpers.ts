// Helpers shared by the e2e test files. Everything here uses the `vscode` API and Node only,
// so the suite runs the same in desktop VS Code (@vscode/test-electron) and in code-server.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

export const EXTENSION_ID = 'zimbra-logs.zimbra-logs';

/** The repo (for dist/cli.js): given by the launcher, else derived from out/e2e/suite/. */
export function repoDir(): string {
  return process.env.ZIMBRA_LOGS_REPO || path.resolve(__dirname, '..', '..', '..');
}

/** The workspace folder: a temporary copy of samples/ made by the launcher. */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e suite needs a workspace folder (a temporary copy of samples/)');
  return folder.uri.fsPath;
}

export function wsUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), name));
}

/** Writes a file into the (temporary) workspace folder, once. */
export function writeFixture(name: string, content: string): vscode.Uri {
  const file = path.join(workspaceDir(), name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, content);
  return vscode.Uri.file(file);
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves with the diagnostics of `uri` once there are some (on `onDidChangeDiagnostics`), or with [] at the deadline. */
export function diagnosticsOf(uri: vscode.Uri, timeoutMs: number): Promise<vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (now.length) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (d: vscode.Diagnostic[]) => {
      sub.dispose();
      clearTimeout(timer);
      resolve(d);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const d = vscode.languages.getDiagnostics(uri);
      if (d.length) done(d);
    });
    const timer = setTimeout(() => done([]), timeoutMs);
  });
}

export async function show(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** What `node dist/cli.js collate FILE` prints (collate.pl's output), for exact comparisons. */
export function cliCollate(file: string): string {
  return cliOutput(['collate', file]);
}

/** What `node dist/cli.js ARGS...` prints. */
export function cliOutput(args: string[]): string {
  const cli = path.join(repoDir(), 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  // In desktop VS Code the extension host is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
  return execFileSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}

/** A zimbra.log and a mailbox.log of `size` (bench/generate.mjs, seeded) in a new temporary folder outside the workspace. */
export function generatedLogs(size: string, seed: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-e2e-generated-'));
  execFileSync(process.execPath, [path.join(repoDir(), 'bench', 'generate.mjs'), '--size', size, '--seed', String(seed), '--out', path.join(dir, 'zimbra.log'), '--mailbox', path.join(dir, 'mailbox.log')], { stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return dir;
}

/** Splits collate.pl's output into its transactions, each with the empty line printed after it. */
export function collatedBlocks(collated: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  while (start < collated.length) {
    const end = collated.indexOf('\n\n', start);
    if (end < 0) throw new Error(`collate output does not end with an empty line: ${JSON.stringify(collated.slice(start, start + 200))}`);
    blocks.push(collated.slice(start, end + 2));
    start = end + 2;
  }
  return blocks;
}

/** The one transaction block of `queueId` (the one with its `QID: removed` line) in collate.pl's output. */
export function transactionBlock(collated: string, queueId: string): string {
  const found = collatedBlocks(collated).filter((b) => b.split('\n').some((l) => l.includes(`]: ${queueId}: removed`)));
  if (found.length !== 1) throw new Error(`expected one collated transaction for ${queueId}, found ${found.length}`);
  return found[0];
}

const asked: Record<string, number> = {};
/**
 * Asks the code-server launcher (which sets ZIMBRA_LOGS_E2E_CONTROL) to do `kind` with `payload`:
 * a request file in the control folder, then waits for its answer file; whether it answered ok.
 * Elsewhere (no launcher to ask) false.
 */
async function askLauncher(kind: string, payload: string, what: string): Promise<boolean> {
  const dir = process.env.ZIMBRA_LOGS_E2E_CONTROL;
  if (!dir) return false;
  const n = String((asked[kind] = (asked[kind] ?? 0) + 1)).padStart(3, '0');
  const req = path.join(dir, `${kind}-${n}.req`);
  fs.writeFileSync(`${req}.tmp`, payload);
  fs.renameSync(`${req}.tmp`, req);
  const done = path.join(dir, `${kind}-${n}.done`);
  await waitFor(() => fs.existsSync(done), `the launcher's ${what}`, 60_000);
  return fs.readFileSync(done, 'utf8').trim() === 'ok';
}

/** A screenshot of the window as it is now, taken by the launcher (only code-server's takes them). */
export const screenshot = (name: string): Promise<boolean> => askLauncher('shot', name, `screenshot ${name}`);

/**
 * Has the launcher click the first element matching `selector` in any frame of the window (a
 * webview's page included); only code-server's launcher clicks, elsewhere it resolves false.
 */
export const clickInWindow = (selector: string): Promise<boolean> => askLauncher('click', selector, `click on ${selector}`);
