// The transactions of a log indexed from disk, and their summaries (for the quick pick and the
// explorer view), in typed-array columns rather than an object each: a 1 GB zimbra.log has about
// 800 k of them. Line numbers of all transactions share one pool; senders and recipients are
// interned strings; keys are packed bytes. `list()` and
// `summaryList()` are read-only array views that make each item on access.
import type { Collator } from '../engine/collate';
import type { Transaction } from '../engine/collateText';
import { summarizeLines } from '../engine/transactionSummary';
import { visible } from '../engine/visible';
import type { TransactionSummary } from '../../../common/protocol';
import { Int32Chunks, Latin1Arena } from './chunks';

const decoder = new TextDecoder();
const STATUSES = ['sent', 'deferred', 'bounced', 'expired', 'undeliverable', 'deliverable'];
const STATUS_CODE = new Map(STATUSES.map((s, i) => [s, i]));
const STATUS_BITS = 3;

/** Strings interned to ids (0 is no string). */
class Strings {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [''];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      // A copy, so that the table does not keep the line the string was cut from.
      const own = JSON.parse(JSON.stringify(s)) as string;
      id = this.values.length;
      this.values.push(own);
      this.ids.set(own, id);
    }
    return id;
  }

  value(id: number): string {
    return this.values[id];
  }
}

/** "=<" (of `from=<` and ` to=<`) in bytes [s, e): the lines `summarizeLines` may read. */
function mentionsAddress(b: Uint8Array, s: number, e: number): boolean {
  // Every other byte: each pair of neighbours has one of them there.
  for (let i = s + 1; i < e; i += 2) {
    const x = b[i];
    if (x === 60) {
      if (b[i - 1] === 61) return true;
    } else if (x === 61 && i + 1 < e && b[i + 1] === 60) return true;
  }
  return false;
}

export class TransactionStore {
  private readonly pool = new Int32Chunks();
  private readonly rcpts = new Int32Chunks();
  private readonly strings = new Strings();
  /** Keys without the default instance's `postfix/`. */
  private readonly keys = new Latin1Arena();
  // Per transaction.
  private readonly keyAt = new Int32Chunks();
  private readonly keyLength = new Int32Chunks();
  private readonly linesAt = new Int32Chunks();
  /** Line count, negated for an incomplete transaction. */
  private readonly lineCount = new Int32Chunks();
  private readonly from = new Int32Chunks();
  private readonly rcptsAt = new Int32Chunks();
  private readonly rcptCount = new Int32Chunks();

  get length(): number {
    return this.keyAt.length;
  }

  /** Adds a transaction `c` emits (its line records are still valid). */
  add(c: Collator, id: number, head: number, complete: boolean): void {
    const L = c.lines;
    const at = this.pool.length;
    let count = 0;
    const text: string[] = [];
    for (let r = head; r !== 0; r = L.next[r]) {
      this.pool.push(L.line[r]);
      count++;
      const b = L.bytesOf(r);
      const s = L.start[r];
      const e = L.end[r];
      if (mentionsAddress(b, s, e)) text.push(decoder.decode(b.subarray(s, e)));
    }
    const m = summarizeLines(text);
    const key = c.keyOf(id);
    const stored = key.startsWith('postfix/') ? key.slice(8) : key;
    this.keyAt.push(this.keys.add(stored));
    this.keyLength.push(stored.length);
    this.linesAt.push(at);
    this.lineCount.push(complete ? count : -count);
    this.from.push(m.from === undefined ? -1 : this.strings.id(m.from));
    this.rcptsAt.push(this.rcpts.length);
    this.rcptCount.push(m.to.length);
    for (let i = 0; i < m.to.length; i++) this.rcpts.push((this.strings.id(m.to[i]) << STATUS_BITS) | STATUS_CODE.get(m.statuses[i])!);
  }

  key(i: number): string {
    const s = this.keys.get(this.keyAt.get(i), this.keyLength.get(i));
    return s.includes('/') ? s : 'postfix/' + s;
  }

  /** The first line of transaction i in the file. */
  private first(i: number): number {
    const at = this.linesAt.get(i);
    const n = Math.abs(this.lineCount.get(i));
    let min = Infinity;
    for (let k = 0; k < n; k++) min = Math.min(min, this.pool.get(at + k));
    return min;
  }

  complete(i: number): boolean {
    return this.lineCount.get(i) > 0;
  }

  /** Transaction i's line numbers, in the order collate.pl prints them. */
  lines(i: number): number[] {
    const at = this.linesAt.get(i);
    const n = Math.abs(this.lineCount.get(i));
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = this.pool.get(at + k);
    return out;
  }

  transaction(i: number): Transaction {
    return new DiskTransaction(this, i);
  }

