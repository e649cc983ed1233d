// The account report of a timeline made in another thread from the same lines: the thread that
// parses them (TimelineScan, through MailSummary's events) records, for each line that its parse
// points at, what it told the report (`queueLine`, `authLine`), as numbers (AccountEventLog); the
// other thread reads the same lines and replays those calls onto its AccountLines at the same
// lines, in the same order (AccountEventReplay). The report then sees exactly what it would see in
// the parsing thread, which does none of its work. Pure: the caller carries the batches across.
import { latin1 } from '../bytes';
import { postfixMarkers } from '../formats/markers';
import { ascii, equals, pattern, search } from '../summary/scan';
import { AccountLines } from './accountBytes';
import { FindBytes, isLog4jHeadAt } from './hitLines';
import { QueueMap } from './queueMap';

const SASL_USERNAME = pattern(postfixMarkers.saslUsername.text);
/** qmgr's last line of a transaction, after `QUEUEID: `. */
const REMOVED = ascii(postfixMarkers.removed.text);

/** The calls TimelineScan makes on its account report (AccountLines, or a log of them). */
export interface AccountFeed {
  beginTimeline(reference: number | Date): void;
  beginFile(file: number): void;
  resume(timeline: number, file: number): void;
  beginBlock(b: Uint8Array, start: number, end: number): void;
  line(b: Uint8Array, s: number, e: number, n: number): void;
  queueLine(b: Uint8Array, m: number, q: number, r: number): void;
  authLine(): void;
  endBlock(): void;
}

/** A batch of calls: per call its line, then m, q, r from the line's start (queueLine) or AUTH (authLine). */
const AUTH = -1;
const WIDTH = 4;

/** What the log hands on, in order. */
export type AccountEvent =
  | { kind: 'timeline'; reference: number | Date }
  | { kind: 'file'; file: number }
  /** The calls made at lines of the current file, and how many of its lines were read (`lines`). */
  | { kind: 'calls'; calls: Int32Array; lines: number };

/**
 * The parsing thread's side: the calls as numbers, handed on a block at a time through `post` (a
 * copy of a few KB: moving the buffer itself across cost more, measured).
 *
 * Only the calls that may matter are kept (AccountLines.queueLine decides on the other side, as
 * it would here): an SMTP AUTH login (`client=` ... `sasl_username=`), `message-id=` once a log4j
 * line was read (a webmail send, which it may name, is one), failed logins, and the lines of the
 * queue IDs of those two kinds until their `removed`: a superset of the transactions the report
 * follows.
 */
export class AccountEventLog implements AccountFeed {
  private calls: Int32Array = new Int32Array(1 << 16);
  private count = 0;
  private s = 0;
  private z = 0;
  private n = -1;
  private readonly open = new QueueMap<true>();
  private log4j = false;

  constructor(private readonly post: (event: AccountEvent) => void) {}

  beginTimeline(reference: number | Date): void {
    this.post({ kind: 'timeline', reference });
  }

  beginFile(file: number): void {
    this.n = -1;
    this.post({ kind: 'file', file });
  }

  resume(): void {
    throw new Error('a timeline whose account report is made elsewhere does not grow');
  }

  beginBlock(): void {}

  line(b: Uint8Array, s: number, e: number, n: number): void {
    let z = e > s && b[e - 1] === 10 ? e - 1 : e;
    if (z > s && b[z - 1] === 13) z--;
    this.s = s;
    this.z = z;
    this.n = n;
    if (!this.log4j && isLog4jHeadAt(b, s, z)) this.log4j = true;
  }

  queueLine(b: Uint8Array, m: number, q: number, r: number): void {
    const c = b[r];
    if (c === 99 /* c */ ? search(b, SASL_USERNAME, r, this.z) >= 0 : c === 109 /* m */ && this.log4j) this.open.set(latin1(b, m, q), true);
    else if (!((c === 116 /* t */ || c === 114) /* r */ && this.open.mayHave(b, m, q))) return;
    else {
      const qid = latin1(b, m, q);
      if (!this.open.has(qid)) return;
      if (this.z - r === REMOVED.length && equals(b, r, this.z, REMOVED)) this.open.delete(qid);
    }
    this.add(m - this.s, q - this.s, r - this.s);
  }

  authLine(): void {
    this.add(AUTH, 0, 0);
  }

  endBlock(): void {
    this.post({ kind: 'calls', calls: this.calls.slice(0, this.count * WIDTH), lines: this.n + 1 });
    this.count = 0;
  }

  private add(m: number, q: number, r: number): void {
    if ((this.count + 1) * WIDTH > this.calls.length) {
      const grown = new Int32Array(this.calls.length * 2);
      grown.set(this.calls);
      this.calls = grown;
    }
    const c = this.calls;
    const k = this.count++ * WIDTH;
    c[k] = this.n;
    c[k + 1] = m;
    c[k + 2] = q;
    c[k + 3] = r;
  }
}

/**
 * The other thread's side: AccountLines fed the lines of each file (read there too) and the
 * calls the log recorded at them. A line is fed once the calls up to it are here (`ready`).
 */
export class AccountEventReplay {
  readonly accounts: AccountLines;
  /** The calls of the current file not replayed yet, batch by batch, and the next one's index. */
  private batches: Int32Array[] = [];
  private next = 0;
  /** Lines of the current file whose calls are all here. */
  private known = 0;
  private n = -1;

  constructor(find?: FindBytes) {
    this.accounts = new AccountLines(find);
  }

  /** Takes an event of the log; the file events are the caller's to act on too (it reads that file). */
  take(event: AccountEvent): void {
    if (event.kind === 'timeline') this.accounts.beginTimeline(event.reference);
    else if (event.kind === 'file') {
      this.accounts.beginFile(event.file);
      this.batches = [];
      this.next = 0;
      this.known = 0;
      this.n = -1;
    } else {
      if (event.calls.length) this.batches.push(event.calls);
      this.known = event.lines;
    }
  }

  /** Whether the line after the last fed has its calls here. */
  get ready(): boolean {
    return this.n + 1 < this.known;
  }

  /** How many lines of the current file were fed. */
  get lines(): number {
    return this.n + 1;
  }

  /** Feeds lines of b[start, end) while their calls are here; returns where it stopped (`end` when done). */
  pushLines(b: Uint8Array, start: number, end: number): number {
    const accounts = this.accounts;
    accounts.beginBlock(b, start, end);
    let s = start;
    while (s < end && this.n + 1 < this.known) {
      const nl = b.indexOf(10, s);
      const e = nl < 0 || nl >= end ? end : nl + 1;
      const n = ++this.n;
      accounts.line(b, s, e, n);
      this.replay(b, s, n);
      s = e;
    }
    accounts.endBlock();
    return s;
  }

  /** The calls recorded at line `n`, which starts at `s`. */
  private replay(b: Uint8Array, s: number, n: number): void {
    while (this.batches.length) {
      const c = this.batches[0];
      const k = this.next;
      if (c[k] !== n) return;
      if (c[k + 1] === AUTH) this.accounts.authLine();
      else this.accounts.queueLine(b, s + c[k + 1], s + c[k + 2], s + c[k + 3]);
      this.next += WIDTH;
      if (this.next === c.length) {
        this.batches.shift();
        this.next = 0;
      }
    }
  }
}
