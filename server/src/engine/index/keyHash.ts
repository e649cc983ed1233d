// The 32-bit keys of the stream index: FNV-1a of a queue ID's, a Message-ID's or an address's
// bytes as the log writes them (addresses folded to lower case, as the tracer compares them).
// A key is never 0 (0 marks "no key"). Equal text gives equal keys; a shared key between two
// different texts only makes a query read a line more, which its parser then tells apart.
import { FNV_BASIS, FNV_PRIME, keyHash } from '../byteKeys';

const nonZero = (h: number) => (h >>> 0 === 0 ? 1 : h >>> 0);

export function hashBytes(b: Uint8Array, s: number, e: number): number {
  return nonZero(keyHash(b, s, s, s, e));
}

/** The same, with ASCII letters folded to lower case. */
export function hashLowerBytes(b: Uint8Array, s: number, e: number): number {
  let h = FNV_BASIS;
  for (let i = s; i < e; i++) {
    const c = b[i];
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
  }
  return nonZero(h);
}

/** The UTF-8 bytes of a string (the index reads bytes; queries come as strings). */
const encoder = new TextEncoder();
const utf8 = (s: string) => encoder.encode(s);

export const hashString = (s: string) => hashChars(s, 0, s.length);

/**
 * hashString of s.slice(start, end), without the slice: an ASCII string's characters are its
 * bytes, hashed as they come (queue IDs, the common case); any other is encoded first.
 */
export function hashChars(s: string, start: number, end: number): number {
  let h = FNV_BASIS;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 127) {
      const b = utf8(s.slice(start, end));
      return hashBytes(b, 0, b.length);
    }
    h = Math.imul(h ^ c, FNV_PRIME);
  }
  return nonZero(h);
}

export const hashLowerString = (s: string) => {
  const b = utf8(s);
  return hashLowerBytes(b, 0, b.length);
};
