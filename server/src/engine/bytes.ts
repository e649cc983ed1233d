// Byte-level helpers with Perl's meaning of \s, \w and \d on byte strings (no locale, no Unicode
// rules): collation reads the log's bytes exactly as collate.pl does, whatever they are
// (invalid UTF-8, NUL bytes, CR), and hands the same bytes back.

export type Bytes = Uint8Array;

/** Byte classes, looked up in one load instead of several comparisons on the hot paths. */
export const SPACE = 1;
export const DIGIT = 2;
export const WORD = 4;
export const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  if (c === 32 || (c >= 9 && c <= 13)) CLASS[c] |= SPACE;
  if (c >= 48 && c <= 57) CLASS[c] |= DIGIT | WORD;
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) CLASS[c] |= WORD;
}

/** Perl \w on bytes: [A-Za-z0-9_]. */
export function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** The bytes of an ASCII string, for `hasBytes`. */
export function ascii(s: string): Bytes {
  const b = new Uint8Array(s.length);
  for (let k = 0; k < s.length; k++) b[k] = s.charCodeAt(k);
  return b;
}

/**
 * Whether the bytes `pattern` (made once with `ascii`) occur in `b` at `at`, entirely before
 * `end`: one monomorphic loop over bytes, faster than reading a string's characters.
 */
export function hasBytes(b: Bytes, at: number, end: number, pattern: Bytes): boolean {
  const n = pattern.length;
  if (at + n > end) return false;
  for (let k = 0; k < n; k++) if (b[at + k] !== pattern[k]) return false;
  return true;
}

/** Codes of a short `latin1` string (reused: no typed-array view made per call). */
const CODES: number[] = [];

/** The bytes [start, end) as a string of one character per byte (queue IDs, keys, short fields). */
export function latin1(b: Bytes, start: number, end: number): string {
  const n = end - start;
  if (n <= 64) {
    // Short strings (queue IDs, timestamps) are made on hot paths: from a plain array of codes,
    // as `subarray` would make a typed array (on a Buffer, through its species constructor) per call.
    if (n <= 0) return '';
    CODES.length = n;
    for (let k = 0; k < n; k++) CODES[k] = b[start + k];
    return String.fromCharCode.apply(null, CODES);
  }
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}
