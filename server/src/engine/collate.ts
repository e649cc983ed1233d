// collate.pl (Viktor Dukhovni's Postfix log collator) with exactly its semantics, on bytes:
// see ../shared/seed for the script. Lines are fed one at a time as byte ranges (terminator
// included) of the current input buffer, and finished transactions are handed to `emit` in the
// order collate.pl prints them. Perl's quirks are kept on purpose (smtpd/smtp state keyed by PID
// alone, a second transaction of a session starting with the whole session so far, pre-delivery
// smtp lines attached to the next `to=` of that PID), so that the output is byte-identical.
// One deliberate difference: a line may end in "\r\n" (a log saved on Windows), where Perl's `$`
// would see the CR as text; such a log collates as its LF twin, and its lines keep their CRs.
//
// The state is arrays indexed by interned ids (transaction keys, PIDs) holding linked lists of
// line records (see collateLines.ts): no per-line objects, strings or Map lookups.
import { Bytes, CLASS, WORD, hasBytes, isWord } from './bytes';
import { FNV_BASIS, FNV_PRIME, keyHash } from './byteKeys';
import { CollateHeader, collateHeader } from './collateHeader';
import { LineRecords } from './collateLines';
import { KeyTable, PidTable } from './keyTable';
import { collateMarkers } from './formats/markers';
import { markerBytes } from './formats/format';

/**
 * Receives a finished transaction: `id` (see `Collator.keyOf`), the first of its line records in
 * `Collator.lines` (follow `next` to 0), and false for the incomplete ones dumped at the end.
 * The records are freed when it returns.
 */
export type TransactionSink = (id: number, head: number, complete: boolean) => void;

/** The branches of collate.pl, chosen by the daemon name. */
const NONE = 0;
const SMTPD = 1;
const PICKUP = 2;
const CLEANUP = 3;
const QMGR = 4;
const SMTP = 5; // smtp and lmtp: pre-delivery lines are buffered per PID
const BOUNCE = 6;
const AGENT = 7; // the other delivery agents

// The words collate.pl looks for (formats/markers.ts), as bytes.
const { connectFrom, client: clientEq, disconnectFrom, uid: uidEq, removed: removedWord, notification: notificationColon } = markerBytes(collateMarkers);

/** Up to four bytes of an ASCII string as one little-endian integer, as `word` reads them from a line. */
function wordOf(s: string): number {
  let w = 0;
  for (let k = 0; k < s.length; k++) w |= s.charCodeAt(k) << (8 * k);
  return w;
}

/** Bytes [at, at + 4) of `b` as one integer (the caller knows they are there). */
function word(b: Bytes, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
}

// The daemon names, as their first four bytes and the rest, compared as integers: no loop and
// no call, which matters most before the JIT has compiled this.
const SMTP_ = wordOf('smtp');
const LMTP_ = wordOf('lmtp');
const QMGR_ = wordOf('qmgr');
const PIPE_ = wordOf('pipe');
const LOCA_ = wordOf('loca');
const ERRO_ = wordOf('erro');
const PICK_ = wordOf('pick');
const BOUN_ = wordOf('boun');
const CLEA_ = wordOf('clea');
const DISC_ = wordOf('disc');
const VIRT_ = wordOf('virt');
const _UP = wordOf('up');
const _CE = wordOf('ce');
const _NUP = wordOf('nup');
const _ARD = wordOf('ard');
const _UAL = wordOf('ual');

/** The daemon name bytes [s, e) as the branch of collate.pl that handles it. */
function commandOf(b: Bytes, s: number, e: number): number {
  const n = e - s;
  if (n < 4 || n > 7) return NONE;
  const w = word(b, s);
  switch (n) {
    case 4:
      return w === SMTP_ || w === LMTP_ ? SMTP : w === QMGR_ ? QMGR : w === PIPE_ ? AGENT : NONE;
    case 5: {
      const c = b[s + 4];
      if (c === 100 /* d */) return w === SMTP_ ? SMTPD : NONE;
      return (w === LOCA_ && c === 108) /* l */ || (w === ERRO_ && c === 114) /* r */ ? AGENT : NONE;
    }
    case 6: {
      const t = b[s + 4] | (b[s + 5] << 8);
      return w === PICK_ && t === _UP ? PICKUP : w === BOUN_ && t === _CE ? BOUNCE : NONE;
    }
    default: {
      const t = b[s + 4] | (b[s + 5] << 8) | (b[s + 6] << 16);
      if (w === CLEA_ && t === _NUP) return CLEANUP;
      return (w === DISC_ && t === _ARD) || (w === VIRT_ && t === _UAL) ? AGENT : NONE;
    }
  }
}

