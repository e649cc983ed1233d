// `npm run test:editors`: the language server driven by other editors' real clients. Installs
// what is missing first (Neovim, from Debian's packages, as test/e2e/install.mjs installs its own),
// then runs the tests built into out/test/editors/.
import { spawnSync } from 'node:child_process';
import { installDebianPackages, which } from '../e2e/install.mjs';

if (!which('nvim')) {
  try {
    installDebianPackages(['neovim']);
  } catch (e) {
    console.error(`[editors] Neovim is missing and could not be installed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'out/test/editors/'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
