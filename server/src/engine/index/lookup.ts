// Finding a key's lines in a stream index by looking, not scanning: bucketed positions of its
// line keys and of each posting list, built when a query first needs them (or brought by the
// worker threads that indexed the file's parts), and extended by the lines appended since. A
// lookup of one key reads a few hundred entries, whatever the log's size.
import { KeyBuckets, KeyBucketsData } from './buckets';
import { Postings } from './paged';
import type { Steps } from '../steps';
import { lowerBound, StreamIndex } from './streamIndex';

/** The posting lists a lookup buckets. */
export const BUCKETED = ['queueLines', 'messageIds', 'mentions', 'addresses'] as const;
export type Bucketed = (typeof BUCKETED)[number];

export class IndexLookup {
  private readonly buckets: Record<Bucketed, KeyBuckets>;
  lineCount = 0;
  /** Message-ID postings [0, sortedMessageIds) are in line order. */
  private sortedMessageIds = 0;
  /** The length of the Message-ID postings when `sortedMessageIds` was last extended. */
  private sortedLength = 0;

  constructor(readonly index: StreamIndex) {
    this.buckets = Object.fromEntries(BUCKETED.map((list) => [list, new KeyBuckets(index[list].hashes)])) as Record<Bucketed, KeyBuckets>;
    this.grown();
  }

  /** Takes the buckets of postings [from, from + d.length) of one list, built elsewhere (a worker's part of the file). */
  adopt(list: Bucketed, from: number, d: KeyBucketsData): void {
    this.buckets[list].adopt(from, d);
  }

  /** How many keys of a list were bucketed here so far, and in how many parts they are. */
  bucketStats(list: Bucketed): { bucketed: number; parts: number } {
    return { bucketed: this.buckets[list].bucketed, parts: this.buckets[list].partCount };
  }

  /** Makes in steps the buckets a trace reads (of addresses too, with `addresses`), which would otherwise be made at once on first use. */
  *prepare(addresses: boolean): Steps<void> {
    for (const list of ['queueLines', 'mentions', 'messageIds', ...(addresses ? (['addresses'] as const) : [])] as const) yield* this.buckets[list].cover();
  }

  /** After lines were appended to the index: the buckets cover the new postings when next asked. */
  grown(): void {
    const m = this.index.messageIds;
    let i = this.sortedMessageIds;
    if (i === this.sortedLength) {
      i = Math.max(1, i);
      while (i < m.length && m.lines.get(i) >= m.lines.get(i - 1)) i++;
      this.sortedMessageIds = Math.min(i, m.length);
    }
    this.sortedLength = m.length;
    this.lineCount = this.index.lineCount;
  }
  /** Lines that start with the queue ID of key `k`. */
  keyLines(k: number): number[] {
    return linesAt(this.index.queueLines, this.buckets.queueLines.find(k));
  }

  /** Lines naming another queue ID of key `k` after a hop marker. */
  mentionLines(k: number): number[] {
    return linesAt(this.index.mentions, this.buckets.mentions.find(k));
  }

  messageIdLines(k: number): number[] {
    return linesAt(this.index.messageIds, this.buckets.messageIds.find(k));
  }

  addressLines(k: number): number[] {
    return linesAt(this.index.addresses, this.buckets.addresses.find(k));
  }

  /** The Message-ID key that line `n` names (for an LMTP rejection, its session's), or 0. */
  messageIdOn(n: number): number {
    const m = this.index.messageIds;
    let lo = 0;
    let hi = this.sortedMessageIds;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (m.lines.get(mid) < n) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.sortedMessageIds && m.lines.get(lo) === n) return m.hashes.get(lo);
    // Rejections whose session began in an earlier part of the file were added after the others.
    for (let i = this.sortedMessageIds; i < m.length; i++) if (m.lines.get(i) === n) return m.hashes.get(i);
    return 0;
  }

  /** The keys that line `n` names after hop markers (mention postings are in line order). */
  mentionsOn(n: number): number[] {
    const m = this.index.mentions;
    const lo = lowerBound(m.lines, n);
    const out: number[] = [];
    for (let i = lo; i < m.length && m.lines.get(i) === n; i++) out.push(m.hashes.get(i));
    return out;
  }
}

const linesAt = (p: Postings, positions: number[]) => positions.map((i) => p.lines.get(i));

const lookups = new WeakMap<StreamIndex, IndexLookup>();

/** The lookup of an index, as of its current length (the buckets it had are kept when it grew). */
export function lookupOf(index: StreamIndex): IndexLookup {
  let l = lookups.get(index);
  if (!l) lookups.set(index, (l = new IndexLookup(index)));
  else if (l.lineCount !== index.lineCount) l.grown();
  return l;
}