/** "to=" at `at`: the test most lines of delivery agents need, spelled out. */
function isTo(b: Bytes, at: number, end: number): boolean {
  return at + 3 <= end && b[at] === 116 && b[at + 1] === 111 && b[at + 2] === 61;
}

/** An Int32Array of `n` entries, all 0 (no list, no id: neither record 0 nor key 0 exists). */
function none(n: number): Int32Array<ArrayBuffer> {
  return new Int32Array(n);
}

function grownNone(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const g = none(n);
  g.set(a);
  return g;
}

export class Collator {
  /** The pending lines; a sink reads a transaction's lines from here. */
  readonly lines = new LineRecords();
  private readonly keys = new KeyTable();
  private readonly pids = new PidTable();
  // The arrays start small on purpose (so do LineRecords' and KeyTable's): they first grow within
  // the first lines, which run before the JIT compiles this code, so the compiled code has seen
  // growth and is not thrown away (deoptimized) the first time it happens.
  // Per transaction id: collate.pl's %transaction as a list (head 0: does not exist), %seqno (0: none).
  private tHead = none(16);
  private tTail = none(16);
  private seqno = new Float64Array(16);
  // Per PID id: %smtpd (its log: head 0 when the entry does not exist; its qid: 0 undefined) and %smtp.
  private logHead = none(16);
  private logTail = none(16);
  private logQid = none(16);
  private smtpHead = none(16);
  private smtpTail = none(16);
  private i = 0;
  private readonly h: CollateHeader = { instanceStart: 0, instanceEnd: 0, commandStart: 0, commandEnd: 0, pidStart: 0, pidEnd: 0, body: 0 };

  constructor(private readonly emit: TransactionSink) {}

  /** collate.pl's key, `instance/QUEUEID`, of a transaction id. */
  keyOf(id: number): string {
    return this.keys.key(id);
  }

  /** Lines are fed from `b` from now on; `retire()` the previous buffer first. */
  setInput(b: Bytes): void {
    this.lines.input = b;
  }

  /** Copies the lines still pending out of the input buffer, so the caller may reuse it. */
  retire(): void {
    this.lines.retire();
  }

  /**
   * Feeds every line of bytes [start, end) of `b` (a block of whole lines, but for a file's last
   * one), numbered from `firstLine`, then retires the block. Returns the next line number.
   */
  feed(b: Bytes, start: number, end: number, firstLine: number): number {
    this.setInput(b);
    let n = firstLine;
    for (let pos = start; pos < end; ) {
      const nl = b.indexOf(10, pos);
      const e = nl < 0 || nl >= end ? end : nl + 1;
      this.push(pos, e, n++);
      pos = e;
    }
    this.retire();
    return n;
  }

  /** The id of queue ID [qs, qe) in the current line's instance; `h` is its `keyHash`. */
  private key(b: Bytes, qs: number, qe: number, h: number): number {
    const id = this.keys.intern(b, this.h.instanceStart, this.h.instanceEnd, qs, qe, h);
    if (id >= this.tHead.length) {
      const n = this.tHead.length * 2;
      this.tHead = grownNone(this.tHead, n);
      this.tTail = grownNone(this.tTail, n);
      const seqno = new Float64Array(n);
      seqno.set(this.seqno);
      this.seqno = seqno;
    }
    return id;
  }

  private pid(b: Bytes): number {
    const id = this.pids.intern(b, this.h.pidStart, this.h.pidEnd);
    if (id >= this.logHead.length) {
      const n = this.logHead.length * 2;
      this.logHead = grownNone(this.logHead, n);
      this.logTail = grownNone(this.logTail, n);
      this.logQid = grownNone(this.logQid, n);
      this.smtpHead = grownNone(this.smtpHead, n);
      this.smtpTail = grownNone(this.smtpTail, n);
    }
    return id;
  }

  /** `$transaction{key} .= line` for record r (creating the transaction if need be). */
  private append(key: number, r: number): void {
    if (this.tHead[key] === 0) this.tHead[key] = r;
    else this.lines.next[this.tTail[key]] = r;
    this.tTail[key] = r;
  }

