// Byte scanning for the summary's hot path: plain loops bounded by the line's end (no call into
// the runtime per search, no string made), with the patterns as byte arrays.
import { Bytes, ascii } from '../bytes';
import { loopbackMarkers } from '../formats/summaryMarkers';

export { ascii };

/** Index of `p` in b[from, end) (entirely before `end`), or -1: the first occurrence. */
export function find(b: Bytes, p: Bytes, from: number, end: number): number {
  const n = p.length;
  const c0 = p[0];
  const last = end - n;
  outer: for (let i = from; i <= last; i++) {
    if (b[i] !== c0) continue;
    for (let k = 1; k < n; k++) if (b[i + k] !== p[k]) continue outer;
    return i;
  }
  return -1;
}

/** Index of byte `c` in b[from, end), or -1. */
export function findByte(b: Bytes, c: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === c) return i;
  return -1;
}

/** Whether `p` occurs at b[i] (entirely before `end`). */
export function at(b: Bytes, i: number, end: number, p: Bytes): boolean {
  const n = p.length;
  if (i + n > end) return false;
  for (let k = 0; k < n; k++) if (b[i + k] !== p[k]) return false;
  return true;
}

/** Whether b[s, e) is exactly `p`. */
export function equals(b: Bytes, s: number, e: number, p: Bytes): boolean {
  return e - s === p.length && at(b, s, e, p);
}

const P127 = ascii(loopbackMarkers.prefix.text);
const [V6, LOCALHOST, IPV6] = loopbackMarkers.whole.map((m) => ascii(m.text));

/** 127.x.x.x, ::1, localhost, ipv6:::1: b[s, e) is a loopback host. */
export function isLoopback(b: Bytes, s: number, e: number): boolean {
  return at(b, s, e, P127) || equals(b, s, e, V6) || equals(b, s, e, LOCALHOST) || equals(b, s, e, IPV6);
}

/** In `name[ip]` at b[s, e): the start of ip, or -1 when there is no `[...]` (ip is then the whole). */
export function bracketOpen(b: Bytes, s: number, e: number): number {
  const o = findByte(b, 91, s, e);
  return o >= 0 && findByte(b, 93, o + 1, e) > o ? o : -1;
}

/** The loopback check of `name[ip]` (or of a bare host) at b[s, e), on its ip. */
export function ipIsLoopback(b: Bytes, s: number, e: number): boolean {
  const o = bracketOpen(b, s, e);
  return o < 0 ? isLoopback(b, s, e) : isLoopback(b, o + 1, findByte(b, 93, o + 1, e));
}

/** A pattern for `search`: its bytes and Horspool's shift per byte. */
export interface Pattern {
  bytes: Bytes;
  shift: Uint8Array;
}

export function pattern(s: string): Pattern {
  const bytes = ascii(s);
  const n = bytes.length;
  const shift = new Uint8Array(256).fill(n);
  for (let k = 0; k < n - 1; k++) shift[bytes[k]] = n - 1 - k;
  return { bytes, shift };
}

/**
 * `find` for a longer pattern over a longer stretch (Horspool: most bytes are skipped, not
 * read): the first occurrence of `p` in b[from, end), or -1.
 */
export function search(b: Bytes, p: Pattern, from: number, end: number): number {
  const { bytes, shift } = p;
  const n = bytes.length;
  const last = bytes[n - 1];
  for (let i = from + n - 1; i < end; ) {
    const c = b[i];
    if (c === last) {
      let k = n - 2;
      let j = i - 1;
      while (k >= 0 && b[j] === bytes[k]) {
        k--;
        j--;
      }
      if (k < 0) return i - n + 1;
    }
    i += shift[c];
  }
  return -1;
}
