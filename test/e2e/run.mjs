#!/usr/bin/env node
// Launcher 2 (offline): runs the e2e suite (out/e2e/suite/index.js) inside a real VS Code,
// code-server 4.100.3 (VS Code 1.100.3), opened in headless Chromium.
//
//   npm run build && npm run test:e2e
//
// 1. installs code-server and what it needs once into ${XDG_CACHE_HOME:-~/.cache}/zimbra-logs-e2e
//    (see install.mjs; ZIMBRA_LOGS_E2E_CACHE overrides the folder);
// 2. lays out a temp folder: the built extension and a test-runner extension (test/e2e/runner)
//    in an extensions folder, a user-data folder with quiet settings, a copy of samples/ as
//    the workspace;
// 3. starts code-server on 127.0.0.1 (free port) and opens it in Chromium (playwright-core);
//    the runner extension runs the suite in the extension host and writes a results file,
//    and the suite asks for screenshots through a control folder: into out/e2e/screenshots/,
//    or with --update-screenshots (`npm run screenshots`) into test/e2e/screenshots/ (the README's);
// 4. prints each test and a closing "N passed, N failed" line; exits 1 on any failure.
//
// With VSCODE_EXECUTABLE_PATH set (or ZIMBRA_LOGS_E2E_LAUNCHER=electron) it hands over to
// launcher 1 (electron.mjs, @vscode/test-electron) instead.
// Environment: ZIMBRA_LOGS_E2E_TIMEOUT (seconds for the suite, default 600),
// ZIMBRA_LOGS_E2E_KEEP=1 (keep the temp folder), CHROMIUM_PATH.
import { spawn, spawnSync } from 'node:child_process';
import { installEmptyLanguagePack } from './languagePack.mjs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, findChromium } from './install.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const log = (msg) => console.log(`[e2e] ${msg}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'typescript.disableAutomaticTypeAcquisition': true,
  'npm.autoDetect': 'off',
  'window.commandCenter': false,
  'editor.fontSize': 13,
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
  'editor.cursorBlinking': 'solid',
  'workbench.tree.renderIndentGuides': 'none',
};

/** A suite's click request: the first element matching `selector` in any frame (webviews are frames), clicked. */
async function clickInFrames(page, selector) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        const target = frame.locator(selector).first();
        if ((await target.count()) === 0) continue;
        await target.click({ timeout: 5000 });
        log(`clicked ${selector}`);
        return 'ok';
      } catch {
        // a frame that went away, or the element not yet clickable: look again
      }
    }
    await sleep(250);
  }
  return `error: nothing matches ${selector}`;
}

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {
      /* best effort */
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    console.error(`[e2e] ${sig}: stopping`);
    await cleanup();
    process.exit(130);
  });
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, n = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/** Copies the built extension (what the .vsix would hold) into the extensions folder. */
function installExtension(extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const dest = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  mkdirSync(dest, { recursive: true });
  for (const f of ['package.json', 'dist', 'syntaxes', 'language-configuration.json', 'package.nls.json', 'package.nls.ru.json', 'l10n', 'icon.png', 'LICENSE']) {
    if (existsSync(join(repo, f))) cpSync(join(repo, f), join(dest, f), { recursive: true });
  }
  const runner = JSON.parse(readFileSync(join(here, 'runner', 'package.json'), 'utf8'));
  cpSync(join(here, 'runner'), join(extensionsDir, `${runner.publisher}.${runner.name}-${runner.version}`), { recursive: true });
  return `${pkg.publisher}.${pkg.name}`;
}

function killTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const done = () => {
      clearTimeout(hard);
      res();
    };
    child.once('exit', done);
    const hard = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      setTimeout(res, 500);
    }, 5000);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      done();
    }
  });
}

/** Waits until the editor area has stopped changing (tokens colored, decorations and panels drawn). */
async function settle(page) {
  await page
    .waitForFunction(() => document.querySelector('.monaco-workbench .editor-instance .view-lines .view-line'), null, { timeout: 15000 })
    .catch(() => {});
  let last = '';
  let same = 0;
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && same < 7) {
    await sleep(150);
    const snap = await page
      .evaluate(() =>
        [...document.querySelectorAll('.view-lines, .view-zones, .contentWidgets, .tabs-container, .markers-panel, .monaco-list-rows, .squiggly-error, .squiggly-warning')]
          .map((e) => e.innerHTML)
          .join('|'),
      )
      .catch(() => '');
    same = snap === last ? same + 1 : 0;
    last = snap;
  }
}

async function runCodeServer() {
  const t0 = Date.now();
  const paths = ensureCodeServer();
  const tInstall = Date.now() - t0;

  const suite = join(repo, 'out', 'e2e', 'suite', 'index.js');
  for (const f of [join(repo, 'dist', 'extension.js'), suite]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does)`);
  }
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('no chromium on PATH (apt-get install chromium, or set CHROMIUM_PATH)');

  const tmp = mkdtempSync(join(tmpdir(), 'zimbra-logs-e2e-'));
  let keep = process.env.ZIMBRA_LOGS_E2E_KEEP === '1';
  cleanups.push(() => {
    if (keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  const workspace = join(tmp, 'workspace');
  const extensionsDir = join(tmp, 'extensions');
  const userData = join(tmp, 'user-data');
  const control = join(tmp, 'control');
  const results = join(tmp, 'results.json');
  const csLog = join(tmp, 'code-server.log');
  cpSync(join(repo, 'samples'), workspace, { recursive: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2) + '\n');
  mkdirSync(control, { recursive: true });
  writeFileSync(join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  const extId = installExtension(extensionsDir);
  const locale = process.env.ZIMBRA_LOGS_E2E_LOCALE;
  if (locale && locale !== 'en') installEmptyLanguagePack(extensionsDir, userData, locale);
  // The README's pictures change only when asked: a test run's screenshots go to out/ (ignored).
  const shotsDir = process.argv.includes('--update-screenshots') ? join(here, 'screenshots') : join(repo, 'out', 'e2e', 'screenshots');
  mkdirSync(shotsDir, { recursive: true });

  const port = await freePort();
  const args = [
    paths.entry,
    '--config', join(tmp, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--extensions-dir', extensionsDir,
    '--user-data-dir', userData,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // VS Code's display language (ZIMBRA_LOGS_E2E_LOCALE=ru: the tests marked [ru]).
    ...(locale ? ['--locale', locale] : []),
    workspace,
  ];
  log(`starting code-server on 127.0.0.1:${port} with ${extId} (temp folder ${tmp})`);
  const out = openSync(csLog, 'a');
  const tStart = Date.now();
  const cs = spawn(process.execPath, args, {
    cwd: tmp,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      ZIMBRA_LOGS_E2E: results,
      ZIMBRA_LOGS_E2E_SUITE: suite,
      ZIMBRA_LOGS_E2E_CONTROL: control,
      ZIMBRA_LOGS_REPO: repo,
    },
  });
  closeSync(out);
  cleanups.push(() => killTree(cs));
  let csExit = null;
  cs.on('exit', (code, sig) => (csExit = sig || code));

  const base = `http://127.0.0.1:${port}`;
  const readyBy = Date.now() + 90_000;
  for (;;) {
    if (csExit !== null) throw new Error(`code-server exited (${csExit}) before it was ready:\n${tail(csLog)}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > readyBy) throw new Error(`code-server did not answer on ${base} within 90s:\n${tail(csLog)}`);
    await sleep(200);
  }
  log(`code-server ready in ${secs(Date.now() - tStart)}; opening it in ${chromiumPath}`);

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const pageLog = join(tmp, 'page-console.log');
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') writeFileSync(pageLog, `[${m.type()}] ${m.text()}\n`, { flag: 'a' });
  });
  page.on('pageerror', (e) => writeFileSync(pageLog, `[pageerror] ${e.message}\n`, { flag: 'a' }));
  let browserGone = null;
  page.on('crash', () => (browserGone = 'the page crashed'));
  browser.on('disconnected', () => (browserGone = 'Chromium disconnected'));
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });

  const timeoutS = Number(process.env.ZIMBRA_LOGS_E2E_TIMEOUT || 600);
  const deadline = Date.now() + timeoutS * 1000;
  const tSuite = Date.now();
  const shots = [];
  log(`waiting for the suite to run in the extension host (up to ${timeoutS}s)`);
  while (!existsSync(results)) {
    if (csExit !== null) throw new Error(`code-server exited (${csExit}) during the suite:\n${tail(csLog)}`);
    if (browserGone) {
      keep = true;
      throw new Error(`${browserGone} during the suite (the extension host needs the window):\n${tail(pageLog, 30)}`);
    }
    if (Date.now() > deadline) {
      keep = true;
      throw new Error(
        `timed out after ${timeoutS}s: the suite wrote no results (${existsSync(`${results}.started`) ? 'it started' : 'it never started'}).\n` +
          `code-server log:\n${tail(csLog)}\npage console:\n${tail(pageLog, 30)}`,
      );
    }
    for (const f of readdirSync(control).filter((n) => n.endsWith('.req')).sort()) {
      const req = join(control, f);
      const done = req.replace(/\.req$/, '.done');
      if (existsSync(done)) continue;
      if (f.startsWith('click-')) {
        writeFileSync(done, await clickInFrames(page, readFileSync(req, 'utf8').trim()));
        continue;
      }
      const name = readFileSync(req, 'utf8').trim().replace(/[^\w.-]/g, '_');
      let status = 'ok';
      try {
        await settle(page);
        const file = join(shotsDir, `${name}.png`);
        await page.screenshot({ path: file });
        shots.push(file);
        log(`screenshot ${name}.png`);
      } catch (e) {
        status = `error: ${e instanceof Error ? e.message : e}`;
        log(`screenshot ${name} failed: ${status}`);
      }
      writeFileSync(done, status);
    }
    await sleep(200);
  }
  const suiteMs = Date.now() - tSuite;
  const r = JSON.parse(readFileSync(results, 'utf8'));

  console.log('');
  for (const t of r.tests) {
    if (t.state === 'passed') console.log(`  ✔ ${t.title} (${t.durationMs} ms)`);
    else if (t.state === 'pending') console.log(`  - ${t.title} (skipped)`);
    else {
      console.log(`  ✖ ${t.title}`);
      console.log(String(t.error || '').split('\n').slice(0, 25).map((l) => `      ${l}`).join('\n'));
    }
  }
  console.log('');
  const failed = r.error ? 1 + r.failures : r.failures;
  if (r.error) {
    console.log(`[e2e] the suite did not run: ${r.error}`);
  }
  if (failed) {
    keep = true;
    log(`logs: ${csLog}, ${pageLog}, ${join(userData, 'logs')}`);
  }
  log(`timings: install/check ${secs(tInstall)}, code-server + suite ${secs(Date.now() - tStart)} (suite ${secs(suiteMs)}), total ${secs(Date.now() - t0)}`);
  console.log(`${r.passes} passed, ${failed} failed${r.pending ? `, ${r.pending} skipped` : ''}`);
  return failed === 0 ? 0 : 1;
}

async function main() {
  const launcher = process.env.ZIMBRA_LOGS_E2E_LAUNCHER || (process.env.VSCODE_EXECUTABLE_PATH ? 'electron' : 'code-server');
  if (launcher === 'electron') {
    log('VSCODE_EXECUTABLE_PATH is set: running the suite in desktop VS Code (test/e2e/electron.mjs)');
    const r = spawnSync(process.execPath, [join(here, 'electron.mjs')], { stdio: 'inherit' });
    return r.status ?? 1;
  }
  return runCodeServer();
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`[e2e] FAILED: ${e instanceof Error ? e.message : e}`);
  code = 1;
}
await cleanup();
process.exit(code);
