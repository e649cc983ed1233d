// collate.pl (Viktor Dukhovni's Postfix log collator) with exactly its semantics, on bytes:
// see ../shared/seed for the script. Lines are fed one at a time as byte ranges (terminator
// included) and finished transactions are handed to `emit` in the order collate.pl prints them.
// Perl's quirks are kept on purpose (smtpd/smtp state keyed by PID alone, a second transaction
// of a session starting with the whole session so far, pre-delivery smtp lines attached to the
// next `to=` of that PID), so that the output is byte-identical.
//
// Lines are kept by reference (Seg) into the caller's buffers, not copied: a streaming caller
// calls `retire(buffer)` before reusing or dropping a buffer, and the lines still pending are
// copied out of it then. Memory stays bounded by what collate.pl itself holds.
import { Bytes, isWord, latin1, skipWord, startsWithAscii } from './bytes';
import { CollateHeader, collateHeader } from './collateHeader';
import { KeyTable } from './keyTable';

/** One line: bytes [start, end) of `buf`, terminator included, and its number in feed order. */
export interface Seg {
  buf: Bytes;
  start: number;
  end: number;
  line: number;
}

export interface CollatedTransaction {
  /** The transaction's id; `Collator.keyOf(id)` is collate.pl's key, `instance/QUEUEID`. */
  id: number;
  /** The lines, in the order collate.pl prints them (it prints an empty line after them). */
  segs: Seg[];
  /** False for transactions dumped at the end, never `removed` from the queue. */
  complete: boolean;
}

type Command = 'smtpd' | 'pickup' | 'cleanup' | 'qmgr' | 'smtp' | 'bounce' | 'agent' | undefined;

/** The daemon name bytes [s, e) as the branch of collate.pl that handles it. */
function commandOf(b: Bytes, s: number, e: number): Command {
  switch (e - s) {
    case 4:
      if (startsWithAscii(b, s, e, 'smtp') || startsWithAscii(b, s, e, 'lmtp')) return 'smtp';
      if (startsWithAscii(b, s, e, 'qmgr')) return 'qmgr';
      if (startsWithAscii(b, s, e, 'pipe')) return 'agent';
      return undefined;
    case 5:
      if (startsWithAscii(b, s, e, 'smtpd')) return 'smtpd';
      if (startsWithAscii(b, s, e, 'local') || startsWithAscii(b, s, e, 'error')) return 'agent';
      return undefined;
    case 6:
      if (startsWithAscii(b, s, e, 'pickup')) return 'pickup';
      if (startsWithAscii(b, s, e, 'bounce')) return 'bounce';
      return undefined;
    case 7:
      if (startsWithAscii(b, s, e, 'cleanup')) return 'cleanup';
      if (startsWithAscii(b, s, e, 'discard') || startsWithAscii(b, s, e, 'virtual')) return 'agent';
      return undefined;
    default:
      return undefined;
  }
}

/** A PID as a small number where it is one (the usual case), else as collate.pl's string. */
function pidKey(b: Bytes, s: number, e: number): number | string {
  if (e - s > 9 || (b[s] === 48 && e - s > 1)) return latin1(b, s, e);
  let v = 0;
  for (let i = s; i < e; i++) v = v * 10 + (b[i] - 48);
  return v;
}

export class Collator {
  private readonly smtpd = new Map<number | string, { log: Seg[] | undefined; qid: number }>();
  private readonly smtp = new Map<number | string, Seg[]>();
  /** Transaction keys interned to ids; the state below is indexed by id. */
  private readonly keys = new KeyTable();
  private readonly transaction: (Seg[] | undefined)[] = [];
  /** collate.pl's %seqno; 0 where it does not exist. */
  private readonly seqno: number[] = [];
  /** Ids whose transaction exists. */
  private readonly open = new Set<number>();
  private i = 0;
  private readonly h: CollateHeader = { instanceStart: 0, instanceEnd: 0, commandStart: 0, commandEnd: 0, pidStart: 0, pidEnd: 0, body: 0 };

  /**
   * @param emit receives each transaction when collate.pl would print it.
   * @param alloc makes the buffers `retire` copies pending lines to (a Buffer, for the CLI).
   */
  constructor(
    private readonly emit: (t: CollatedTransaction) => void,
    private readonly alloc: (size: number) => Bytes = (n) => new Uint8Array(n),
  ) {}

  /** collate.pl's key, `instance/QUEUEID`, of a transaction id. */
  keyOf(id: number): string {
    return this.keys.key(id);
  }

  /** The id of queue ID [qs, qe) in the current line's instance. */
  private key(b: Bytes, qs: number, qe: number): number {
    const id = this.keys.intern(b, this.h.instanceStart, this.h.instanceEnd, qs, qe);
    if (id === this.seqno.length) {
      this.seqno.push(0);
      this.transaction.push(undefined);
    }
    return id;
  }

