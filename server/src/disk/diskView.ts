// A log indexed from disk, for files the editor does not hand to extensions (over 50 MB) and for
// compressed logs: one streaming pass builds what the Problems panel, the collate commands, the
// queue-ID quick pick and the explorer view need, without holding the text. Line offsets are kept
// so that a line can be read back from the file (compressed input is decompressed once into a
// temporary file for that). The same pass builds the log's stream index (engine/index/streamIndex.ts,
// as for an open document), which the requests about a queue ID (delivery paths) query: the lines
// it finds are read back from the file and parsed (recordQuery.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Collator } from '../engine/collate';
import type { Transaction } from '../engine/collateText';
import type { LogIndex } from '../engine/index/logIndex';
import { recordsAbout } from '../engine/index/recordQuery';
import { StreamIndex } from '../engine/index/streamIndex';
import { ProblemScan } from '../engine/index/problemScan';
import { AccountTally } from '../engine/accounts';
import type { AccountSummary, TransactionSummary } from '../../../common/protocol';
import { Float64Chunks } from './chunks';
import { InputOptions, logChunks, Progress } from './input';
import { TransactionStore } from './transactions';
import { removeTemporary, temporaryFile } from './temporary';
import { stripTerminator } from '../lsp/workspace';
import { isGzip, lineBlocks, LogChunk, LONG_LINE } from '../io/read';

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface BuildOptions extends InputOptions {
  /** Called now and then with the bytes of the file read so far. */
  progress?: (p: Progress) => void;
  isCancelled?: () => boolean;
}

/** Lines between two kept line offsets. */
const STRIDE = 32;

export class DiskView {
  readonly document: { readonly uri: string };
  readonly scan = new ProblemScan();
  readonly accounts = new AccountTally();
  /** The file offset of every STRIDE-th line (a line between two is found by reading from the one before). */
  private readonly marks = new Float64Chunks();
  private lines = 0;
  /** A buffer for finding lines between marks. */
  private readonly seek = Buffer.allocUnsafe(1 << 13);
  private _transactions: Transaction[] = [];
  private _summaries: TransactionSummary[] = [];
  private fd = -1;
  /** The stream index of the file's lines (no text): where each queue ID and Message-ID is. */
  readonly stream = new StreamIndex();
  bytes = 0;

  private constructor(
    uri: string,
    /** The file lines are read back from: the log itself, or its decompressed copy. */
    private readonly file: string,
    private readonly temporary: boolean,
  ) {
    this.document = { uri };
  }

  get lineCount(): number {
    return this.lines;
  }

  /** The transactions, in the order collate.pl prints them (a read-only array, items made when read). */
  get transactions(): Transaction[] {
    return this._transactions;
  }

  /** Their summaries, for the quick pick and the explorer view (read-only, items made when read). */
  get summaries(): TransactionSummary[] {
    return this._summaries;
  }

  /** Indexes `file` (plain, gzip, or a member of an archive) for `uri`; throws `Cancelled` or an `InputError`. */
  static async build(uri: string, file: string, options: BuildOptions = {}): Promise<DiskView> {
    const compressed = await isCompressed(file, options.member);
    // A compressed log is decompressed into a file of the server's own temporary folder (disk/temporary.ts).
    const copy = compressed ? temporaryFile(path.basename(options.member ?? file).replace(/\.(gz|tgz)$/i, '')) : file;
    const view = new DiskView(uri, copy, compressed);
    let out = -1;
    try {
      if (compressed) out = fs.openSync(copy, 'w');
      await view.read(file, options, out);
    } catch (e) {
      view.dispose();
      throw e;
    } finally {
      if (out >= 0) fs.closeSync(out);
    }
    return view;
  }

