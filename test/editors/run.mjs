// `npm run test:editors`: the language server driven by other editors' real clients. Installs
// what is missing first (Neovim, Emacs and eglot, from Debian's packages, as test/e2e/install.mjs
// installs its own), then runs the tests built into out/test/editors/.
import { spawnSync } from 'node:child_process';
import { installDebianPackages, which } from '../e2e/install.mjs';

/** Whether Emacs loads eglot (built in from Emacs 29; Debian's elpa-eglot package for 28). */
const hasEglot = () => spawnSync('emacs', ['--batch', '--eval', "(progn (package-initialize) (require 'eglot))"], { stdio: 'ignore' }).status === 0;

const missing = [];
if (!which('nvim')) missing.push('neovim');
// eglot is a package for Emacs 28 (built in from 29): Debian's elpa-eglot.
if (!which('emacs') || !hasEglot()) missing.push('emacs-nox', 'elpa-eglot');
if (missing.length) {
  try {
    installDebianPackages(missing);
  } catch (e) {
    console.error(`[editors] ${missing.join(', ')} missing and could not be installed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/editors/'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
