// The tar reader behind compressed logs: members of the committed fixture archive, streamed in
// chunks of any size, and clear errors on truncated or foreign input.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { listTar, TarStream } from '../../common/tar';
import { root } from './helpers';

const tar = zlib.gunzipSync(fs.readFileSync(path.join(root, 'test', 'fixtures', 'compressed', 'logs.tar.gz')));
const sample = (f: string) => fs.readFileSync(path.join(root, 'samples', f));

test('listTar: regular members with their data', () => {
  const m = listTar(tar);
  assert.deepEqual(m.map((x) => x.entry.name).sort(), ['logs/mailbox.log', 'logs/zimbra.log']);
  const z = m.find((x) => x.entry.name === 'logs/zimbra.log')!;
  assert.deepEqual(Buffer.from(tar.subarray(z.offset, z.offset + z.entry.size)), sample('zimbra.log'));
});

test('TarStream: one member, whatever the chunk size', () => {
  for (const size of [1, 7, 512, 1000, 1 << 20]) {
    const parts: Buffer[] = [];
    const s = new TarStream((e) => e.name === 'logs/mailbox.log', (c) => parts.push(Buffer.from(c)));
    for (let i = 0; i < tar.length; i += size) s.push(tar.subarray(i, i + size));
    s.end();
    assert.deepEqual(Buffer.concat(parts), sample('mailbox.log'), `chunks of ${size}`);
  }
});

test('truncated and foreign input: clear errors', () => {
  assert.throws(() => listTar(tar.subarray(0, 1500)), /truncated/);
  const s = new TarStream(() => true, () => undefined);
  s.push(tar.subarray(0, 1500));
  assert.throws(() => s.end(), /truncated/);
  assert.throws(() => listTar(sample('zimbra.log')), /not a tar archive/);
});
