// AssemblyScript (compiled to WebAssembly by esbuild.mjs): engine/investigate/redactScan.ts apply
// over a block and its events in this module's memory. What each run became lately is kept here
// (as redactAnswers.ts keeps it, by their bytes: the last PLAIN_LIMIT distinct plain runs, and
// LIMIT of each other kind); a run seen lately is replaced by a copy of its answer, and for one
// not seen, `apply` returns its event's index: the JavaScript caller writes what the run becomes
// (`room`), says so (`answered`), which remembers it and goes on to the next miss.

/**
 * How many distinct runs of each kind are remembered: many plain runs (a message's ID recurs far
 * apart: in a zimbra.log and again in its mailbox.log, read after it), fewer accounts and syslog hosts.
 */
const PLAIN_LIMIT = 1 << 19;
const LIMIT = 1 << 16;
/** A slot: the hash, where the key is in the arena + 1 (0: empty), the key's length and the answer's (16 bits each), the tally. */
const SLOT = 16;
/** The arenas: each key followed by its answer. */
const PLAIN_ARENA = 32 << 20;
const ARENA = 4 << 20;
/** A run longer than this is not remembered (redactScan.ts LONGEST). */
const LONGEST = 256;
/** A table: twice as many slots as runs remembered, then the arena; the plain runs' table first. */
const PLAIN_TABLE: usize = <usize>PLAIN_LIMIT * 2 * SLOT + PLAIN_ARENA;
const TABLE: usize = <usize>LIMIT * 2 * SLOT + ARENA;
const KINDS: usize = 3;

const tables: usize = (__heap_base + 15) & ~15;
const counts = memory.data(<i32>KINDS * 4);
const used = memory.data(<i32>KINDS * 4);

/** Where the memory after the tables starts. */
export function tablesEnd(): usize {
  return tables + PLAIN_TABLE + (KINDS - 1) * TABLE;
}

function limit(kind: i32): i32 {
  return kind == 0 ? PLAIN_LIMIT : LIMIT;
}

function arenaSize(kind: i32): i32 {
  return kind == 0 ? PLAIN_ARENA : ARENA;
}

/** The table's slots (twice its limit). */
function slots(kind: i32): usize {
  return <usize>limit(kind) << 1;
}

let base: usize = 0;
let end = 0;
let events: usize = 0;
let count = 0;
let out: usize = 0;
let o = 0;
let x = 0;
let copied = 0;
/** How many replacements of each kind (8 bits each in a tally: email, ip, host, account) since `tally` was read. */
let t0 = 0;
let t1 = 0;
let t2 = 0;
let t3 = 0;

/** Copies n bytes 16 at a time: reads and writes up to 15 bytes more. */
function copy(dst: usize, src: usize, n: i32): void {
  for (let i: usize = 0; i < <usize>n; i += 16) v128.store(dst + i, v128.load(src + i));
}

/** The memory's size as last read (it only grows; reading it each time costs more for a shared memory). */
let have: usize = 0;

/** Makes room for n more output bytes (and 16 that `copy` may write), the memory grown when needed. */
function reserve(n: i32): void {
  const need = out + <usize>o + <usize>n + 32;
  if (need <= have) return;
  have = <usize>memory.size() << 16;
  if (need > have) {
    memory.grow(<i32>((need - have + 0xffff) >> 16));
    have = <usize>memory.size() << 16;
  }
}

function table(kind: i32): usize {
  return kind == 0 ? tables : tables + PLAIN_TABLE + <usize>(kind - 1) * TABLE;
}

/** Whether the n bytes at `k` and at `b` are the same, compared 8 at a time (reading up to 7 bytes after each). */
function same(k: usize, b: usize, n: i32): bool {
  let i = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(k + <usize>i) != load<u64>(b + <usize>i)) return false;
  if (i == n) return true;
  const mask: u64 = (u64(1) << u64((n - i) * 8)) - 1;
  return ((load<u64>(k + <usize>i) ^ load<u64>(b + <usize>i)) & mask) == 0;
}

/** The slot of run [s, e) (hash h) in the table of `kind`, or 0. */
function find(kind: i32, h: i32, s: i32, e: i32): usize {
  const t = table(kind);
  const mask = slots(kind) - 1;
  const n = e - s;
  const b = base + <usize>s;
  let at = (h ^ (h >>> 16)) & mask;
  for (let slot = t + <usize>at * SLOT; load<u32>(slot, 4); slot = t + <usize>at * SLOT) {
    if (load<i32>(slot) == h && <i32>load<u16>(slot, 8) == n) {
      const k = t + slots(kind) * SLOT + <usize>load<u32>(slot, 4) - 1;
      if (same(k, b, n)) return slot;
    }
    at = (at + 1) & mask;
  }
  return 0;
}

