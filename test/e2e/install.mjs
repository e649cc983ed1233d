// Installs code-server (VS Code 1.100.3 served to a browser, extension host in Node) and
// what it needs, once, into a cache folder outside the repo. Offline-friendly: only the
// npm registry and Debian's packages are used; every step that would download a prebuilt
// binary is replaced by a local build (node-gyp against npm's configured nodedir) or by a
// Debian package (ripgrep, chromium). Idempotent and resumable: each step leaves a marker,
// and a final marker says the whole install is complete.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, copyFileSync, chmodSync, rmSync, symlinkSync, lstatSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, delimiter } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

export function cacheDir() {
  if (process.env.ZIMBRA_LOGS_E2E_CACHE) return process.env.ZIMBRA_LOGS_E2E_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'zimbra-logs-e2e');
}

export function codeServerPaths() {
  const root = join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const pkg = join(root, 'node_modules', 'code-server');
  return {
    root,
    pkg,
    vscode: join(pkg, 'lib', 'vscode'),
    entry: join(pkg, 'out', 'node', 'entry.js'),
    marker: join(root, '.install-complete'),
  };
}

const log = (msg) => console.log(`[e2e install] ${msg}`);

function run(cmd, args, opts = {}) {
  const shown = `${cmd} ${args.join(' ')}`;
  log(`$ ${shown}${opts.cwd ? `   (in ${opts.cwd})` : ''}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...opts,
    env: { ...process.env, ...(opts.env || {}) },
  });
  if (r.error) throw new Error(`${shown}: ${r.error.message}`);
  if (r.status !== 0) {
    if (opts.quiet) process.stderr.write(`${r.stdout || ''}${r.stderr || ''}`.slice(-8000));
    throw new Error(`${shown} exited with ${r.status ?? r.signal}`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return r;
}

export function which(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (existsSync(p) && !lstatSync(p).isDirectory()) return p;
    } catch {
      /* ignore */
    }
  }
  return null;
}

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = which(name);
    if (p) return p;
  }
  return null;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Debian packages: libkrb5-dev (to build kerberos), ripgrep (VS Code's search), chromium (the window). */
function ensureSystemPackages() {
  const wanted = [];
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h') && !dpkgInstalled('libkrb5-dev')) wanted.push('libkrb5-dev');
  if (!which('rg')) wanted.push('ripgrep');
  if (!findChromium()) wanted.push('chromium');
  if (!wanted.length) {
    log('system packages present (krb5 headers, rg, chromium)');
    return;
  }
  installDebianPackages(wanted);
}

/** Installs Debian packages with apt-get, as root or through sudo -n (the editors' tests use it for neovim). */
export function installDebianPackages(wanted) {
  if (!which('apt-get')) throw new Error(`missing ${wanted.join(', ')} and no apt-get to install them: install them by hand`);
  const asRoot = process.getuid && process.getuid() === 0;
  const sudo = asRoot ? [] : which('sudo') ? ['sudo', '-n'] : null;
  if (!sudo) throw new Error(`missing ${wanted.join(', ')}: run as root or install them: apt-get install ${wanted.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]) : run('apt-get', args, { env }));
  log(`installing Debian packages: ${wanted.join(' ')}`);
  apt(['update', '-q']);
  apt(['install', '-y', '-q', '--no-install-recommends', ...wanted]);
}

function nodeGypCommand() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const npmCli = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
  if (npmCli.status === 0) candidates.push(join(npmCli.stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const c of candidates) if (c && existsSync(c)) return [process.execPath, c];
  return null;
}

function npmNodedir() {
  const r = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' });
  const v = r.status === 0 ? r.stdout.trim() : '';
  if (v && v !== 'undefined' && v !== 'null' && existsSync(join(v, 'include', 'node', 'node.h'))) return v;
  // Node's headers next to the running binary (e.g. /usr/include/node) work as a nodedir too.
  const guess = join(dirname(process.execPath), '..');
  if (existsSync(join(guess, 'include', 'node', 'node.h'))) return guess;
  return v || null;
}

function step(paths, name, fn) {
  const m = join(paths.root, `.step-${name}`);
  if (existsSync(m)) {
    log(`step ${name}: already done`);
    return;
  }
  log(`step ${name} ...`);
  fn();
  writeFileSync(m, new Date().toISOString() + '\n');
}

