#!/usr/bin/env node
// Launcher 1: runs the e2e suite (out/e2e/suite/index.js) in desktop VS Code through
// @vscode/test-electron. Uses VSCODE_EXECUTABLE_PATH when it is set (a VS Code binary on this
// machine), otherwise downloads VS Code (VSCODE_VERSION, default "stable") into .vscode-test/,
// which needs internet access: where there is none, use run.mjs (code-server) instead.
//
//   npm run build && node test/e2e/electron.mjs
//   VSCODE_EXECUTABLE_PATH=/usr/share/code/code xvfb-run -a node test/e2e/electron.mjs
//   ZIMBRA_LOGS_E2E_LOCALE=ru ZIMBRA_LOGS_E2E_GREP='\[ru\]' node test/e2e/electron.mjs   (in Russian, as npm run test:e2e:ru)
//
// On Linux without a display, run it under xvfb-run. Screenshots are taken only by run.mjs.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { installEmptyLanguagePack } from './languagePack.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

async function main() {
  const suite = join(repo, 'out', 'e2e', 'suite', 'index.js');
  for (const f of [join(repo, 'dist', 'extension.js'), suite]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'zimbra-logs-e2e-electron-'));
  const workspace = join(tmp, 'workspace');
  cpSync(join(repo, 'samples'), workspace, { recursive: true });
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH || undefined;
  // VS Code's display language, as run.mjs sets it: --locale, with an (empty) language pack for it.
  const locale = process.env.ZIMBRA_LOGS_E2E_LOCALE;
  if (locale && locale !== 'en') installEmptyLanguagePack(join(tmp, 'extensions'), join(tmp, 'user-data'), locale);
  console.log(`[e2e electron] ${vscodeExecutablePath ? `VS Code at ${vscodeExecutablePath}` : `downloading VS Code ${process.env.VSCODE_VERSION || 'stable'}`}`);
  try {
    await runTests({
      vscodeExecutablePath,
      version: vscodeExecutablePath ? undefined : process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: repo,
      extensionTestsPath: suite,
      extensionTestsEnv: { ZIMBRA_LOGS_REPO: repo, ZIMBRA_LOGS_E2E_LOCALE: locale, ZIMBRA_LOGS_E2E_GREP: process.env.ZIMBRA_LOGS_E2E_GREP },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
        '--no-sandbox',
        '--disable-gpu',
        `--user-data-dir=${join(tmp, 'user-data')}`,
        `--extensions-dir=${join(tmp, 'extensions')}`,
        ...(locale ? ['--locale', locale] : []),
      ],
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
  console.log('[e2e electron] all e2e tests passed');
} catch (e) {
  console.error(`[e2e electron] FAILED: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