  /** `$transaction{key} = line`: the old list, if any, is dropped. */
  private replace(key: number, head: number, tail: number): void {
    if (this.tHead[key] !== 0) this.lines.freeList(this.tHead[key]);
    this.tHead[key] = head;
    this.tTail[key] = tail;
  }

  /** Feeds the line [start, end) of the input buffer, terminator included; `line` is its number. */
  push(start: number, end: number, line: number): void {
    const b = this.lines.input;
    const h = collateHeader(b, start, end, this.h);
    if (!h) return;
    const command = commandOf(b, h.commandStart, h.commandEnd);
    if (command === NONE) return;
    const lines = this.lines;
    const p = h.body;
    // (\w+): at the message start, as most branches need it; hashed as it is read (the key's hash).
    let w = p;
    let hq = FNV_BASIS;
    for (; w < end; w++) {
      const c = b[w];
      if ((CLASS[c] & WORD) === 0) break;
      hq = Math.imul(hq ^ c, FNV_PRIME);
    }
    const hasQid = w > p && b[w] === 58 && b[w + 1] === 32;
    const rest = w + 2; // after "QID: "

    switch (command) {
      case SMTPD: {
        const pid = this.pid(b);
        const r = lines.add(start, end, line);
        if (b[p] === 99 && hasBytes(b, p, end, connectFrom)) {
          // A new log; the session's qid, if any, stays (collate.pl only sets "log").
          if (this.logHead[pid] !== 0) lines.freeList(this.logHead[pid]);
          this.logHead[pid] = r;
          this.logTail[pid] = r;
          return;
        }
        if (this.logHead[pid] === 0) this.logHead[pid] = r;
        else lines.next[this.logTail[pid]] = r;
        this.logTail[pid] = r;
        if (hasQid && b[rest] === 99 && hasBytes(b, rest, end, clientEq)) {
          const key = this.key(b, p, w, hq);
          this.logQid[pid] = key;
          const head = lines.duplicateList(this.logHead[pid]);
          this.replace(key, head, lines.lastCopied);
          this.seqno[key] = ++this.i;
          return;
        }
        const qid = this.logQid[pid];
        if (qid !== 0 && this.tHead[qid] !== 0) this.append(qid, lines.duplicate(r));
        if (b[p] === 100 && hasBytes(b, p, end, disconnectFrom)) {
          lines.freeList(this.logHead[pid]);
          this.logHead[pid] = 0;
          this.logQid[pid] = 0;
        }
        return;
      }
      case PICKUP:
        if (hasQid) this.pickup(b, start, end, line, p, w, hq);
        return;
      case CLEANUP: {
        if (!hasQid) return;
        const key = this.key(b, p, w, hq);
        this.append(key, lines.add(start, end, line));
        if (!this.seqno[key]) this.seqno[key] = ++this.i;
        return;
      }
      case QMGR: {
        if (!hasQid) return;
        const key = this.key(b, p, w, hq);
        if (this.tHead[key] === 0) return;
        this.append(key, lines.add(start, end, line));
        // removed$ : "removed" at the end of the line, before its final "\n" or "\r\n".
        if (b[rest] === 114 && hasBytes(b, rest, end, removedWord) && contentEnd(b, rest + 7, end) === rest + 7) {
          const head = this.tHead[key];
          this.tHead[key] = 0;
          this.emit(key, head, true);
          lines.freeList(head);
        }
        return;
      }
      case SMTP: {
        // $smtp{$pid} .= $_; on "QID: to=" it goes to that transaction (or nowhere) and is deleted.
        const pid = this.pid(b);
        const r = lines.add(start, end, line);
        const head = this.smtpHead[pid];
        if (head === 0) this.smtpHead[pid] = r;
        else lines.next[this.smtpTail[pid]] = r;
        this.smtpTail[pid] = r;
        if (hasQid && isTo(b, rest, end)) {
          const key = this.key(b, p, w, hq);
          const first = this.smtpHead[pid];
          if (this.tHead[key] !== 0) {
            lines.next[this.tTail[key]] = first;
            this.tTail[key] = r;
          } else {
            lines.freeList(first);
          }
          this.smtpHead[pid] = 0;
        }
        return;
      }
      case BOUNCE:
        if (hasQid) this.bounce(b, start, end, line, p, w, hq);
        return;
      case AGENT:
        if (hasQid && isTo(b, rest, end)) this.agent(start, end, line, p, w, hq);
        return;
    }
  }

