// A log indexed from disk, for files the editor does not hand to extensions (over 50 MB) and for
// compressed logs: one streaming pass builds what the Problems panel, the collate commands, the
// queue-ID quick pick and the explorer view need, without holding the text. Line offsets are kept
// so that a line can be read back from the file (compressed input is decompressed once into a
// temporary file for that). The full LogIndex (hovers, paths) is built on demand by a second pass.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Collator } from '../engine/collate';
import type { Transaction } from '../engine/collateText';
import { LogIndex } from '../engine/index/logIndex';
import { ProblemScan } from '../engine/index/problemScan';
import { summarizeLines } from '../engine/transactionSummary';
import { AccountTally } from '../engine/accounts';
import type { AccountSummary, TransactionSummary } from '../protocol';
import { InputOptions, logChunks, Progress } from './input';

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

const decoder = new TextDecoder();

/** Growable Float64Array of line start offsets (one more entry than lines: the end). */
class Offsets {
  a = new Float64Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const g = new Float64Array(this.a.length * 2);
      g.set(this.a);
      this.a = g;
    }
    this.a[this.n++] = v;
  }
}

export class DiskView {
  readonly document: { readonly uri: string };
  readonly scan = new ProblemScan();
  readonly transactions: Transaction[] = [];
  readonly summaries: TransactionSummary[] = [];
  readonly accounts = new AccountTally();
  private offsets = new Offsets();
  private fd = -1;
  private _index?: LogIndex;
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
    return Math.max(0, this.offsets.n - 1);
  }

  /** Indexes `file` (plain, gzip, or a member of an archive) for `uri`; throws `Cancelled` or an `InputError`. */
  static async build(uri: string, file: string, options: BuildOptions = {}): Promise<DiskView> {
    const compressed = await isCompressed(file, options.member);
    const copy = compressed ? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zimbra-logs-')), path.basename(options.member ?? file).replace(/\.(gz|tgz)$/i, '')) : file;
    const view = new DiskView(uri, copy, compressed);
    const out = compressed ? fs.openSync(copy, 'w') : -1;
    try {
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
    const c: Collator = new Collator((id, head, complete) => this.transaction(c, id, head, complete));
    let carry: Buffer | undefined;
    let pos = 0; // file offset of the next block
    let n = 0;
    let lastReport = 0;
    const block = (b: Buffer) => {
      c.setInput(b);
      let s = 0;
      while (s < b.length) {
        const nl = b.indexOf(10, s);
        const e = nl < 0 ? b.length : nl + 1;
        this.offsets.push(pos + s);
        const te = e > s && b[e - 1] === 10 ? (e - 1 > s && b[e - 2] === 13 ? e - 2 : e - 1) : e;
        const line = b.toString('utf8', s, te);
        this.scan.push(line);
        this.accounts.push(line, n);
        c.push(s, e, n++);
        s = e;
      }
      c.retire();
      pos += b.length;
    };
    for await (const chunk of logChunks(file, progress, options)) {
      if (options.isCancelled?.()) throw new Cancelled();
      if (out >= 0) fs.writeSync(out, chunk);
      const last = chunk.lastIndexOf(10);
      if (last < 0) {
        carry = carry ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
        continue;
      }
      const whole = carry ? Buffer.concat([carry, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
      carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : undefined;
      block(whole);
      if (options.progress && progress.read - lastReport >= 1 << 20) {
        lastReport = progress.read;
        options.progress(progress);
        await new Promise((r) => setImmediate(r)); // let a cancellation in
      }
    }
    if (carry) block(carry);
    c.end();
    this.offsets.push(pos);
    this.bytes = pos;
    this.fd = fs.openSync(this.file, 'r');
    options.progress?.({ read: progress.total, total: progress.total });
  }

  private transaction(c: Collator, id: number, head: number, complete: boolean): void {
    const key = c.keyOf(id);
    const slash = key.indexOf('/');
    const lines: number[] = [];
    const text: string[] = [];
    const L = c.lines;
    for (let r = head; r !== 0; r = L.next[r]) {
      lines.push(L.line[r]);
      const b = L.bytesOf(r);
      text.push(decoder.decode(b.subarray(L.start[r], L.end[r])));
    }
    const t: Transaction = { key, instance: key.slice(0, slash), queueId: key.slice(slash + 1), lines, complete };
    this.transactions.push(t);
    this.summaries.push({ key, queueId: t.queueId, instance: t.instance, line: Math.min(...lines), complete, ...summarizeLines(text) });
  }

  /** Line `n` with its terminator, read back from disk. */
  rawLine(n: number): string {
    if (n < 0 || n >= this.lineCount || this.fd < 0) return '';
    const start = this.offsets.a[n];
    const len = this.offsets.a[n + 1] - start;
    const buf = Buffer.allocUnsafe(len);
    fs.readSync(this.fd, buf, 0, len, start);
    return buf.toString('utf8');
  }

  /** Line `n` without its terminator. */
  line(n: number): string {
    const l = this.rawLine(n);
    return l.endsWith('\r\n') ? l.slice(0, -2) : l.endsWith('\n') ? l.slice(0, -1) : l;
  }

  /** Lines [from, to) with their terminators. */
  rawLines(from: number, to: number): string {
    from = Math.max(0, from);
    to = Math.min(this.lineCount, to);
    if (to <= from || this.fd < 0) return '';
    const start = this.offsets.a[from];
    const buf = Buffer.allocUnsafe(this.offsets.a[to] - start);
    fs.readSync(this.fd, buf, 0, buf.length, start);
    return buf.toString('utf8');
  }

  /** The full index (hovers, delivery paths): a second pass over the file, on first use. */
  get index(): LogIndex {
    if (!this._index) {
      const index = new LogIndex();
      const size = 4 << 20;
      for (let from = 0; from < this.lineCount; ) {
        let to = from + 1;
        while (to < this.lineCount && this.offsets.a[to + 1] - this.offsets.a[from] <= size) to++;
        index.appendText(this.rawLines(from, to));
        from = to;
      }
      this._index = index;
    }
    return this._index;
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
    if (this.temporary) fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
  }
}

async function isCompressed(file: string, member?: string): Promise<boolean> {
  if (member !== undefined) return true;
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await fd.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fd.close();
  }
}
