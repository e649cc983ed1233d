// The account report's rows (accountReport.ts): per account, one row of 32-bit integers per
// login and per message sent (time stamps of eventClock.ts, string ids, file and line numbers,
// recipients' counts), and what is made of them at the end: the report's objects, or the
// verdict's columns (accountVerdict.ts) when only the flagged accounts are wanted.
import type { Login, SentMessage } from './accountFigures';
import { Columns, sharesOf, Shares } from './accountVerdict';
import type { EventClock } from './eventClock';

/** Rows of 32-bit integers (stamps, string ids, counts, file and line numbers), `width` to a row. */
export class Rows {
  a: Int32Array;
  length = 0;
  constructor(private readonly width: number) {
    this.a = new Int32Array(width * 8);
  }
  /** A new row of (up to nine) values; the row's number. */
  add(v0: number, v1: number, v2: number, v3: number, v4: number, v5: number, v6: number, v7 = 0, v8 = 0): number {
    const w = this.width;
    if ((this.length + 1) * w > this.a.length) {
      const g = new Int32Array(this.a.length * 2);
      g.set(this.a);
      this.a = g;
    }
    const a = this.a;
    const at = this.length * w;
    a[at] = v0;
    a[at + 1] = v1;
    a[at + 2] = v2;
    a[at + 3] = v3;
    a[at + 4] = v4;
    a[at + 5] = v5;
    a[at + 6] = v6;
    if (w > 7) {
      a[at + 7] = v7;
      a[at + 8] = v8;
    }
    return this.length++;
  }
  get(row: number, col: number): number {
    return this.a[row * this.width + col];
  }
  set(row: number, col: number, v: number): void {
    this.a[row * this.width + col] = v;
  }
}

// A login row: stamp, kind (L_*), protocol, address, client (string ids; -1: none), file, line.
export const L_OK = 0;
export const L_FAILED = 1;
export const L_SYNC = 2; // an ActiveSync session of sync.log (not counted when audit.log records ActiveSync logins)
export const L_MAILBOX = 3; // a mailbox.log failure (counted only without audit.log)
// A message row: stamp, via (0 webmail, 1 SMTP AUTH), file, line, then (once its recipients are
// final) recipients, free-mail, bounced, deferred, not sent.
export const M_COUNTS = 4;

/**
 * The logins of rows `L` (mailbox.log's failures apart), each an object of one shape (the loops
 * apart from `report`: a small function is compiled at once, the whole report's loop took four
 * times as long on 100,000 rows).
 */
export function loginsOf(L: Rows, clock: EventClock, texts: readonly string[], auditActiveSync: boolean, logins: Login[], mailboxFailures: Login[]): void {
  const text = (id: number) => (id < 0 ? undefined : texts[id]);
  for (let r = 0; r < L.length; r++) {
    const kind = L.get(r, 1);
    if (kind === L_SYNC && auditActiveSync) continue;
    const l: Login = { time: clock.time(L.get(r, 0)), ok: kind === L_OK || kind === L_SYNC, protocol: text(L.get(r, 2))!, ip: text(L.get(r, 3)), ua: text(L.get(r, 4)), ref: { file: L.get(r, 5), line: L.get(r, 6) } };
    (kind === L_MAILBOX ? mailboxFailures : logins).push(l);
  }
}

/** The messages of rows `M`. */
export function messagesOf(M: Rows, clock: EventClock): SentMessage[] {
  const msgs: SentMessage[] = [];
  const c = M_COUNTS;
  for (let r = 0; r < M.length; r++) {
    msgs.push({ time: clock.time(M.get(r, 0)), via: M.get(r, 1) ? 'smtpAuth' : 'webmail', ref: { file: M.get(r, 2), line: M.get(r, 3) }, recipients: M.get(r, c), freemail: M.get(r, c + 1), bounced: M.get(r, c + 2), deferred: M.get(r, c + 3), notSent: M.get(r, c + 4) });
  }
  return msgs;
}

/**
 * The successful logins with a client address of rows `L`, as the verdict's columns in time order
 * (an ActiveSync session of sync.log is not one when `auditActiveSync`); `texts` names the addresses.
 * Made in `c` (its arrays reused) unless they need sorting.
 */
export function okColumnsOf(L: Rows, clock: EventClock, texts: readonly string[], auditActiveSync: boolean, c = new Columns()): Columns {
  c.reset(L.length, texts);
  let n = 0;
  for (let r = 0; r < L.length; r++) {
    const kind = L.get(r, 1);
    const ip = L.get(r, 3);
    if (!((kind === L_OK || (kind === L_SYNC && !auditActiveSync)) && ip >= 0 && texts[ip])) continue;
    c.time[n] = clock.time(L.get(r, 0));
    c.key[n] = ip;
    c.file[n] = L.get(r, 5);
    c.line[n++] = L.get(r, 6);
  }
  c.count = n;
  return c.sorted();
}

/** The messages of rows `M` as the verdict's columns in time order (in `c`, as above), and their recipients' shares. */
export function messageColumnsOf(M: Rows, clock: EventClock, c = new Columns()): { msgs: Columns; shares: Shares } {
  c.reset(M.length);
  let recipients = 0;
  let free = 0;
  let bounced = 0;
  let deferred = 0;
  for (let r = 0; r < M.length; r++) {
    c.time[r] = clock.time(M.get(r, 0));
    c.file[r] = M.get(r, 2);
    c.line[r] = M.get(r, 3);
    c.key[r] = M.get(r, M_COUNTS);
    c.notSent[r] = M.get(r, M_COUNTS + 4);
    recipients += c.key[r];
    free += M.get(r, M_COUNTS + 1);
    bounced += M.get(r, M_COUNTS + 2);
    deferred += M.get(r, M_COUNTS + 3);
  }
  return { msgs: c.sorted(), shares: sharesOf(recipients, free, bounced, deferred) };
}
