// Where redaction has work to do in a block of UTF-8 bytes (whole lines), found without touching
// the rest: the runs of address bytes ([A-Za-z0-9._%+'@:-]) that may hold a match, and the hosts
// of syslog headers that get a pseudonym. A match never holds a byte outside such a run, and only
// runs with '.' or ':' after their first byte can hold one, or a run right after an account key
// ("name=bob;"). So the scan stops only at '.', ':', '=', '[' and line ends, and looks at the run
// around them. Which runs (and which headers) are listed depends on the block's bytes only
// (redactScan.ts then replaces them, knowing the pseudonyms given so far).
import { Bytes } from '../bytes';
import { runHash } from './redactAnswers';
import { accountEnd, CLS, headerEnd, HEADER, RUN } from './redactTokens';

/** An event's kind: a run, a run with an account name at its start, a syslog header's host to replace. */
export const RUN_PLAIN = 0;
export const RUN_ACCOUNT = 1;
export const HEADER_HOST = 2;

/** What `findRuns` found: `count` events of four ints each (kind, start, end, runHash of the bytes). */
export class Events {
  count = 0;

  /** `list`: where the events are written (replaced by a longer one when full). */
  constructor(public list: Int32Array<ArrayBuffer> = new Int32Array(4 << 12)) {}

  add(kind: number, s: number, e: number, h: number): void {
    let l = this.list;
    const at = this.count++ * 4;
    if (at + 4 > l.length) {
      const g = new Int32Array(l.length * 2);
      g.set(l);
      this.list = l = g;
    }
    l[at] = kind;
    l[at + 1] = s;
    l[at + 2] = e;
    l[at + 3] = h;
  }
}

/** The bytes the scan stops at: '.', ':', '=', '[', and '\n', '\r' (where a header may start). */
const STOP = new Uint8Array(256);
for (const c of '.:=[') STOP[c.charCodeAt(0)] = 1;
STOP[10] = STOP[13] = 2;

/** A syslog header's host is replaced unless it is an address: digits and periods only, or a ':' in it. */
function hostReplaced(b: Bytes, s: number, e: number): boolean {
  let address = true;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === 58) return false;
    if (c !== 46 && (c < 48 || c > 57)) address = false;
  }
  return !address;
}

/** Whether the '=' or '[' at `t` may end an account key (name=, account=, user=, "authentication failed for ["): the byte before says. */
function keyEnds(b: Bytes, t: number): boolean {
  const c = b[t - 1];
  return b[t] === 61 ? c === 101 || c === 116 || c === 114 : c === 32;
}

/** The end of the header at `i` whose host is replaced (an event added), or `i`. */
function header(b: Bytes, i: number, end: number, events: Events): number {
  const c = b[i];
  if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return i;
  const he = headerEnd(b, i, end);
  if (he < 0 || !hostReplaced(b, HEADER.host, he)) return i;
  events.add(HEADER_HOST, HEADER.host, he, runHash(b, HEADER.host, he));
  return he;
}

/** Where the run from `a` ends. */
function runEnd(b: Bytes, a: number, end: number): number {
  while (a < end && CLS[b[a]] & RUN) a++;
  return a;
}

/**
 * Whether run [a, z) may hold a match (not after an account key). Left out: a run with no '.'
 * followed by more of it and without "::" or 7 colons (no IPv6 address matched in it would be
 * replaced: times, "Queue-ID:"), or of digits and fewer than three such periods (no IPv4 address
 * in it, and a host name there ends with a number: "2.0.0", "0.01"), or of digits and exactly
 * three such periods after "127" (the only IPv4 address that could match starts the run, and is
 * kept: "127.0.0.1", a fifth of all runs in a busy MTA's log).
 */
function holdsMatch(b: Bytes, a: number, z: number): boolean {
  let periods = 0;
  let colons = 0;
  let digits = true;
  for (let i = a; i < z; i++) {
    const c = b[i];
    if (c === 46) periods++;
    else if (c === 58) {
      colons++;
      if (i > a && b[i - 1] === 58) return true;
    } else if (c < 48 || c > 57) digits = false;
  }
  if (b[z - 1] === 46) periods--;
  if (digits && !colons && periods === 3 && b[z - 1] !== 46 && b[a] === 49 && b[a + 1] === 50 && b[a + 2] === 55 && b[a + 3] === 46) return false;
  return colons >= 7 || (periods > 0 && !(digits && periods < 3));
}

/** Lists in `events` (emptied first) what bytes [start, end) of `b` hold to redact; `lines` as in Redactor.bytes. */
export function findRuns(b: Bytes, start: number, end: number, lines: boolean, events: Events): void {
  events.count = 0;
  let i = header(b, start, end, events);
  while (i < end) {
    let t = i;
    // Four bytes a step (one branch for four) while they are far from the end.
    while (t + 4 <= end && !(STOP[b[t]] | STOP[b[t + 1]] | STOP[b[t + 2]] | STOP[b[t + 3]])) t += 4;
    while (t < end && !STOP[b[t]]) t++;
    if (t >= end) return;
    const c = b[t];
    if (STOP[c] === 2) {
      i = lines && t + 1 < end ? header(b, t + 1, end, events) : t + 1;
      continue;
    }
    if (c === 61 || c === 91) {
      // '=' or '[': the run after it, if any, may start with an account name.
      const a = t + 1;
      if (a >= end || !(CLS[b[a]] & RUN)) {
        i = a;
        continue;
      }
      const z = runEnd(b, a, end);
      const account = keyEnds(b, t) && accountEnd(b, a, start, end) >= 0;
      if (account || holdsMatch(b, a, z)) events.add(account ? RUN_ACCOUNT : RUN_PLAIN, a, z, runHash(b, a, z));
      i = z;
      continue;
    }
    // '.' or ':': the run around it (which starts at `i` at the earliest: the byte before `i` ends a run).
    let a = t;
    while (a > i && CLS[b[a - 1]] & RUN) a--;
    const z = runEnd(b, a, end);
    if (holdsMatch(b, a, z)) events.add(RUN_PLAIN, a, z, runHash(b, a, z));
    i = z;
  }
}
