// AssemblyScript (compiled to WebAssembly by esbuild.mjs, not by tsc): the two loops over every
// line of the streaming investigations (engine/investigate/lineScan.ts, whose JavaScript loops
// are the reference), over a block of lines in this module's memory, lines found 16 bytes a step:
// - `walk`, pass 1: the lines between two hits of the byte prefilter, for the year model
//   (EventClock.nextBytes decodes a line only when its month bytes differ from the last line's):
//   they are counted, and only those whose month bytes differ are listed;
// - `scan`, pass 2 of `activity`: each line's queue ID (after the first ": " from the line's 17th
//   byte) hashed (FNV-1a, as hashBytes) and looked up in the bitmap of the wanted hashes; the
//   lines whose bit is set are listed (start, end, number, hash) for the caller, which checks the
//   hash in its set.

const FNV_BASIS: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;
/** The bitmap of the wanted hashes: a million bits (lineScan.ts QueueIds writes it). */
const BITS: usize = memory.data(1 << 17, 16);
/** Room for this many lines listed, four i32 each (`scan`) or six (`walk`). */
const CAP: i32 = 4096;
const OUT: usize = memory.data(CAP * 24, 16);

let lines: i32 = 0;
let next: i32 = 0;
/** After `walk`: the last long line with the month bytes of the one before, after the last listed (-1: none). */
let sameStart: i32 = -1;
let sameEnd: i32 = -1;
let sameLine: i32 = -1;

export function bits(): usize {
  return BITS;
}
export function out(): usize {
  return OUT;
}
/** Where the memory the module leaves free starts. */
export function heapStart(): usize {
  return (__heap_base + 15) & ~15;
}
/** After `scan` or `walk`: the number of the next line... */
export function lineCount(): i32 {
  return lines;
}
/** ...and where it starts (the block's end, or past it, when it was scanned to its end). */
export function resume(): i32 {
  return next;
}
export function lastSameStart(): i32 {
  return sameStart;
}
export function lastSameEnd(): i32 {
  return sameEnd;
}
export function lastSameLine(): i32 {
  return sameLine;
}

/** The first byte `c` at or after position p (< end) of the block at `base`, or `end`. */
function find(base: usize, p: i32, end: i32, c: u8): i32 {
  const v = i8x16.splat(c);
  while (p + 16 <= end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(base + <usize>p), v));
    if (m) return p + ctz(m);
    p += 16;
  }
  while (p < end && load<u8>(base + <usize>p) != c) p++;
  return p;
}

/**
 * The lines of positions [start, end) of the block at `base` (the first numbered `n`), after a
 * line whose month bytes (EventClock: bytes 0-1, 2-3, 6 and 9, as k1..k3; -1: none) were given:
 * the lines of at least 10 bytes (a CR before the newline not counted) whose month bytes differ
 * from the long line's before them are written at out() (at most CAP; then lineCount() and
 * resume() say where to go on), six i32 each: the last long line with the same month bytes
 * before it since the last one listed (start, end, number; -1 each: none), and its start, end and
 * number. lastSame*() give that line after the last listed.
 */
export function walk(base: usize, start: i32, end: i32, n: i32, k1: i32, k2: i32, k3: i32): i32 {
  let count = 0;
  let s = start;
  sameStart = -1;
  sameEnd = -1;
  sameLine = -1;
  while (s < end && count < CAP) {
    const nl = find(base, s, end, 10);
    const e = nl > s && load<u8>(base + <usize>(nl - 1)) == 13 ? nl - 1 : nl;
    if (e - s >= 10) {
      const p = base + <usize>s;
      const a = (<i32>load<u8>(p) << 16) | load<u8>(p, 1);
      const b = (<i32>load<u8>(p, 2) << 16) | load<u8>(p, 3);
      const c = (<i32>load<u8>(p, 6) << 16) | load<u8>(p, 9);
      if (a == k1 && b == k2 && c == k3) {
        sameStart = s;
        sameEnd = e;
        sameLine = n;
      } else {
        const at = OUT + <usize>(count * 24);
        store<i32>(at, sameStart);
        store<i32>(at, sameEnd, 4);
        store<i32>(at, sameLine, 8);
        store<i32>(at, s, 12);
        store<i32>(at, e, 16);
        store<i32>(at, n, 20);
        count++;
        sameStart = -1;
        sameEnd = -1;
        sameLine = -1;
        k1 = a;
        k2 = b;
        k3 = c;
      }
    }
    n++;
    s = nl + 1;
  }
  lines = n;
  next = s;
  return count;
}

/**
 * The lines of positions [start, end) of the block at `base` (the first numbered `n`) whose queue
 * ID's hash has its bit set, written at out(): their number (at most CAP; then lineCount() and
 * resume() say where to go on).
 */
export function scan(base: usize, start: i32, end: i32, n: i32): i32 {
  let count = 0;
  let s = start;
  while (s < end && count < CAP) {
    const nl = find(base, s, end, 10);
    const e = nl > s && load<u8>(base + <usize>(nl - 1)) == 13 ? nl - 1 : nl;
    // `Oct 13 10:00:00 host postfix/qmgr[123]: QUEUEID: ...` (an RFC 3339 time has no `: ` either)
    let i = s + 16;
    while (i < e) {
      i = find(base, i, e, 58);
      if (i >= e || load<u8>(base + <usize>(i + 1)) == 32) break;
      i++;
    }
    if (i < e) {
      const q = i + 2;
      const last = min(e, q + 34);
      let j = q;
      let h: u32 = FNV_BASIS;
      for (; j < last; j++) {
        const c = load<u8>(base + <usize>j);
        if (c == 58) break;
        h = (h ^ c) * FNV_PRIME;
      }
      if (j < e && load<u8>(base + <usize>j) == 58) {
        const k = hashBit(h == 0 ? 1 : h);
        if (load<u8>(BITS + <usize>(k >>> 3)) & (1 << (k & 7))) {
          const at = OUT + <usize>(count * 16);
          store<i32>(at, s);
          store<i32>(at, e, 4);
          store<i32>(at, n, 8);
          store<u32>(at, h, 12);
          count++;
        }
      }
    }
    n++;
    s = nl + 1;
  }
  lines = n;
  next = s;
  return count;
}

/** The bit of a hash in the bitmap (lineScan.ts `bit`). */
function hashBit(h: u32): u32 {
  return (h ^ (h >>> 20)) & 0xfffff;
}
