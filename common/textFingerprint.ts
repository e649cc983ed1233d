// A cheap fingerprint of a document's text: its length (UTF-16 code units, as editors and
// JavaScript count them) and a hash of slices of it (its start, its end and 64 slices spread
// through it). The client computes it from the editor's text and the server from the file it reads
// from disk (zimbraLogs/openFromDisk): when both agree, the file is the editor's text. Pure: the
// client, the server and bench/lsp.mjs compute it the same way.

export interface TextFingerprint {
  length: number;
  /** FNV-1a (32 bits) of the slices, in order. */
  hash: number;
}

/** Characters at the start and at the end, and in each of the slices between. */
const ENDS = 1024;
const SLICES = 64;
const SLICE = 64;

/** The fingerprint of a text of `length` characters whose characters [start, end) `slice` gives. */
export function textFingerprint(length: number, slice: (start: number, end: number) => string): TextFingerprint {
  let hash = 0x811c9dc5;
  const add = (start: number, end: number) => {
    const s = slice(Math.max(0, start), Math.min(length, end));
    for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193) >>> 0;
  };
  add(0, ENDS);
  for (let k = 1; k <= SLICES; k++) {
    const at = Math.floor((length * k) / (SLICES + 1));
    add(at, at + SLICE);
  }
  add(length - ENDS, length);
  return { length, hash };
}

/** The fingerprint of `text`. */
export const fingerprintOf = (text: string): TextFingerprint => textFingerprint(text.length, (a, b) => text.slice(a, b));
