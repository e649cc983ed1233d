// Temporary files (issue 19, item 13): the server's decompressed copies and Collate File outputs
// live in one folder of its own (disk/temporary.ts); a failed open leaves nothing behind (members
// '..', '' and '.' included), a closed view deletes its copy, and nothing outside the folder is
// ever deleted.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiskView } from '../../server/src/disk/diskView';
import { collateToFile } from '../../server/src/disk/collateFile';
import { removeAllTemporary, removeTemporary, temporaryFile, temporaryFolder } from '../../server/src/disk/temporary';
import { fixtures, tmpFile } from './helpers';

const archive = path.join(fixtures, 'compressed', 'logs.tar.gz');
const gz = path.join(fixtures, 'compressed', 'zimbra.log.2.gz');
const ours = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('zimbra-logs-')).sort();

test("failed opens of members '..', '' and '.' (and a missing one) leave no folder, here or in the system's temporary folder", async () => {
  const before = ours();
  for (const member of ['..', '', '.', 'no/such.log']) {
    await assert.rejects(DiskView.build('file:///x', archive, { member }), /no member/);
  }
  const folder = temporaryFolder();
  if (folder) assert.deepEqual(fs.readdirSync(folder), []);
  assert.deepEqual(ours().filter((f) => !before.includes(f) && path.join(os.tmpdir(), f) !== folder), []);
  // The names are made safe: nothing is ever written outside the folder.
  for (const name of ['..', '', '.', '../../etc/passwd', 'a\0b']) {
    const f = temporaryFile(name);
    assert.equal(path.dirname(path.dirname(f)), temporaryFolder(), name);
    assert.notEqual(path.basename(f), '..');
    removeTemporary(f);
    assert.equal(fs.existsSync(path.dirname(f)), false);
  }
});

test('a decompressed copy and a Collate File output are deleted when no longer needed, and the folder at the end', async () => {
  const view = await DiskView.build('file:///x', gz);
  const copy = view.path;
  assert.equal(path.dirname(path.dirname(copy)), temporaryFolder());
  assert.ok(fs.statSync(copy).size > 0);
  const out = await collateToFile(copy, 'zimbra.log.2', () => false);
  assert.ok(fs.readFileSync(out.path, 'utf8').length > 0);
  view.dispose();
  assert.equal(fs.existsSync(copy), false);
  assert.equal(fs.existsSync(path.dirname(copy)), false);
  assert.ok(fs.existsSync(out.path), 'the output lives on until its document closes');
  removeTemporary(out.path);
  assert.equal(fs.existsSync(out.path), false);
  // A plain log is read in place: never deleted.
  const plain = tmpFile('zimbra.log', fs.readFileSync(path.join(fixtures, '..', '..', 'samples', 'zimbra.log')));
  const v2 = await DiskView.build('file:///y', plain);
  v2.dispose();
  assert.ok(fs.existsSync(plain));
  const folder = temporaryFolder()!;
  removeAllTemporary();
  assert.equal(fs.existsSync(folder), false);
});

test('only what the folder holds is ever deleted', () => {
  const outside = tmpFile('zimbra.log', 'x\n');
  const f = temporaryFile('kept');
  fs.writeFileSync(f, 'y');
  const folder = temporaryFolder()!;
  for (const p of [outside, path.dirname(outside), folder, path.join(folder, '..'), path.join(folder, '..', path.basename(path.dirname(outside)), 'zimbra.log'), os.tmpdir()]) removeTemporary(p);
  assert.ok(fs.existsSync(outside));
  assert.ok(fs.existsSync(f));
  removeAllTemporary();
  assert.ok(fs.existsSync(outside));
  assert.equal(fs.existsSync(f), false);
});