  /** Feeds the line [start, end) of `b`, terminator included; `line` is its number. */
  push(b: Bytes, start: number, end: number, line: number): void {
    const h = collateHeader(b, start, end, this.h);
    if (!h) return;
    const command = commandOf(b, h.commandStart, h.commandEnd);
    if (!command) return;
    const p = h.body;
    // (\w+): at the message start, as most branches need it.
    const w = skipWord(b, p, end);
    const hasQid = w > p && b[w] === 58 && b[w + 1] === 32;
    const rest = w + 2; // after "QID: "
    const pid = pidKey(b, h.pidStart, h.pidEnd);
    const seg: Seg = { buf: b, start, end, line };

    const tr = this.transaction;
    switch (command) {
      case 'smtpd': {
        let s = this.smtpd.get(pid);
        if (startsWithAscii(b, p, end, 'connect from ')) {
          if (s) s.log = [seg];
          else this.smtpd.set(pid, { log: [seg], qid: -1 });
          return;
        }
        if (!s) this.smtpd.set(pid, (s = { log: undefined, qid: -1 }));
        if (s.log) s.log.push(seg);
        else s.log = [seg];
        if (hasQid && startsWithAscii(b, rest, end, 'client=')) {
          const key = this.key(b, p, w);
          s.qid = key;
          this.set(key, s.log.slice());
          this.seqno[key] = ++this.i;
          return;
        }
        if (s.qid >= 0) tr[s.qid]?.push(seg);
        if (startsWithAscii(b, p, end, 'disconnect from')) this.smtpd.delete(pid);
        return;
      }
      case 'pickup':
        if (hasQid && startsWithAscii(b, rest, end, 'uid=')) {
          const key = this.key(b, p, w);
          this.set(key, [seg]);
          this.seqno[key] = ++this.i;
        }
        return;
      case 'cleanup': {
        if (!hasQid) return;
        const key = this.key(b, p, w);
        const t = tr[key];
        if (t) t.push(seg);
        else this.set(key, [seg]);
        if (!this.seqno[key]) this.seqno[key] = ++this.i;
        return;
      }
      case 'qmgr': {
        if (!hasQid) return;
        const key = this.key(b, p, w);
        const t = tr[key];
        if (!t) return;
        t.push(seg);
        // removed$ : "removed" at the end of the line, or before its final "\n".
        if (startsWithAscii(b, rest, end, 'removed') && (end === rest + 7 || (end === rest + 8 && b[rest + 7] === 10))) {
          this.set(key, undefined);
          this.emit({ id: key, segs: t, complete: true });
        }
        return;
      }
      case 'smtp': {
        const buffered = this.smtp.get(pid);
        if (buffered) buffered.push(seg);
        if (hasQid && startsWithAscii(b, rest, end, 'to=')) {
          const t = tr[this.key(b, p, w)];
          if (t) {
            if (buffered) for (const x of buffered) t.push(x);
            else t.push(seg);
          }
          if (buffered) this.smtp.delete(pid);
        } else if (!buffered) {
          this.smtp.set(pid, [seg]);
        }
        return;
      }
      case 'bounce': {
        if (!hasQid) return;
        const n = notificationId(b, rest, end);
        if (!n) return;
        const key = this.key(b, p, w);
        tr[key]?.push(seg);
        const newKey = this.key(b, n[0], n[1]);
        const old = tr[newKey];
        this.set(newKey, old ? [seg, ...old] : [seg]);
        if (!this.seqno[newKey]) this.seqno[newKey] = ++this.i;
        return;
      }
      case 'agent':
        if (hasQid && startsWithAscii(b, rest, end, 'to=')) tr[this.key(b, p, w)]?.push(seg);
        return;
    }
  }

  private set(key: number, segs: Seg[] | undefined): void {
    this.transaction[key] = segs;
    if (segs) this.open.add(key);
    else this.open.delete(key);
  }

  /**
   * Copies the pending lines that still point into `buf` to a buffer of their own, so that the
   * caller may reuse or drop `buf`.
   */
  retire(buf: Bytes): void {
    const live: Seg[] = [];
    let size = 0;
    const visit = (segs: Seg[] | undefined) => {
      if (segs) for (const s of segs) if (s.buf === buf) {
        live.push(s);
        size += s.end - s.start;
        s.buf = EVACUATING; // counted once, even when shared
      }
    };
    for (const id of this.open) visit(this.transaction[id]);
    for (const s of this.smtpd.values()) visit(s.log);
    for (const s of this.smtp.values()) visit(s);
    if (!live.length) return;
    const copy = this.alloc(size);
    let off = 0;
    for (const s of live) {
      copy.set(buf.subarray(s.start, s.end), off);
      s.end = off + (s.end - s.start);
      s.start = off;
      s.buf = copy;
      off = s.end;
    }
  }

  /** Hands over the incomplete transactions, in the order they were first seen. */
  end(): void {
    const ids = [...this.open].sort((a, b) => this.seqno[a] - this.seqno[b]);
    for (const id of ids) this.emit({ id, segs: this.transaction[id]!, complete: false });
    for (const id of ids) this.transaction[id] = undefined;
    this.open.clear();
    this.smtpd.clear();
    this.smtp.clear();
  }
}

const EVACUATING = new Uint8Array(0);

/**
 * collate.pl's `.*? notification: (\w+)$` after "QID: ": the new queue ID at the end of the
 * line (before an optional final "\n"), right after " notification: ". Returns its [start, end).
 */
export function notificationId(b: Bytes, from: number, end: number): [number, number] | undefined {
  let e = end;
  if (b[e - 1] === 10) e--;
  let s = e;
  while (s > from && isWord(b[s - 1])) s--;
  if (s === e) return undefined;
  const m = s - 15; // " notification: ".length
  if (m < from || !startsWithAscii(b, m, s, ' notification: ')) return undefined;
  return [s, e];
}