function hasBuiltAddon(dir) {
  const r = join(dir, 'build', 'Release');
  if (!existsSync(r)) return false;
  const out = spawnSync('find', [r, '-maxdepth', '1', '-name', '*.node'], { encoding: 'utf8' });
  return out.status === 0 && out.stdout.trim().length > 0;
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** One install at a time (several `npm test` runs may share the cache): a lock folder holding the owner's pid. */
function withInstallLock(paths, fn) {
  const lock = `${paths.root}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  let told = 0;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = 0;
      try {
        pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written, or left empty by a crash */
      }
      if (pid && !alive(pid)) {
        log(`removing a stale install lock (pid ${pid} is gone)`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!pid) {
        let age = 0;
        try {
          age = Date.now() - statSync(lock).mtimeMs;
        } catch {
          continue; // just released
        }
        if (age > 60_000) {
          log('removing an install lock left without a pid');
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      }
      if (Date.now() > deadline) throw new Error(`another install (pid ${pid}) holds ${lock} for too long`);
      if (Date.now() - told > 30_000) {
        log(`waiting for another install (pid ${pid || '?'}) to finish ...`);
        told = Date.now();
      }
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isInstalled(paths) {
  return existsSync(paths.marker) && existsSync(paths.entry);
}

/** Returns the code-server paths; installs whatever is missing first. */
export function ensureCodeServer() {
  const paths = codeServerPaths();
  if (!isInstalled(paths)) withInstallLock(paths, () => isInstalled(paths) || install(paths));
  if (!findChromium() || !which('rg')) ensureSystemPackages();
  log(`code-server ${CODE_SERVER_VERSION} ready in ${paths.root}`);
  return paths;
}

function install(paths) {
  const t0 = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${paths.root} (once; later runs reuse it)`);
  mkdirSync(paths.root, { recursive: true });
  ensureSystemPackages();

  const npmEnv = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', CI: 'true' };

  step(paths, 'npm-code-server', () => {
    writeFileSync(join(paths.root, 'package.json'), JSON.stringify({ name: 'zimbra-logs-e2e-code-server', private: true }, null, 2) + '\n');
    run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: paths.root,
      env: npmEnv,
    });
  });

  step(paths, 'npm-vscode', () => {
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: paths.vscode, env: npmEnv });
  });

  const gyp = nodeGypCommand();
  const nodedir = npmNodedir();
  if (!gyp) throw new Error('node-gyp not found (it ships with npm): cannot build the native modules');
  if (!nodedir) throw new Error("npm's nodedir is not set and Node's headers were not found: node-gyp would try to download them");
  log(`node-gyp: ${gyp[1]}; nodedir: ${nodedir}`);
  const jobs = ['--jobs', 'max'];

  const nm = join(paths.vscode, 'node_modules');
  for (const mod of ['@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty', '@vscode/deviceid']) {
    const dir = join(nm, mod);
    if (!existsSync(join(dir, 'binding.gyp'))) {
      log(`native module ${mod}: not present, skipped`);
      continue;
    }
    if (hasBuiltAddon(dir)) {
      log(`native module ${mod}: already built`);
      continue;
    }
    run(gyp[0], [gyp[1], 'rebuild', `--nodedir=${nodedir}`, ...jobs], { cwd: dir, quiet: true });
  }

  const argon2 = join(paths.root, 'node_modules', 'argon2');
  if (existsSync(join(argon2, 'binding.gyp'))) {
    const modPath = join(argon2, 'lib', 'binding', 'napi-v3');
    if (existsSync(join(modPath, 'argon2.node'))) {
      log('native module argon2: already built');
    } else {
      run(
        gyp[0],
        [gyp[1], 'rebuild', `--nodedir=${nodedir}`, ...jobs, '--module_name=argon2', `--module_path=${modPath}`, '--napi_build_version=3'],
        { cwd: argon2, quiet: true },
      );
    }
  }

  step(paths, 'ripgrep', () => {
    const rg = which('rg');
    if (!rg) throw new Error('ripgrep (rg) not found on PATH');
    const binDir = join(nm, '@vscode', 'ripgrep', 'bin');
    mkdirSync(binDir, { recursive: true });
    copyFileSync(rg, join(binDir, 'rg'));
    chmodSync(join(binDir, 'rg'), 0o755);
  });

  step(paths, 'asar-link', () => {
    const link = join(paths.vscode, 'node_modules.asar');
    rmSync(link, { recursive: true, force: true });
    symlinkSync('node_modules', link);
  });

  // Smoke check: the modules code-server loads at start must load in this Node.
  const check = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(join(nm, '@vscode', 'spdlog'))}); require(${JSON.stringify(join(nm, 'node-pty'))}); require(${JSON.stringify(argon2)});`],
    { encoding: 'utf8' },
  );
  if (check.status !== 0) throw new Error(`native modules do not load:\n${check.stderr}`);

  const pkgVersion = JSON.parse(readFileSync(join(paths.pkg, 'package.json'), 'utf8')).version;
  writeFileSync(paths.marker, JSON.stringify({ version: pkgVersion, installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`code-server ${pkgVersion} installed in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureCodeServer();
  } catch (e) {
    console.error(`[e2e install] FAILED: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
