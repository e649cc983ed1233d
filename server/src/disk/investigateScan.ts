// The investigations over files, for the CLI and the language server alike: each file read once
// as blocks of bytes (plain straight from the file; gzip, archives and standard input as a
// stream: io/blocks.ts areaBlocks), every line counted and shown to the year model, and only the
// lines the byte prefilter picks (engine/investigate/hitLines.ts) decoded and handed to the engine
// (ActivitySearch, SecurityScan, RestartLines). Memory: the two block buffers, and what each
// engine keeps of the lines it was given.
import * as fs from 'node:fs';
import { ActivityEntry, ActivityQuery, ActivitySearch } from '../engine/investigate/activity';
import { caselessNeedles, eachLine, FindBytes, HitLines, isLog4jHeadAt, nextLine, startsEntryAt } from '../engine/investigate/hitLines';
import { RestartLines, RestartReport } from '../engine/investigate/restarts';
import { SecurityScan } from '../engine/investigate/security';
import { LineScan, QueueIds, transactionLines } from '../engine/investigate/lineScan';
import { lineTime } from '../engine/time/lineTime';
import { areaBlocks } from '../io/blocks';
import { byteSteps, inTurns, step } from '../io/pace';

/** The block buffers: two halves of 4 MB (see areaBlocks). */
const AREA = 8 << 20;
/** Continuation lines a hit's entry is read back or forward over (ActivitySearch keeps 200). */
const MAX_CONTINUATION = 201;

/** FindBytes by Node's Buffer.indexOf (a block that is a plain Uint8Array is viewed as a Buffer). */
export const find: FindBytes = (b, needle, from) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)).indexOf(needle, from);
const utf8 = new TextDecoder();
/**
 * Bytes [s, e) of a block as text, as TextDecoder makes it (U+FFFD for each bad sequence, a byte
 * order mark dropped): by Buffer's own decoder when no mark starts them, which makes no view first.
 */
export const decode = (b: Uint8Array, s: number, e: number): string => (Buffer.isBuffer(b) && !(b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) ? b.toString('utf8', s, e) : utf8.decode(b.subarray(s, e)));
const bytesOf = (s: string) => Buffer.from(s, 'utf8');
const asBuffer = (b: Uint8Array<ArrayBufferLike>) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export interface ScanOptions {
  /** The year of each timeline's last syslog line (--year); else from its newest file's modification time. */
  year?: number;
  isCancelled?: () => boolean;
  /** Something a reader noticed but read through (a `.gz` name on plain text). */
  notice?: (message: string) => void;
}

/**
 * The blocks of whole lines of one file (or "-"), the first line of each numbered, handed over in
 * steps (io/pace.ts: the event loop turns between two); `from`: where the step's block starts
 * (its bytes before the step are still there). `block` returns the line count after its lines.
 * The rest of the file is left unread once `enough` holds.
 */
async function eachBlock(file: string, area: Buffer, o: ScanOptions, block: (b: Buffer, start: number, end: number, n: number, from: number) => number, enough?: () => boolean): Promise<void> {
  let n = 0;
  for await (const k of areaBlocks(file, { buf: area, start: 0, size: area.length }, o)) {
    for (const [s, e] of byteSteps(k.buf, k.start, k.end)) {
      await step(e - s);
      n = block(k.buf, s, e, n, k.start);
      if (enough?.()) return;
    }
  }
}

/** The year reference of a timeline: --year, else the newest modification time of its files (now for standard input). */
async function reference(group: readonly string[], year?: number): Promise<number | Date> {
  if (year !== undefined) return year;
  let newest = 0;
  for (const f of group) if (f !== '-') newest = Math.max(newest, (await fs.promises.stat(f).catch(() => ({ mtimeMs: 0 }))).mtimeMs);
  return newest ? new Date(newest) : new Date();
}

function checkCancelled(o: ScanOptions): void {
  if (o.isCancelled?.()) throw new Error('cancelled');
}

/**
 * Every entry about `query` in `groups` (timelines, each oldest first), in time order; with
 * `transactions`, also every line of the Postfix transactions those entries belong to (pass 2
 * over the files that named a queue ID); with `log4jOnly`, only log4j entries (mailbox.log,
 * audit.log, sync.log). Entries name files by their place in `groups.flat()`. At most `limit`
 * entries are kept (ActivitySearch's 200,000 by default), the first found; `truncated` says that one was left out.
 */