/** Remembers run [s, e) (hash h) of `kind`: its answer, n bytes at `ans` (fewer than 2^16), and tally. */
function remember(kind: i32, h: i32, s: i32, e: i32, ans: usize, n: i32, tally: i32): void {
  const t = table(kind);
  const cAt = counts + <usize>kind * 4;
  const uAt = used + <usize>kind * 4;
  let c = load<i32>(cAt);
  let u = load<i32>(uAt);
  if (c >= limit(kind) || u + (e - s) + n > arenaSize(kind)) {
    memory.fill(t, 0, slots(kind) * SLOT);
    c = u = 0;
  }
  const arena = t + slots(kind) * SLOT;
  memory.copy(arena + <usize>u, base + <usize>s, e - s);
  memory.copy(arena + <usize>(u + e - s), ans, n);
  const mask = slots(kind) - 1;
  let at = (h ^ (h >>> 16)) & mask;
  while (load<u32>(t + <usize>at * SLOT, 4)) at = (at + 1) & mask;
  const slot = t + <usize>at * SLOT;
  store<i32>(slot, h);
  store<i32>(slot, u + 1, 4);
  store<u16>(slot, e - s, 8);
  store<u16>(slot, n, 10);
  store<i32>(slot, tally, 12);
  store<i32>(cAt, c + 1);
  store<i32>(uAt, u + (e - s) + n);
}

function counted(tally: i32): void {
  t0 += tally & 255;
  t1 += (tally >>> 8) & 255;
  t2 += (tally >>> 16) & 255;
  t3 += tally >>> 24;
}

/** Applies events from `x` on: the index of the first run not seen lately, or -1 once the block is written. */
function run(): i32 {
  for (; x < count; x++) {
    const ev = events + (<usize>x << 4);
    const s = load<i32>(ev, 4);
    const e = load<i32>(ev, 8);
    reserve(s - copied);
    copy(out + <usize>o, base + <usize>copied, s - copied);
    o += s - copied;
    copied = s;
    const r: usize = e - s > LONGEST ? 0 : find(load<i32>(ev), load<i32>(ev, 12), s, e);
    if (!r) return x;
    const n = <i32>load<u16>(r, 10);
    reserve(n);
    const kind = load<i32>(ev);
    copy(out + <usize>o, table(kind) + slots(kind) * SLOT + <usize>(load<i32>(r, 4) - 1 + e - s), n);
    o += n;
    copied = e;
    counted(load<i32>(r, 12));
  }
  reserve(end - copied);
  copy(out + <usize>o, base + <usize>copied, end - copied);
  o += end - copied;
  copied = end;
  return -1;
}

/**
 * Applies the `n` events at `ev` (redactFind.ts Events) to bytes [s, e) at `b + s` (as findRuns
 * has them), written from `output` on: -1 when done (`written` bytes), or the index of the event
 * whose answer is needed.
 */
export function apply(b: usize, s: i32, e: i32, ev: usize, n: i32, output: usize): i32 {
  base = b;
  end = e;
  events = ev;
  count = n;
  out = output;
  o = 0;
  x = 0;
  copied = s;
  return run();
}

/** Where the answer of the event `apply` returned, n bytes, is to be written (room made for it). */
export function room(n: i32): usize {
  reserve(n);
  return out + <usize>o;
}

/** The answer (n bytes at `room`, with `tally`) of the event `apply` returned: remembered, applied; then as `apply`. */
export function answered(n: i32, tally: i32): i32 {
  const ev = events + (<usize>x << 4);
  const s = load<i32>(ev, 4);
  const e = load<i32>(ev, 8);
  if (e - s <= LONGEST && n < 1 << 16) remember(load<i32>(ev), load<i32>(ev, 12), s, e, out + <usize>o, n, tally);
  o += n;
  copied = e;
  counted(tally);
  x++;
  return run();
}

/** How many bytes `apply` wrote. */
export function written(): i32 {
  return o;
}

/** How many replacements of kind k (0-3: email, ip, host, account) were made since the last call for k. */
export function tally(k: i32): i32 {
  const t = k == 0 ? t0 : k == 1 ? t1 : k == 2 ? t2 : t3;
  if (k == 0) t0 = 0;
  else if (k == 1) t1 = 0;
  else if (k == 2) t2 = 0;
  else t3 = 0;
  return t;
}
