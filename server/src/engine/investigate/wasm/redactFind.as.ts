// AssemblyScript (compiled to WebAssembly by esbuild.mjs, not by tsc): the scan of
// engine/investigate/redactFind.ts over bytes in this module's memory, byte for byte the same
// events, the bytes that are not stop bytes skipped 16 at a time (SIMD). The byte classes are the
// engine's (redactTokens.ts CLS), written into `classes()` by the JavaScript that loads the module.
// A position `p` of the block is the byte at address `b + p` (wrapping), so that the events hold
// the positions of the JavaScript caller's array.

const CLS: usize = memory.data(256);
const RUN: u8 = 1;
const LOCAL: u8 = 2;
const DIGIT: u8 = 8;

const RUN_PLAIN = 0;
const RUN_ACCOUNT = 1;
const HEADER_HOST = 2;

/** Where the engine's byte classes go. */
export function classes(): usize {
  return CLS;
}

/** RUN bytes (all ASCII) by their low and high nibbles: bit h of LOW[l] and of HIGH[h] for byte 16h + l. */
const LOW: usize = memory.data(16, 16);
const HIGH: usize = memory.data(16, 16);

/**
 * Once the classes are written: the nibble tables of RUN bytes. Each byte is stored once, with its
 * final value: another instance over the same (shared) memory may be scanning with them.
 */
export function classesWritten(): void {
  for (let l = 0; l < 16; l++) {
    let bits = 0;
    for (let h = 0; h < 8; h++) if (load<u8>(CLS + <usize>(h * 16 + l)) & RUN) bits |= 1 << h;
    store<u8>(LOW + <usize>l, bits);
  }
  for (let h = 0; h < 16; h++) {
    let any = 0;
    for (let l = 0; l < 16 && h < 8; l++) any |= load<u8>(CLS + <usize>(h * 16 + l)) & RUN;
    const bit: i32 = any ? 1 << h : 0;
    store<u8>(HIGH + <usize>h, bit);
  }
}

/** The RUN bytes among the 16 bytes of `v`, a bit each. */
function runBits(v: v128): i32 {
  const lo = i8x16.swizzle(v128.load(LOW), v128.and(v, i8x16.splat(15)));
  const hi = i8x16.swizzle(v128.load(HIGH), i8x16.shr_u(v, 4));
  return i8x16.bitmask(i8x16.ne(v128.and(lo, hi), i8x16.splat(0)));
}

let base: usize = 0;
let events: usize = 0;
let room = 0;
let count = 0;

function at(p: i32): i32 {
  return <i32>load<u8>(base + <usize>p);
}
function cls(p: i32): u8 {
  return load<u8>(CLS + <usize>load<u8>(base + <usize>p));
}
function isDigit(p: i32): bool {
  return (cls(p) & DIGIT) != 0;
}

function add(kind: i32, s: i32, e: i32): void {
  if (count < room) {
    const a = events + (<usize>count << 4);
    store<i32>(a, kind);
    store<i32>(a, s, 4);
    store<i32>(a, e, 8);
    store<i32>(a, runHash(s, e), 12);
  }
  count++;
}

/** redactAnswers.ts runHash. */
function runHash(s: i32, e: i32): i32 {
  let h = e - s;
  let i = s;
  for (; i + 4 <= e; i += 4) h = ((h << 7) ^ (h >>> 25) ^ load<i32>(base + <usize>i)) * 0x9e3779b1;
  for (; i < e; i++) h = (h ^ at(i)) * 0x01000193;
  return h ^ (h >>> 15);
}

/** redactTokens.ts spaceLength. */
function spaceLength(i: i32, end: i32): i32 {
  const c = at(i);
  if (c < 0x80) return c == 32 || (c >= 9 && c <= 13) ? 1 : 0;
  if (c == 0xc2) return i + 1 < end && at(i + 1) == 0xa0 ? 2 : 0;
  if (i + 2 >= end || c < 0xe1 || c > 0xef) return 0;
  const d = at(i + 1);
  const e = at(i + 2);
  if (c == 0xe2 && d == 0x80) return e <= 0x8a || e == 0xa8 || e == 0xa9 || e == 0xaf ? 3 : 0;
  if (c == 0xe2) return d == 0x81 && e == 0x9f ? 3 : 0;
  if (c == 0xe1) return d == 0x9a && e == 0x80 ? 3 : 0;
  if (c == 0xe3) return d == 0x80 && e == 0x80 ? 3 : 0;
  return c == 0xef && d == 0xbb && e == 0xbf ? 3 : 0;
}

/** Where the run of \S characters from `i` ends, 16 bytes a step: a byte that may start a space is looked at (ASCII \s, or >= 0x80). */
function nonSpaceEnd(i: i32, end: i32): i32 {
  while (i < end) {
    const v = v128.load(base + <usize>i);
    const maybe = v128.or(v128.or(i8x16.eq(v, i8x16.splat(32)), i8x16.lt_u(i8x16.sub(v, i8x16.splat(9)), i8x16.splat(5))), i8x16.lt_s(v, i8x16.splat(0)));
    for (let m = i8x16.bitmask(maybe); m; m &= m - 1) {
      const j = i + ctz(m);
      if (j >= end) return end;
      if (at(j) < 0x80 || spaceLength(j, end) > 0) return j;
    }
    i += 16;
  }
  return end;
}

