// The README's Neovim snippets are Lua that Neovim reads: each ```lua block of its "Neovim"
// section is compiled (not run) by the Neovim the tests drive. Debian's is 0.7, which has no
// vim.lsp.start nor vim.fs (0.8): there the 0.8 snippet can only be parsed, and
// test/editors/neovim.lua drives the server with vim.lsp.start_client, which vim.lsp.start wraps.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readmeBlocks } from './readme';

const readmeLua = () => readmeBlocks('Neovim', 'lua');

/** What Neovim's Lua compiler says of each file: null when it compiles, else its message. */
function compile(files: string[]): (string | null)[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zimbra-logs-lua-'));
  const out = path.join(dir, 'result.json');
  const lua = `local r = {} for i, f in ipairs(vim.fn.json_decode(os.getenv('ZL_FILES'))) do local _, err = loadfile(f) r[i] = err or vim.NIL end vim.fn.writefile({ vim.fn.json_encode(r) }, os.getenv('ZL_OUT'))`;
  const r = spawnSync('nvim', ['--headless', '--clean', '-c', `lua ${lua}`, '-c', 'qa!'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ZL_FILES: JSON.stringify(files), ZL_OUT: out, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir } });
  assert.ok(!r.error && fs.existsSync(out), `nvim: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

test('the README\'s Neovim snippets (vim.lsp.start, lspconfig, a custom request) compile in the Neovim of the tests', () => {
  const blocks = readmeLua();
  assert.equal(blocks.length, 3);
  assert.match(blocks[0], /vim\.lsp\.start\(/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zimbra-logs-readme-'));
  const files = blocks.map((b, i) => path.join(dir, `${i}.lua`));
  blocks.forEach((b, i) => fs.writeFileSync(files[i], b));
  // The check can fail: a broken copy does not compile.
  const broken = path.join(dir, 'broken.lua');
  fs.writeFileSync(broken, blocks[0].replace('callback = function(args)', 'callback = function(args'));
  const results = compile([...files, broken]);
  assert.deepEqual(results.slice(0, 3), [null, null, null]);
  assert.match(results[3] ?? '', /expected|near/);
});