  private async read(file: string, options: BuildOptions, out: number): Promise<void> {
    const progress: Progress = { read: 0, total: 0 };
    const store = new TransactionStore();
    const c: Collator = new Collator((id, head, complete) => store.add(c, id, head, complete));
    let bytes = 0;
    let n = 0;
    let lastReport = 0;
    /** Lines [start, end) of `b`, the first at file offset `at`. */
    const block = (b: Buffer, start: number, end: number, at: number) => {
      c.setInput(b);
      this.stream.push(b, start, end, at);
      let s = start;
      while (s < end) {
        const nl = b.indexOf(10, s);
        const e = nl < 0 || nl >= end ? end : nl + 1;
        if (n % STRIDE === 0) this.marks.push(at + s - start);
        const te = e > s && b[e - 1] === 10 ? (e - 1 > s && b[e - 2] === 13 ? e - 2 : e - 1) : e;
        const line = b.toString('utf8', s, te);
        this.scan.push(line);
        this.accounts.push(line, n);
        c.push(s, e, n++);
        s = e;
      }
      c.retire();
    };
    const chunks = async function* (): AsyncGenerator<LogChunk> {
      for await (const chunk of logChunks(file, progress, options)) {
        if (options.isCancelled?.()) throw new Cancelled();
        if (out >= 0) fs.writeSync(out, chunk);
        bytes += chunk.length;
        yield { member: '', bytes: chunk };
        if (options.progress && progress.read - lastReport >= 1 << 20) {
          lastReport = progress.read;
          options.progress(progress);
          await new Promise((r) => setImmediate(r)); // let a cancellation in
        }
      }
    };
    // Whole lines; a line over LONG_LINE is indexed by its first bytes (io/read.ts), its offsets kept right.
    for await (const lb of lineBlocks(chunks())) block(lb.buf as Buffer, lb.start, lb.end, lb.offset);
    c.end();
    this.lines = n;
    this.bytes = bytes;
    this._transactions = store.list();
    this._summaries = store.summaryList();
    this.fd = fs.openSync(this.file, 'r');
    options.progress?.({ read: progress.total, total: progress.total });
  }

  /** The file offset where line `n` starts (the file size for `n` = lineCount). */
  private offset(n: number): number {
    if (n >= this.lines) return this.bytes;
    const k = Math.floor(n / STRIDE);
    let at = this.marks.get(k);
    let skip = n - k * STRIDE;
    const buf = this.seek;
    while (skip > 0) {
      const got = fs.readSync(this.fd, buf, 0, buf.length, at);
      if (got <= 0) return this.bytes;
      let i = 0;
      for (; skip > 0; skip--) {
        const nl = buf.indexOf(10, i);
        if (nl < 0 || nl >= got) break;
        i = nl + 1;
      }
      at += skip > 0 ? got : i;
    }
    return at;
  }

  /** Line `n` with its terminator, read back from disk. */
  rawLine(n: number): string {
    return this.rawLines(n, n + 1);
  }

  /** Line `n` without its terminator. */
  line(n: number): string {
    return stripTerminator(this.rawLine(n));
  }

  /** Lines [from, to) with their terminators. */
  rawLines(from: number, to: number): string {
    from = Math.max(0, from);
    to = Math.min(this.lineCount, to);
    if (to <= from || this.fd < 0) return '';
    const start = this.offset(from);
    const end = this.offset(to);
    if (end - start <= (to - from) * LONG_LINE) return this.readAt(start, end - start).toString('utf8');
    // A line over LONG_LINE among them: each line read by itself, a long one cut as the index cut it.
    let text = '';
    for (let k = from, a = start; k < to; k++) {
      const b = k + 1 === to ? end : this.offset(k + 1);
      const line = this.readAt(a, Math.min(b - a, LONG_LINE));
      if (line.length < b - a) line[line.length - 1] = 10;
      text += line.toString('utf8');
      a = b;
    }
    return text;
  }

  private readAt(at: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    fs.readSync(this.fd, buf, 0, length, at);
    return buf;
  }

  /** The records about line `n`: of the queue IDs it names and of the transactions they link to (their lines read back from the file). */
  indexAt(n: number): LogIndex {
    return recordsAbout(this.stream, (k) => this.line(k), n);
  }

  /** Accounts seen, most active first. */
  accountList(limit: number): AccountSummary[] {
    return this.accounts.list(limit);
  }

  /** The file the lines are read from (the decompressed copy for compressed logs). */
  get path(): string {
    return this.file;
  }

  dispose(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    if (this.temporary) removeTemporary(this.file);
  }
}

async function isCompressed(file: string, member?: string): Promise<boolean> {
  if (member !== undefined) return true;
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fd.read(head, 0, 2, 0);
    return isGzip(head.subarray(0, bytesRead));
  } finally {
    await fd.close();
  }
}