function isDigits(i: i32, n: i32): bool {
  for (let k = 0; k < n; k++) if (!isDigit(i + k)) return false;
  return true;
}

let headerHost = 0;

/** redactTokens.ts headerEnd. */
function headerEnd(i: i32, end: i32): i32 {
  let hs: i32;
  const c = at(i);
  if (c >= 65 && c <= 90) {
    if (i + 16 > end) return -1;
    // "Oct 13 00:00:00 " in one look at its 16 bytes: 1-2 lower-case letters; 3, 6 and 15 spaces;
    // 4 a space or a digit; 5, 7-8, 10-11 and 13-14 digits; 9 and 12 colons.
    const v = v128.load(base + <usize>i);
    const digit = i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(48)), i8x16.splat(10)));
    const space = i8x16.bitmask(i8x16.eq(v, i8x16.splat(32)));
    const colon = i8x16.bitmask(i8x16.eq(v, i8x16.splat(58)));
    const lower = i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(97)), i8x16.splat(26)));
    if ((lower & 0x6) != 0x6 || (space & 0x8048) != 0x8048 || ((space | digit) & 0x10) == 0 || (digit & 0x6da0) != 0x6da0 || (colon & 0x1200) != 0x1200) return -1;
    hs = i + 16;
  } else {
    if (i + 12 > end || !isDigits(i, 4) || at(i + 4) != 45 || !isDigits(i + 5, 2) || at(i + 7) != 45 || !isDigits(i + 8, 2) || at(i + 10) != 84) return -1;
    const t = nonSpaceEnd(i + 11, end);
    if (t == i + 11 || t >= end || at(t) != 32) return -1;
    hs = t + 1;
  }
  const he = nonSpaceEnd(hs, end);
  if (he == hs || he >= end || at(he) != 32) return -1;
  const m = nonSpaceEnd(he + 1, end);
  if (m < he + 3 || m >= end || at(m) != 32 || at(m - 1) != 58) return -1;
  headerHost = hs;
  return he;
}

/** redactFind.ts hostReplaced. */
function hostReplaced(s: i32, e: i32): bool {
  let address = true;
  for (let i = s; i < e; i++) {
    const c = at(i);
    if (c == 58) return false;
    if (c != 46 && (c < 48 || c > 57)) address = false;
  }
  return !address;
}

/** redactFind.ts header. */
function header(i: i32, end: i32): i32 {
  const c = at(i);
  if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return i;
  const he = headerEnd(i, end);
  if (he < 0 || !hostReplaced(headerHost, he)) return i;
  add(HEADER_HOST, headerHost, he);
  return he;
}

function runEnd(a: i32, end: i32, c: u8): i32 {
  while (a < end && cls(a) & c) a++;
  return a;
}

/** Whether bytes [p - n, p), not before `lo`, are `key` (n bytes). */
function keyBefore(p: i32, lo: i32, key: usize, n: i32): bool {
  if (p - n < lo) return false;
  for (let k = 0; k < n; k++) if (at(p - n + k) != <i32>load<u8>(key + <usize>k)) return false;
  return true;
}

// redactTokens.ts ACCOUNT_KEYS
const NAME = memory.data<u8>([110, 97, 109, 101, 61]); // name=
const ACCOUNT = memory.data<u8>([97, 99, 99, 111, 117, 110, 116, 61]); // account=
const USER = memory.data<u8>([117, 115, 101, 114, 61]); // user=
// authentication failed for [
const FAILED = memory.data<u8>([97, 117, 116, 104, 101, 110, 116, 105, 99, 97, 116, 105, 111, 110, 32, 102, 97, 105, 108, 101, 100, 32, 102, 111, 114, 32, 91]);

/** redactTokens.ts accountEnd, whether it matches. */
function accountMatches(p: i32, lo: i32, end: i32): bool {
  if (!(keyBefore(p, lo, NAME, 5) || keyBefore(p, lo, ACCOUNT, 8) || keyBefore(p, lo, USER, 5) || keyBefore(p, lo, FAILED, 27))) return false;
  const q = runEnd(p, end, LOCAL);
  if (q == p) return false;
  if (q == end) return true;
  const c = at(q);
  return c == 59 || c == 44 || c == 93 || spaceLength(q, end) > 0;
}

/** redactFind.ts keyEnds. */
function keyEnds(t: i32): bool {
  const c = at(t - 1);
  return at(t) == 61 ? c == 101 || c == 116 || c == 114 : c == 32;
}

let holds = false;

