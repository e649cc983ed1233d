// Text of a log file for the streaming investigations (account report, failed logins): plain or
// gzip (told by its magic bytes), decoded as UTF-8 in chunks of 64 KB. Small on purpose: V8 puts a
// string over about 128 KB in its large-object space, and decoding the same file in 4 MB chunks
// took 6 to 10 times as long here; a small chunk also bounds what a stray substring could hold.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 64 << 10;
/** Bytes read at once (decoded CHUNK by CHUNK); the next read runs while these are decoded. */
const READ = 1 << 20;

/** Feeds the file's text to `sink` in chunks of any cut (a line may span two). */
export async function readText(file: string, sink: (text: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  const feed = (b: Buffer) => {
    for (let i = 0; i < b.length; i += CHUNK) sink(decoder.write(b.subarray(i, Math.min(b.length, i + CHUNK))));
  };
  const fd = await fs.promises.open(file, 'r');
  let gzip = false;
  try {
    const bufs = [Buffer.allocUnsafe(READ), Buffer.allocUnsafe(READ)];
    let n = (await fd.read(bufs[0], 0, READ, 0)).bytesRead;
    gzip = n >= 2 && bufs[0][0] === 0x1f && bufs[0][1] === 0x8b;
    for (let pos = 0, cur = 0; !gzip && n > 0; cur ^= 1) {
      pos += n;
      const next = fd.read(bufs[cur ^ 1], 0, READ, pos);
      feed(bufs[cur].subarray(0, n));
      n = (await next).bytesRead;
    }
  } finally {
    await fd.close();
  }
  if (gzip) {
    const raw = fs.createReadStream(file, { highWaterMark: READ });
    const gunzip = raw.pipe(zlib.createGunzip({ chunkSize: READ }));
    raw.on('error', (e) => gunzip.destroy(e));
    for await (const c of gunzip) feed(c as Buffer);
  }
  sink(decoder.end());
}

/** What takes the text of a set of logs: an AccountReport, a SecurityScan. */
export interface TextSink {
  beginTimeline(reference: number | Date): void;
  beginFile(file: number): void;
  append(text: string): void;
  endFile(): void;
}

/**
 * Feeds timelines (each a log and its rotations, oldest first) to `sink`, each with the year of
 * its last line: `year`, else the newest modification time of its files (the tracer's rule).
 * `id` numbers a file for the sink's line references. Errors name the file.
 */
export async function feedTimelines(sink: TextSink, groups: readonly (readonly string[])[], id: (file: string) => number, year?: number): Promise<void> {
  for (const group of groups) {
    let newest = 0;
    for (const f of group) {
      try {
        newest = Math.max(newest, (await fs.promises.stat(f)).mtimeMs);
      } catch {
        throw new Error(`${f}: no such file`);
      }
    }
    sink.beginTimeline(year ?? new Date(newest));
    for (const f of group) {
      sink.beginFile(id(f));
      try {
        await readText(f, (t) => sink.append(t));
      } catch (e) {
        throw new Error(`${f}: ${(e as Error)?.message ?? e}`);
      }
      sink.endFile();
    }
  }
}
