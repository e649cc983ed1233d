// The transactions an activity search follows into its pass 2: the keys `host instance/QUEUEID`
// of the Postfix lines it matched (a queue ID names one transaction of one host's Postfix
// instance). Looked up from a line's text as it is: a key is made a string only when it is new
// (a heavy account's lines name the same queue IDs again and again, and pass 2 asks for each
// line of a wanted queue ID).
import { FNV_BASIS, FNV_PRIME } from '../byteKeys';
import { hashChars } from '../index/keyHash';
import { SyslogHeader } from '../index/syslogHeader';

export class QueueKeys {
  /** The keys by their hash (one string, or several when hashes are shared). */
  private readonly byHash = new Map<number, string | string[]>();
  /** How many keys. */
  size = 0;
  /** The hash (hashString) of each new key's queue ID alone, in order: the lines pass 2 wants (an ID may come twice, from two hosts). */
  readonly idHashes: number[] = [];

  /** `mask`: the bits of the hash kept (30, a small integer; a test keeps a few, so that many keys share one). */
  constructor(private readonly mask = 0x3fffffff) {}

  /** Adds the key of Postfix line `line` (`h` its header, its queue ID ending at `idEnd`); whether it is new. */
  add(line: string, h: SyslogHeader, idEnd: number): boolean {
    const k = at(line, h, idEnd, this.mask);
    const found = this.byHash.get(k.hash);
    if (found !== undefined && (typeof found === 'string' ? same(found, line, k) : found.some((s) => same(s, line, k)))) return false;
    const key = `${line.slice(h.hostStart, h.hostEnd)} ${line.slice(h.programStart, k.instanceEnd)}/${line.slice(h.message, idEnd)}`;
    this.byHash.set(k.hash, found === undefined ? key : typeof found === 'string' ? [found, key] : [...found, key]);
    this.size++;
    this.idHashes.push(hashChars(line, h.message, idEnd));
    return true;
  }

  /** Whether the key of Postfix line `line` (as for `add`) is here. */
  has(line: string, h: SyslogHeader, idEnd: number): boolean {
    const k = at(line, h, idEnd, this.mask);
    const found = this.byHash.get(k.hash);
    if (found === undefined) return false;
    return typeof found === 'string' ? same(found, line, k) : found.some((s) => same(s, line, k));
  }
}

/** Where a line's key is: its host [hostStart, hostEnd), instance [programStart, instanceEnd) (the program up to a '/'), queue ID [message, idEnd); and its hash. */
interface KeyAt {
  hostStart: number;
  hostEnd: number;
  programStart: number;
  instanceEnd: number;
  idStart: number;
  idEnd: number;
  hash: number;
}

const where: KeyAt = { hostStart: 0, hostEnd: 0, programStart: 0, instanceEnd: 0, idStart: 0, idEnd: 0, hash: 0 };

/** The key's place in `line` and its hash (FNV-1a of its characters, the bits of `mask`); valid until the next call. */
function at(line: string, h: SyslogHeader, idEnd: number, mask: number): KeyAt {
  const slash = line.indexOf('/', h.programStart);
  const instanceEnd = slash < 0 || slash > h.programEnd ? h.programEnd : slash;
  let x = FNV_BASIS;
  for (let i = h.hostStart; i < h.hostEnd; i++) x = Math.imul(x ^ line.charCodeAt(i), FNV_PRIME);
  x = Math.imul(x ^ 32, FNV_PRIME);
  for (let i = h.programStart; i < instanceEnd; i++) x = Math.imul(x ^ line.charCodeAt(i), FNV_PRIME);
  x = Math.imul(x ^ 47, FNV_PRIME);
  for (let i = h.message; i < idEnd; i++) x = Math.imul(x ^ line.charCodeAt(i), FNV_PRIME);
  where.hostStart = h.hostStart;
  where.hostEnd = h.hostEnd;
  where.programStart = h.programStart;
  where.instanceEnd = instanceEnd;
  where.idStart = h.message;
  where.idEnd = idEnd;
  where.hash = x & mask;
  return where;
}

/** Whether `key` is the key at `k` of `line`. */
function same(key: string, line: string, k: KeyAt): boolean {
  const host = k.hostEnd - k.hostStart;
  const instance = k.instanceEnd - k.programStart;
  if (key.length !== host + 1 + instance + 1 + (k.idEnd - k.idStart)) return false;
  if (key.charCodeAt(host) !== 32 || key.charCodeAt(host + 1 + instance) !== 47) return false;
  return equalAt(key, 0, line, k.hostStart, k.hostEnd) && equalAt(key, host + 1, line, k.programStart, k.instanceEnd) && equalAt(key, host + 2 + instance, line, k.idStart, k.idEnd);
}

/** Whether `key` from `at` holds line[s, e). */
function equalAt(key: string, at: number, line: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (key.charCodeAt(at + i - s) !== line.charCodeAt(i)) return false;
  return true;
}
