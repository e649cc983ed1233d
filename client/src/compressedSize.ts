// The size of a compressed log without decompressing it into memory (no vscode here: unit-tested).
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { isTarName, TarStream } from '../../common/tar';
import type { CompressedQuery } from '../../common/compressedUri';
export type { CompressedQuery };

/**
 * The decompressed size of a compressed log, found without holding it: a .gz's own record of it
 * (the last four bytes: its size modulo 4 GiB, exact for one-member files under 4 GiB, which
 * logrotate writes), or an archive member's header, read as the archive streams by.
 */
export async function decompressedSize(q: CompressedQuery): Promise<number> {
  const fd = await fs.promises.open(q.archive, 'r');
  try {
    const st = await fd.stat();
    const head = Buffer.alloc(2);
    await fd.read(head, 0, 2, 0);
    const gz = head[0] === 0x1f && head[1] === 0x8b;
    if (q.member === undefined && !isTarName(q.archive)) {
      if (!gz) return st.size;
      const tail = Buffer.alloc(4);
      await fd.read(tail, 0, 4, st.size - 4);
      return tail.readUInt32LE(0);
    }
    let size = -1;
    const tar = new TarStream(
      (e) => {
        if (e.name === q.member) size = e.size;
        return false;
      },
      () => undefined,
    );
    const raw = fd.createReadStream({ start: 0, autoClose: false, highWaterMark: 1 << 20 });
    const stream: AsyncIterable<Buffer> = gz ? raw.pipe(zlib.createGunzip()) : raw;
    for await (const c of stream) {
      tar.push(c);
      if (size >= 0) break;
    }
    raw.destroy();
    if (size < 0) throw new Error(`no member ${q.member} in the archive`);
    return size;
  } finally {
    await fd.close();
  }
}