/**
 * Where the run from `a` ends; `holds` set to whether it may hold a match (redactFind.ts
 * holdsMatch), found in the same pass, 16 bytes a step (bits of the bytes in the run: periods,
 * colons, neither nor a digit).
 */
function scanRun(a: i32, end: i32): i32 {
  let periods = 0;
  let colons = 0;
  let other = 0;
  let twoColons = 0;
  let carry = 0;
  let i = a;
  while (i < end) {
    const v = v128.load(base + <usize>i);
    const run = runBits(v);
    let n = ctz(~run);
    if (n > end - i) n = end - i;
    const mask = (1 << n) - 1;
    const dot = i8x16.bitmask(i8x16.eq(v, i8x16.splat(46))) & mask;
    const colon = i8x16.bitmask(i8x16.eq(v, i8x16.splat(58))) & mask;
    const digit = i8x16.bitmask(i8x16.lt_u(i8x16.sub(v, i8x16.splat(48)), i8x16.splat(10)));
    periods += popcnt(dot);
    colons += popcnt(colon);
    other |= mask & ~(dot | colon | digit);
    twoColons |= colon & ((colon << 1) | carry);
    carry = (colon >> 15) & 1;
    i += n;
    if (n < 16) break;
  }
  const dotEnd = i > a && at(i - 1) == 46;
  if (dotEnd) periods--;
  // Digits and three periods after "127" (redactFind.ts holdsMatch): kept.
  const loopback = other == 0 && colons == 0 && periods == 3 && !dotEnd && load<u32>(base + <usize>a) == 0x2e373231;
  holds = twoColons != 0 || colons >= 7 || (periods > 0 && !(other == 0 && periods < 3) && !loopback);
  return i;
}

let chunk = 0;
let chunkBits = 0;

/** The stop bytes ('.', ':', '=', '[', '\n', '\r') among the 16 bytes from `t`, a bit each. */
function stopBits(t: i32): i32 {
  const v = v128.load(base + <usize>t);
  const m = v128.or(
    v128.or(v128.or(i8x16.eq(v, i8x16.splat(46)), i8x16.eq(v, i8x16.splat(58))), v128.or(i8x16.eq(v, i8x16.splat(61)), i8x16.eq(v, i8x16.splat(91)))),
    v128.or(i8x16.eq(v, i8x16.splat(10)), i8x16.eq(v, i8x16.splat(13))),
  );
  return i8x16.bitmask(m);
}

/**
 * The first stop byte at or after `t`, or `end`; the 15 bytes after `end` must be readable. The
 * bits of the last 16 bytes looked at are kept: the next stop is often among them.
 */
function nextStop(t: i32, end: i32): i32 {
  let d = t - chunk;
  if (<u32>d >= 16) {
    chunk = t;
    chunkBits = stopBits(t);
    d = 0;
  }
  let m = chunkBits & (-1 << d);
  while (!m) {
    chunk += 16;
    if (chunk >= end) return end;
    m = chunkBits = stopBits(chunk);
  }
  t = chunk + ctz(m);
  return t < end ? t : end;
}

/** Where the run that holds `t` starts, `i` at the earliest, 16 bytes a step (the 16 before `t` are readable). */
function runStart(i: i32, t: i32): i32 {
  let a = t;
  while (a > i) {
    const n = clz(~(runBits(v128.load(base + <usize>a - 16)) << 16));
    a -= n;
    if (n < 16) break;
  }
  return a > i ? a : i;
}

/**
 * redactFind.ts findRuns over bytes [start, end) at `b + start`: the number of events, written
 * at `ev` (four ints each) while there is room for `cap` of them.
 */
export function findRuns(b: usize, start: i32, end: i32, lines: bool, ev: usize, cap: i32): i32 {
  base = b;
  events = ev;
  room = cap;
  count = 0;
  chunk = start;
  chunkBits = stopBits(start);
  let i = header(start, end);
  while (i < end) {
    const t = nextStop(i, end);
    if (t >= end) break;
    const c = at(t);
    if (c == 10 || c == 13) {
      i = lines && t + 1 < end ? header(t + 1, end) : t + 1;
      continue;
    }
    if (c == 61 || c == 91) {
      const a = t + 1;
      if (a >= end || !(cls(a) & RUN)) {
        i = a;
        continue;
      }
      const z = scanRun(a, end);
      const account = keyEnds(t) && accountMatches(a, start, end);
      if (account || holds) add(account ? RUN_ACCOUNT : RUN_PLAIN, a, z);
      i = z;
      continue;
    }
    // '.' or ':' is the first stop byte of its run (none since `i`): followed by no run byte, the
    // run holds one '.' at its end or one ':', and no match.
    if (t + 1 >= end || !(cls(t + 1) & RUN)) {
      i = t + 1;
      continue;
    }
    const a = t > i && cls(t - 1) & RUN ? runStart(i, t - 1) : t;
    const z = scanRun(a, end);
    if (holds) add(RUN_PLAIN, a, z);
    i = z;
  }
  return count;
}

