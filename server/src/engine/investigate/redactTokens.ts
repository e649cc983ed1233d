// The redaction's patterns, matched on UTF-8 bytes. Each function below says where one pattern of
// the reference redaction (test/unit/redactReference.ts: one global replace per line of the
// alternation EMAIL|ACCOUNT|IPV4|IPV6|HOST, and a syslog header's host) matches when tried at one
// position, as the JavaScript regular expression would, backtracking included; -1 when it does
// not. Every character those patterns name is ASCII, and in UTF-8 no byte of a multi-byte
// character is: a byte >= 0x80 is simply "none of these". Only JavaScript's \s has characters
// beyond ASCII (U+00A0, U+2028, U+FEFF...): `spaceLength` reads them. The bytes must be valid
// UTF-8 (the CLI turns invalid sequences into U+FFFD first, as decoding to a string did).
//
//   EMAIL    (?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+
//   ACCOUNT  (?<=(?:name|aname|account|sasl_username|user)=|authentication failed for \[)[A-Za-z0-9._%+'-]+(?=[;,\]\s]|$)
//   IPV4     (?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)
//   IPV6     (?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|[0-9A-Fa-f]{1,4})(?![\w:])
//   HOST     (?<![\w@.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?![\w-]|\.[A-Za-z0-9])
//   header   ^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) (\S+) (?=\S+?(?:\[\d+\])?: )
//
// `lo` is where the text starts (no lookbehind sees before it), `end` where it ends ($).

import { ascii, Bytes, hasBytes } from '../bytes';

/** Byte classes: RUN, every byte a match can hold ([A-Za-z0-9._%+'@:-]); LOCAL, an address's local part's. */
export const RUN = 1;
export const LOCAL = 2;
export const ALNUM = 4;
export const DIGIT = 8;
export const HEX = 16;
export const LABEL = 32;
export const WORD = 64;
export const CLS = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) CLS[c] = RUN | LOCAL | ALNUM | LABEL | WORD;
  else if ("._%+'-".includes(ch)) CLS[c] = RUN | LOCAL;
  else if (ch === '@' || ch === ':') CLS[c] = RUN;
  if (/\d/.test(ch)) CLS[c] |= DIGIT;
  if (/[0-9A-Fa-f]/.test(ch)) CLS[c] |= HEX;
  if (ch === '-') CLS[c] |= LABEL;
  if (ch === '_') CLS[c] |= WORD;
}
const PERIOD = 46;
const COLON = 58;
const AT = 64;
const SPACE = 32;

/** The length in bytes of the JavaScript \s character at `i` (< end), or 0 when it is not one. */
export function spaceLength(b: Bytes, i: number, end: number): number {
  const c = b[i];
  if (c < 0x80) return c === SPACE || (c >= 9 && c <= 13) ? 1 : 0;
  if (c === 0xc2) return i + 1 < end && b[i + 1] === 0xa0 ? 2 : 0; // U+00A0
  if (i + 2 >= end || c < 0xe1 || c > 0xef) return 0;
  const d = b[i + 1];
  const e = b[i + 2];
  if (c === 0xe2 && d === 0x80) return e <= 0x8a || e === 0xa8 || e === 0xa9 || e === 0xaf ? 3 : 0; // U+2000-200A, 2028, 2029, 202F
  if (c === 0xe2) return d === 0x81 && e === 0x9f ? 3 : 0; // U+205F
  if (c === 0xe1) return d === 0x9a && e === 0x80 ? 3 : 0; // U+1680
  if (c === 0xe3) return d === 0x80 && e === 0x80 ? 3 : 0; // U+3000
  return c === 0xef && d === 0xbb && e === 0xbf ? 3 : 0; // U+FEFF
}

/** Where the run of \S characters from `i` ends. */
function nonSpaceEnd(b: Bytes, i: number, end: number): number {
  for (; i < end; i++) {
    const c = b[i];
    if (c < 0x80 ? c === SPACE || (c >= 9 && c <= 13) : spaceLength(b, i, end) > 0) break;
  }
  return i;
}

