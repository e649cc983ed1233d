// ByteKeys: byte strings interned to ids 1, 2, ... in order of first sight, whatever room it was
// made with (a size that is not a power of two is rounded up: its probe wraps by a mask).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ByteKeys, keyHash } from '../../server/src/engine/byteKeys';

test('ByteKeys gives each key one id, in order of first sight, from any starting room (1,000 keys, 3 bytes: it grows)', () => {
  for (const [keys, bytes] of [
    [1000, 3],
    [1, 0],
    [1 << 10, 1 << 15],
  ]) {
    const t = new ByteKeys(keys, bytes);
    const ids = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const k = `key${(i * 7919) % 5000}`;
      const b = Buffer.from(`x/${k}`);
      // The second part alone ([2, end)), and both parts (x "/" k) as another key.
      const id = t.intern(keyHash(b, 0, 0, 2, b.length), b, 0, 0, 2, b.length);
      if (!ids.has(k)) ids.set(k, ids.size + 1);
      assert.equal(id, ids.get(k), `${keys}, ${bytes}: ${k}`);
      assert.equal(t.text(id), k);
    }
    assert.equal(t.size, 5000);
    const both = Buffer.from('x/key1');
    const joined = t.intern(keyHash(both, 0, 1, 2, both.length), both, 0, 1, 2, both.length);
    assert.equal(joined, 5001);
    assert.equal(t.text(joined), 'x/key1');
  }
});