  summary(i: number): TransactionSummary {
    const key = this.key(i);
    const slash = key.indexOf('/');
    const f = this.from.get(i);
    const at = this.rcptsAt.get(i);
    const n = this.rcptCount.get(i);
    const to = new Array<string>(n);
    const statuses = new Array<string>(n);
    for (let k = 0; k < n; k++) {
      const v = this.rcpts.get(at + k);
      to[k] = this.strings.value(v >>> STATUS_BITS);
      statuses[k] = STATUSES[v & ((1 << STATUS_BITS) - 1)];
    }
    return {
      key,
      queueId: key.slice(slash + 1),
      instance: visible(key.slice(0, slash)),
      line: this.first(i),
      complete: this.complete(i),
      from: f < 0 ? undefined : this.strings.value(f),
      to,
      statuses,
    };
  }

  /** The transactions, as a read-only array made item by item. */
  list(): Transaction[] {
    return lazyArray(() => this.length, (i) => this.transaction(i));
  }

  /** The summaries, as a read-only array made item by item. */
  summaryList(): TransactionSummary[] {
    return lazyArray(() => this.length, (i) => this.summary(i));
  }
}

/** A transaction of the store, its strings and lines made when read. */
class DiskTransaction implements Transaction {
  private _key?: string;
  private _lines?: number[];
  readonly complete: boolean;

  constructor(
    private readonly store: TransactionStore,
    private readonly i: number,
  ) {
    this.complete = store.complete(i);
  }

  get key(): string {
    return (this._key ??= this.store.key(this.i));
  }

  get instance(): string {
    return this.key.slice(0, this.key.indexOf('/'));
  }

  get queueId(): string {
    return this.key.slice(this.key.indexOf('/') + 1);
  }

  get lines(): number[] {
    return (this._lines ??= this.store.lines(this.i));
  }

  toJSON(): Transaction {
    return { key: this.key, instance: this.instance, queueId: this.queueId, lines: this.lines, complete: this.complete };
  }
}

function indexOf(prop: string | symbol): number {
  if (typeof prop !== 'string' || prop === '' || prop.length > 15) return -1;
  const c = prop.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && prop.length > 1)) return -1;
  const n = Number(prop);
  return Number.isInteger(n) ? n : -1;
}

/**
 * A read-only array of `length()` items, item i made by `at(i)` when read: the Array methods
 * (find, filter, map, slice, iteration, JSON) work on it as on an array. What `find` and
 * `filter` return is kept for a while, so that two searches that find the same item give the
 * same object (as callers deduplicating with a Set expect).
 */
function lazyArray<T>(length: () => number, at: (i: number) => T): T[] {
  const readOnly = () => {
    throw new TypeError('read-only');
  };
  const found = new Map<number, T>();
  const keep = (i: number, x: T): T => {
    const old = found.get(i);
    if (old !== undefined) return old;
    if (found.size >= 4096) found.clear();
    found.set(i, x);
    return x;
  };
  type Test = (x: T, i: number, a: T[]) => unknown;
  const proxy: T[] = new Proxy([] as T[], {
    get(target, prop, receiver) {
      if (prop === 'length') return length();
      if (prop === 'find')
        return (test: Test, self?: unknown) => {
          for (let i = 0, n = length(); i < n; i++) {
            const x = at(i);
            if (test.call(self, x, i, proxy)) return keep(i, x);
          }
          return undefined;
        };
      if (prop === 'filter')
        return (test: Test, self?: unknown) => {
          const out: T[] = [];
          for (let i = 0, n = length(); i < n; i++) {
            const x = at(i);
            if (test.call(self, x, i, proxy)) out.push(keep(i, x));
          }
          return out;
        };
      // JSON.stringify of a proxy takes V8's slow path (three times the time and memory): give it an array.
      if (prop === 'toJSON') return () => Array.from({ length: length() }, (_, i) => at(i));
      const i = indexOf(prop);
      if (i >= 0) return i < length() ? at(i) : undefined;
      return Reflect.get(target, prop, receiver);
    },
    has(target, prop) {
      const i = indexOf(prop);
      if (i >= 0) return i < length();
      return Reflect.has(target, prop);
    },
    getOwnPropertyDescriptor(target, prop) {
      const i = indexOf(prop);
      if (i >= 0) return i < length() ? { value: at(i), writable: false, enumerable: true, configurable: true } : undefined;
      if (prop === 'length') return { value: length(), writable: true, enumerable: false, configurable: false };
      return Reflect.getOwnPropertyDescriptor(target, prop);
    },
    ownKeys(target) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < length(); i++) keys.push(String(i));
      return keys.concat(Reflect.ownKeys(target));
    },
    set: readOnly,
    deleteProperty: readOnly,
    defineProperty: readOnly,
  });
  return proxy;
}
