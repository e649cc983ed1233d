// Collate File for a log indexed from disk: the file streamed through the Collator into a
// temporary file (the text may be far larger than a message or an editor buffer).
import * as fs from 'node:fs';
import { Collator } from '../engine/collate';
import { Cancelled } from './diskView';
import { logChunks } from './input';
import { removeTemporary, temporaryFile } from './temporary';
import { lineBlocks, LogChunk } from '../io/read';

export async function collateToFile(source: string, name: string, isCancelled: () => boolean): Promise<{ path: string; bytes: number }> {
  const out = temporaryFile(`${name} (collated)`);
  const fd = fs.openSync(out, 'w');
  let bytes = 0;
  const parts: Buffer[] = [];
  let pending = 0;
  const flush = () => {
    if (!pending) return;
    const b = Buffer.concat(parts, pending);
    fs.writeSync(fd, b);
    bytes += b.length;
    parts.length = 0;
    pending = 0;
  };
  const c: Collator = new Collator((_id, head) => {
    const L = c.lines;
    for (let r = head; r !== 0; r = L.next[r]) {
      const b = L.bytesOf(r);
      const piece = Buffer.from(b.buffer, b.byteOffset + L.start[r], L.end[r] - L.start[r]);
      parts.push(Buffer.from(piece)); // copied: the input buffer is reused
      pending += piece.length;
    }
    parts.push(Buffer.from('\n'));
    pending += 1;
    if (pending > 1 << 20) flush();
  });
  try {
    let n = 0;
    const chunks = async function* (): AsyncGenerator<LogChunk> {
      for await (const chunk of logChunks(source, { read: 0, total: 0 })) {
        if (isCancelled()) throw new Cancelled();
        yield { member: '', bytes: chunk };
      }
    };
    // Whole lines; a line over LONG_LINE cut (io/read.ts), as the index cut it.
    for await (const b of lineBlocks(chunks())) n = c.feed(b.buf, b.start, b.end, n);
    c.end();
    flush();
  } catch (e) {
    fs.closeSync(fd);
    removeTemporary(out);
    throw e;
  }
  fs.closeSync(fd);
  return { path: out, bytes };
}
