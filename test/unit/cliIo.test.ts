// The CLI's reading and writing: blocks of whole lines read ahead into two halves of an area,
// and output written behind from two halves of another. Tiny areas make every path run: lines
// longer than a half, partial lines longer than the room kept for them, exact boundaries, a
// last line without "\n", output that fills a half while the other is still being written.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { areaBlocks } from '../../server/src/io/blocks';
import { ByteWriter } from '../../server/src/cli/output';
import { tmpFile } from './helpers';

/** A deterministic pseudo-random generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** Lines of lengths from 0 to 3x `max`, bytes of every value but "\n"; the last without its "\n" when `open`. */
function lines(seed: number, count: number, max: number, open: boolean): Buffer {
  const r = random(seed);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const len = r() < 0.1 ? Math.floor(r() * 3 * max) : Math.floor(r() * max);
    const b = Buffer.alloc(len + 1);
    for (let k = 0; k < len; k++) {
      const v = Math.floor(r() * 256);
      b[k] = v === 10 ? 32 : v;
    }
    b[len] = 10;
    parts.push(b);
  }
  if (open) parts.push(Buffer.from('no final newline'));
  return Buffer.concat(parts);
}

/**
 * The blocks of `file` read into an area of `areaSize` bytes (halves of it, in `parts`). With more
 * than two parts, a part is read into again only after `reuse` is called for it, in turn: the blocks
 * handed out from it hold their bytes until then.
 */
async function blocksOf(file: string, areaSize: number, parts = 2, inThread = false): Promise<Buffer[]> {
  const half = areaSize >> 1;
  const size = parts * half;
  const held: { part: number; view: Buffer; copy: Buffer }[] = [];
  const reused: number[] = [];
  const reuse = async (part: number) => {
    for (const h of held.filter((x) => x.part === part)) assert.deepEqual(h.view, h.copy, `a block of part ${part} held its bytes until the part was read into again`);
    held.splice(0, held.length, ...held.filter((x) => x.part !== part));
    reused.push(part);
  };
  const area = { buf: Buffer.alloc(size + 16), start: 8, size, parts, reuse: parts > 2 ? reuse : undefined };
  const out: Buffer[] = [];
  for await (const b of areaBlocks(file, area, { inThread })) {
    assert.ok(b.end > b.start, 'no empty block');
    out.push(Buffer.from(b.buf.subarray(b.start, b.end)));
    if (parts > 2 && b.buf === area.buf) held.push({ part: Math.floor((b.start - area.start) / half), view: b.buf.subarray(b.start, b.end), copy: out[out.length - 1] });
  }
  for (const h of held) assert.deepEqual(h.view, h.copy);
  reused.forEach((p, k) => assert.equal(p, k % parts, 'the parts are read into in turn'));
  assert.ok(parts === 2 || reused.length > parts, `${reused.length} parts read`);
  return out;
}

for (const [areaSize, max] of [
  [64, 20],
  [100, 70],
  [256, 40],
  [4096, 300],
] as const) {
  for (const open of [false, true]) {
    test(`area of ${areaSize} bytes, lines up to ${3 * max} bytes${open ? ', no final newline' : ''}: the blocks are the file, in whole lines`, async () => {
      const text = lines(areaSize + max, 400, max, open);
      for (const [name, bytes] of [
        ['plain.log', text],
        ['zipped.log.gz', zlib.gzipSync(text)],
      ] as const) {
        const blocks = await blocksOf(tmpFile(name, bytes), areaSize);
        assert.deepEqual(Buffer.concat(blocks), text, name);
        // In five parts of the same size (the redact worker's reading): the same blocks.
        assert.deepEqual(await blocksOf(tmpFile(name, bytes), areaSize, 5), blocks, `${name} in 5 parts`);
        // Read in this thread as each block is asked for (the redact worker's way), in 2 and in 5 parts: the same blocks.
        assert.deepEqual(await blocksOf(tmpFile(name, bytes), areaSize, 2, true), blocks, `${name} read in this thread`);
        assert.deepEqual(await blocksOf(tmpFile(name, bytes), areaSize, 5, true), blocks, `${name} read in this thread, in 5 parts`);
        blocks.slice(0, -1).forEach((b, i) => assert.equal(b[b.length - 1], 10, `${name}: block ${i} ends with a line end`));
        assert.equal(blocks[blocks.length - 1][blocks[blocks.length - 1].length - 1] === 10, !open);
        assert.ok(blocks.length > 3);
      }
    });
  }
}

test('an empty file has no blocks; a file of one "\\n" has one', async () => {
  for (const inThread of [false, true]) {
    assert.deepEqual(await blocksOf(tmpFile('empty.log', ''), 64, 2, inThread), []);
    assert.deepEqual(await blocksOf(tmpFile('nl.log', '\n'), 64, 2, inThread), [Buffer.from('\n')]);
  }
});

test('written behind: every byte out, in order, whatever the sizes and hand-off points', async () => {
  for (const seed of [1, 2, 3]) {
    const r = random(seed);
    const file = tmpFile(`out-${seed}.txt`, '');
    const fd = fs.openSync(file, 'w');
    const region = 64;
    const w = new ByteWriter(fd, Buffer.alloc(region + 10), 5, region, true);
    const expected: Buffer[] = [];
    const source = Buffer.alloc(300);
    for (let i = 0; i < source.length; i++) source[i] = i % 256;
    for (let i = 0; i < 500; i++) {
      const n = r() < 0.05 ? 33 + Math.floor(r() * 200) : Math.floor(r() * 20); // sometimes more than a half
      const s = Math.floor(r() * (source.length - n));
      w.write(source, s, s + n);
      expected.push(source.subarray(s, s + n));
      if (r() < 0.3) {
        w.writeNewline();
        expected.push(Buffer.from('\n'));
      }
      if (r() < 0.2) await w.handOff();
    }
    await w.close();
    fs.closeSync(fd);
    assert.deepEqual(fs.readFileSync(file), Buffer.concat(expected), `seed ${seed}`);
  }
});
