// The 32-bit keys of the stream index: FNV-1a of a queue ID's, a Message-ID's or an address's
// bytes as the log writes them (addresses folded to lower case, as the tracer compares them).
// A key is never 0 (0 marks "no key"). Equal text gives equal keys; a shared key between two
// different texts only makes a query read a line more, which its parser then tells apart.
import { FNV_BASIS, FNV_PRIME } from '../byteKeys';

const nonZero = (h: number) => (h >>> 0 === 0 ? 1 : h >>> 0);

export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = FNV_BASIS;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], FNV_PRIME);
  return nonZero(h);
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
export function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export const hashString = (s: string) => {
  const b = utf8(s);
  return hashBytes(b, 0, b.length);
};

export const hashLowerString = (s: string) => {
  const b = utf8(s);
  return hashLowerBytes(b, 0, b.length);
};
