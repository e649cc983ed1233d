// AssemblyScript (compiled to WebAssembly by esbuild.mjs, not by tsc): pass 2 of `activity`
// (engine/investigate/queueLines.ts, whose JavaScript loop `transactionLines` is the reference):
// over a block of lines in this module's memory, each line's queue ID (after the first ": " from
// the line's 17th byte) hashed (FNV-1a, as hashBytes) and looked up in the bitmap of the wanted
// hashes; the lines whose bit is set are listed (start, end, number, hash) for the caller, which
// checks the hash in its set. Lines and ':' are found 16 bytes a step.

const FNV_BASIS: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;
/** The bitmap of the wanted hashes: a million bits (queueLines.ts QueueIds writes it). */
const BITS: usize = memory.data(1 << 17, 16);
/** Room for this many lines found, four i32 each. */
const CAP: i32 = 4096;
const OUT: usize = memory.data(CAP * 16, 16);

let lines: i32 = 0;
let next: i32 = 0;

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
/** After `scan`: the number of the next line... */
export function lineCount(): i32 {
  return lines;
}
/** ...and where it starts (the block's end when it was scanned to its end). */
export function resume(): i32 {
  return next;
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

/** The bit of a hash in the bitmap (queueLines.ts `bit`). */
function hashBit(h: u32): u32 {
  return (h ^ (h >>> 20)) & 0xfffff;
}