/** Where the run of bytes of class `cls` from `i` ends. */
function runEnd(b: Bytes, i: number, end: number, cls: number): number {
  while (i < end && CLS[b[i]] & cls) i++;
  return i;
}

/** Whether the byte before `p` is of class `cls` or one of the bytes `x`, `y` (0: none). */
function after(b: Bytes, p: number, lo: number, cls: number, x: number, y: number): boolean {
  if (p <= lo) return false;
  const c = b[p - 1];
  return (CLS[c] & cls) !== 0 || c === x || c === y;
}

/** `[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+` at `i`, greedy: its end, or -1 (fewer than two labels). */
function labelsEnd(b: Bytes, i: number, end: number): number {
  let j = runEnd(b, i, end, LABEL);
  if (j === i) return -1;
  let last = -1;
  while (j < end && b[j] === PERIOD) {
    const k = runEnd(b, j + 1, end, LABEL);
    if (k === j + 1) break;
    last = j = k;
  }
  return last;
}

export function emailEnd(b: Bytes, p: number, lo: number, end: number): number {
  if (after(b, p, lo, LOCAL, 0, 0)) return -1;
  const q = runEnd(b, p, end, LOCAL);
  if (q === p || q >= end || b[q] !== AT) return -1;
  return labelsEnd(b, q + 1, end);
}

const ACCOUNT_KEYS = ['name=', 'account=', 'user=', 'authentication failed for ['].map(ascii); // aname=, sasl_username= end with name=

export function accountEnd(b: Bytes, p: number, lo: number, end: number): number {
  let key = false;
  for (const k of ACCOUNT_KEYS) key ||= p - k.length >= lo && hasBytes(b, p - k.length, p, k);
  if (!key) return -1;
  const q = runEnd(b, p, end, LOCAL);
  if (q === p) return -1;
  // The run of local-part bytes is followed by none of them: no shorter one can end before ;,] or \s.
  if (q === end || b[q] === 59 || b[q] === 44 || b[q] === 93 || spaceLength(b, q, end) > 0) return q;
  return -1;
}

export function ipv4End(b: Bytes, p: number, lo: number, end: number): number {
  if (after(b, p, lo, WORD, PERIOD, 0)) return -1;
  let j = p;
  // Each \d{1,3} must be followed by '.' (or, the last, by no digit): it is the whole run of digits.
  for (let k = 0; k < 4; k++) {
    const s = j;
    j = runEnd(b, j, end, DIGIT);
    if (j === s || j - s > 3) return -1;
    if (k < 3) {
      if (j >= end || b[j] !== PERIOD) return -1;
      j++;
    }
  }
  if (j < end && (CLS[b[j]] & WORD || (b[j] === PERIOD && j + 1 < end && CLS[b[j + 1]] & DIGIT))) return -1;
  return j;
}

/** Whether `(?![\w:])` holds at `i`. */
const endsV6 = (b: Bytes, i: number, end: number) => i >= end || !(CLS[b[i]] & WORD || b[i] === COLON);

/**
 * Each [0-9A-Fa-f]{1,4} must be followed by ':' or by neither a word character nor ':': it is the
 * whole run of hex digits. So the groups `(?:H:){1,7}` are the first k (at most 7) such runs, and
 * backtracking to fewer never helps (the next one would start with a hex digit followed by ':').
 */
export function ipv6End(b: Bytes, p: number, lo: number, end: number): number {
  if (after(b, p, lo, WORD, COLON, PERIOD)) return -1;
  let q = p;
  let k = 0;
  for (; k < 7; k++) {
    const h = runEnd(b, q, end, HEX);
    if (h === q || h - q > 4 || h >= end || b[h] !== COLON) break;
    q = h + 1;
  }
  if (k === 0) return -1;
  // ':' then (?![\w:])
  if (q < end && b[q] === COLON && endsV6(b, q + 1, end)) return q + 1;
  // (?::H){1,6}: all of them, greedy (with one fewer, ':' would follow)
  let r = q;
  for (let j = 0; j < 6 && r < end && b[r] === COLON; j++) {
    const h = runEnd(b, r + 1, end, HEX);
    if (h === r + 1 || h - r - 1 > 4) break;
    r = h;
  }
  if (r > q && endsV6(b, r, end)) return r;
  // H
  const h = runEnd(b, q, end, HEX);
  return h > q && h - q <= 4 && endsV6(b, h, end) ? h : -1;
}