export async function activityScan(groups: readonly (readonly string[])[], query: ActivityQuery, o: ScanOptions & { transactions?: boolean; log4jOnly?: boolean; limit?: number } = {}): Promise<{ entries: ActivityEntry[]; truncated: boolean; files: string[] }> {
  const search = new ActivitySearch(query, o.limit);
  const hits = new HitLines(caselessNeedles(search.needle).map(bytesOf), find, true);
  // Both passes read into the memory of their loops in WebAssembly when this runtime runs it.
  const scan = LineScan.make(AREA);
  const area = scan ? asBuffer(scan.area()) : Buffer.allocUnsafe(AREA);
  const files = groups.flat();
  for (const group of groups) {
    search.beginTimeline(await reference(group, o.year));
    for (const f of group) {
      checkCancelled(o);
      search.beginFile();
      hits.beginFile();
      let open = false; // the last segment ended at its step's end: its entry may go on
      let done = 0; // bytes of the block before it were handed on in a segment
      await eachBlock(f, area, o, (b, start, end, n0, from) => {
        if (start === from) done = start;
        if (open) {
          open = false;
          let z = start;
          for (let k = 0; k < MAX_CONTINUATION && z < end && !startsEntryAt(b, z, end); k++) z = nextLine(b, z, end);
          if (z > start) search.segment(decode(b, start, z) + (b[z - 1] === 10 ? '' : '\n'), n0, true);
          done = z;
          open = z === end; // a step can end inside the continuation too: it goes on in the next one
        }
        return hits.block(b, start, end, n0, search.clock, (s, _e, n) => {
          if (s < done) return;
          // A syslog line, when only log4j entries are asked for (mailbox changes).
          if (o.log4jOnly && !isLog4jHeadAt(b, s, end) && startsEntryAt(b, s, end)) return;
          // The hit's entry: back to its log4j header, on to the next entry.
          let a = s;
          let an = n;
          if (!startsEntryAt(b, s, end)) {
            for (let p = s, no = n, k = 0; k < MAX_CONTINUATION && p > done; k++) {
              const nl = p - 2 < done ? -1 : b.lastIndexOf(10, p - 2);
              p = nl < done ? done : nl + 1;
              no--;
              if (isLog4jHeadAt(b, p, end)) {
                [a, an] = [p, no];
                break;
              }
            }
          }
          let z = nextLine(b, s, end);
          for (let k = 0; k < MAX_CONTINUATION && z < end && !startsEntryAt(b, z, end); k++) z = nextLine(b, z, end);
          done = z;
          open = z === end;
          search.segment(decode(b, a, z) + (b[z - 1] === 10 ? '' : '\n'), an);
        }, scan?.walk);
      });
    }
  }
  if (o.transactions !== false) {
    for (const id of search.needsSecondPass()) {
      checkCancelled(o);
      await secondPass(search, id, files[id], area, scan, o);
    }
  }
  return { entries: await inTurns(search.resultSteps()), truncated: search.truncated, files };
}

/**
 * Pass 2 over one file: the lines of the queue IDs that pass 1 found. Each syslog line's queue ID
 * (after the first `: ` past the timestamp) is hashed and looked up (engine/investigate/lineScan.ts:
 * in WebAssembly when `scan` is given, `area` its memory); only the lines found are decoded.
 */
async function secondPass(search: ActivitySearch, id: number, file: string, area: Buffer, scan: LineScan | undefined, o: ScanOptions): Promise<void> {
  // Once an entry was dropped (as many were found as are kept), the rest of the files is not read.
  // Not as soon as the search is full: whether an entry was left out is known only once one is.
  if (search.truncated) return;
  const wanted = scan ? scan.wanted() : new QueueIds();
  for (const h of search.queueHashesOf(id)) wanted.add(h);
  const dropped = () => search.truncated;
  const take = (b: Buffer) => (s: number, e: number, k: number) => search.has(id, k) || search.secondLine(id, decode(b, s, e), k, true);
  return eachBlock(file, area, o, (b, start, end, n) => (scan ? scan.lines(b, start, end, n, take(b)) : transactionLines(b, start, end, n, wanted, take(b))), dropped);
}

/** The login attempts of `groups` (audit.log, mailbox.log, the MTA's SMTP AUTH lines): the lines that hold one of SecurityScan.lineMarkers. */
export async function loginScan(groups: readonly (readonly string[])[], o: ScanOptions = {}): Promise<SecurityScan> {
  const scan = new SecurityScan();
  const hits = new HitLines(SecurityScan.lineMarkers.map(bytesOf), find);
  const lines = LineScan.make(AREA);
  const area = lines ? asBuffer(lines.area()) : Buffer.allocUnsafe(AREA);
  let file = 0;
  for (const group of groups) {
    scan.beginTimeline(await reference(group, o.year));
    for (const f of group) {
      checkCancelled(o);
      scan.beginFile(file++);
      hits.beginFile();
      await eachBlock(f, area, o, (b, start, end, n0) => hits.block(b, start, end, n0, scan.clock, (s, e, n) => scan.hit(decode(b, s, e), n), lines?.walk));
    }
  }
  return scan;
}

/**
 * The restarts of each timeline of mailbox.log files in `groups` (files numbered by their place
 * in `groups.flat()`), with up to `keep` ERROR/FATAL entries before each, in time order.
 */
export async function restartScan(groups: readonly (readonly string[])[], keep = 5, o: ScanOptions = {}): Promise<RestartReport[]> {
  const area = Buffer.allocUnsafe(AREA);
  const reports: RestartReport[] = [];
  let file = 0;
  for (const group of groups) {
    const scan = new RestartLines(decode, keep);
    for (const f of group) {
      checkCancelled(o);
      scan.beginFile(file++);
      await eachBlock(f, area, o, (b, start, end, n) => eachLine(b, start, end, n, undefined, (s, e, k) => scan.line(b, s, e, k)));
    }
    reports.push(...scan.finish());
  }
  const time = (r: RestartReport) => lineTime((r.stop ?? r.start)?.text ?? '', 1970);
  return reports.sort((a, b) => time(a) - time(b));
}