  // The rarer branches, as methods of their own: the JIT compiles `push`, which runs for every
  // line, sooner without them. Each gets the line [start, end) of `b`, its number, and its queue
  // ID [p, q) with the ID's hash.

  /** pickup "QID: uid=": a new transaction. */
  private pickup(b: Bytes, start: number, end: number, line: number, p: number, q: number, hq: number): void {
    if (!hasBytes(b, q + 2, end, uidEq)) return;
    const key = this.key(b, p, q, hq);
    const r = this.lines.add(start, end, line);
    this.replace(key, r, r);
    this.seqno[key] = ++this.i;
  }

  /** bounce "QID: ... notification: NEWID": the line joins QID's transaction and starts NEWID's. */
  private bounce(b: Bytes, start: number, end: number, line: number, p: number, q: number, hq: number): void {
    const n = notificationId(b, q + 2, end);
    if (n < 0) return;
    const lines = this.lines;
    const key = this.key(b, p, q, hq);
    if (this.tHead[key] !== 0) this.append(key, lines.add(start, end, line));
    // $transaction{$newid} = $_ . $transaction{$newid}
    const ne = contentEnd(b, q + 2, end);
    const newKey = this.key(b, n, ne, keyHash(b, 0, 0, n, ne));
    const r = lines.add(start, end, line);
    if (this.tHead[newKey] === 0) this.tTail[newKey] = r;
    else lines.next[r] = this.tHead[newKey];
    this.tHead[newKey] = r;
    if (!this.seqno[newKey]) this.seqno[newKey] = ++this.i;
  }

  /** The other delivery agents' "QID: to=" lines: they join their transaction, if it exists. */
  private agent(start: number, end: number, line: number, p: number, q: number, hq: number): void {
    const key = this.key(this.lines.input, p, q, hq);
    if (this.tHead[key] !== 0) this.append(key, this.lines.add(start, end, line));
  }

  /**
   * The ids of the transactions still open, in first-seen order. A loop over every key, in a
   * function of its own: the JIT compiles it while it runs (on-stack replacement), and that
   * compilation should cover this loop only, not all of `end`.
   */
  private incomplete(): number[] {
    const ids: number[] = [];
    const { tHead, seqno } = this;
    const n = this.keys.size;
    for (let id = 1; id <= n; id++) if (tHead[id] !== 0) ids.push(id);
    return ids.sort((a, b) => seqno[a] - seqno[b]);
  }

  /** Hands over the incomplete transactions, in the order they were first seen. */
  end(): void {
    for (const id of this.incomplete()) {
      const head = this.tHead[id];
      this.tHead[id] = 0;
      this.emit(id, head, false);
      this.lines.freeList(head);
    }
    for (let pid = 0; pid < this.logHead.length; pid++) {
      if (this.logHead[pid] !== 0) this.lines.freeList(this.logHead[pid]);
      if (this.smtpHead[pid] !== 0) this.lines.freeList(this.smtpHead[pid]);
    }
    this.logHead.fill(0);
    this.logQid.fill(0);
    this.smtpHead.fill(0);
  }
}

/**
 * Where the line [from, end) ends without its terminator: "\n" or "\r\n" (a log saved with CRLF
 * line ends collates as its LF twin does, where collate.pl's `$` would see the CR as text).
 */
export function contentEnd(b: Bytes, from: number, end: number): number {
  let e = end;
  if (e > from && b[e - 1] === 10) {
    e--;
    if (e > from && b[e - 1] === 13) e--;
  }
  return e;
}

/**
 * collate.pl's `.*? notification: (\w+)$` after "QID: ": the new queue ID at the end of the
 * line (before an optional final "\n" or "\r\n"), right after " notification: ". Returns its start, or -1.
 */
export function notificationId(b: Bytes, from: number, end: number): number {
  const e = contentEnd(b, from, end);
  let s = e;
  while (s > from && isWord(b[s - 1])) s--;
  if (s === e) return -1;
  const m = s - 15; // " notification: ".length
  if (m < from || !hasBytes(b, m, s, notificationColon)) return -1;
  return s;
}