/** Whether `(?![\w-]|\.[A-Za-z0-9])` holds at `i`. */
function endsHost(b: Bytes, i: number, end: number): boolean {
  if (i >= end) return true;
  const c = b[i];
  return !(CLS[c] & WORD || c === 45 || (c === PERIOD && i + 1 < end && CLS[b[i + 1]] & ALNUM));
}

export function hostEnd(b: Bytes, p: number, lo: number, end: number): number {
  if (after(b, p, lo, WORD, AT, PERIOD) || (p > lo && b[p - 1] === 45)) return -1;
  const last = labelsEnd(b, p, end);
  if (last < 0) return -1;
  if (endsHost(b, last, end)) return last;
  // Backtracking: fewer labels (at least two), ending before a '.' the lookahead accepts.
  const first = runEnd(b, p, end, LABEL);
  for (let j = last - 1; j > first; j--) if (b[j] === PERIOD && endsHost(b, j, end)) return j;
  return -1;
}

const isDigit = (b: Bytes, i: number) => (CLS[b[i]] & DIGIT) !== 0;
const isDigits = (b: Bytes, i: number, n: number) => {
  for (let k = 0; k < n; k++) if (!isDigit(b, i + k)) return false;
  return true;
};

/** Where the host starts when `header` matched. */
export const HEADER = { host: 0 };

/**
 * The syslog header (time, host) at the start of a line `i`: the host's end (its start in
 * HEADER.host), or -1. Each \S+ is followed by ' ', so it is the whole run of \S; the lookahead
 * `\S+?(?:\[\d+\])?: ` holds when the next run has two characters or more, ends with ':' and is
 * followed by ' ' (the bracket part is then one of the \S+? characters).
 */
export function headerEnd(b: Bytes, i: number, end: number): number {
  let hs: number;
  const c = b[i];
  if (c >= 65 && c <= 90) {
    if (i + 16 > end) return -1;
    const okMonth = b[i + 1] >= 97 && b[i + 1] <= 122 && b[i + 2] >= 97 && b[i + 2] <= 122 && b[i + 3] === SPACE;
    const okDay = (b[i + 4] === SPACE || isDigit(b, i + 4)) && isDigit(b, i + 5) && b[i + 6] === SPACE;
    const okTime = isDigits(b, i + 7, 2) && b[i + 9] === COLON && isDigits(b, i + 10, 2) && b[i + 12] === COLON && isDigits(b, i + 13, 2);
    if (!okMonth || !okDay || !okTime || b[i + 15] !== SPACE) return -1;
    hs = i + 16;
  } else {
    if (i + 12 > end || !isDigits(b, i, 4) || b[i + 4] !== 45 || !isDigits(b, i + 5, 2) || b[i + 7] !== 45 || !isDigits(b, i + 8, 2) || b[i + 10] !== 84) return -1;
    const t = nonSpaceEnd(b, i + 11, end);
    if (t === i + 11 || t >= end || b[t] !== SPACE) return -1;
    hs = t + 1;
  }
  const he = nonSpaceEnd(b, hs, end);
  if (he === hs || he >= end || b[he] !== SPACE) return -1;
  const m = nonSpaceEnd(b, he + 1, end);
  if (m < he + 3 || m >= end || b[m] !== SPACE || b[m - 1] !== COLON) return -1;
  HEADER.host = hs;
  return he;
}

// What a match is: the patterns in the order they are tried at one position, then the header's host.
export const NONE = 0;
export const EMAIL = 1;
export const ACCOUNT = 2;
export const IPV4 = 3;
export const IPV6 = 4;
export const HOST = 5;
export const SYSLOG = 6;
