// Text of a log file for the streaming investigations (account report, failed logins), from the one
// reader (io/read.ts), decoded as UTF-8 in chunks of 64 KB. Small on purpose: V8 puts a
// string over about 128 KB in its large-object space, and decoding the same file in 4 MB chunks
// took 6 to 10 times as long here; a small chunk also bounds what a stray substring could hold.
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { readError } from '../io/errors';
import { lineBlocks, readLog } from '../io/read';

const CHUNK = 64 << 10;

/**
 * Feeds the file's text (plain, gzip or tar by content: io/read.ts) to `sink` in chunks of any cut
 * (a line may span two; an archive's members follow one another, each ending its last line).
 */
export async function readText(file: string, sink: (text: string) => void): Promise<void> {
  let decoder = new StringDecoder('utf8');
  let member: string | undefined;
  // Whole lines, a very long one cut (io/read.ts lineBlocks): a sink that joins a line's pieces never holds more than LONG_LINE.
  for await (const c of lineBlocks(readLog(file))) {
    if (member !== undefined && c.member !== member) {
      sink(decoder.end() + '\n');
      decoder = new StringDecoder('utf8');
    }
    member = c.member;
    const b = Buffer.from(c.buf.buffer, c.buf.byteOffset + c.start, c.end - c.start);
    for (let i = 0; i < b.length; i += CHUNK) sink(decoder.write(b.subarray(i, Math.min(b.length, i + CHUNK))));
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
      } catch (e) {
        throw readError(f, e);
      }
    }
    sink.beginTimeline(year ?? new Date(newest));
    for (const f of group) {
      sink.beginFile(id(f));
      await readText(f, (t) => sink.append(t));
      sink.endFile();
    }
  }
}
