// Finding a key's lines in a stream index by looking, not scanning: bucketed positions of its
// line keys and of each posting list, built when a query first needs them (and again once the
// index has grown). A lookup of one key reads a few hundred entries, whatever the log's size.
import { KeyBuckets } from './buckets';
import { Postings } from './paged';
import type { Steps } from '../steps';
import { lowerBound, StreamIndex } from './streamIndex';

export class IndexLookup {
  // Each made when a query first needs it.
  private _keys?: KeyBuckets;
  private _messageIds?: KeyBuckets;
  private _mentions?: KeyBuckets;
  private _addresses?: KeyBuckets;
  readonly lineCount: number;
  /** Message-ID postings [0, sortedMessageIds) are in line order. */
  private readonly sortedMessageIds: number;

  constructor(readonly index: StreamIndex) {
    this.lineCount = index.lineCount;
    const m = index.messageIds;
    let i = 1;
    while (i < m.length && m.lines.get(i) >= m.lines.get(i - 1)) i++;
    this.sortedMessageIds = Math.min(i, m.length);
  }

  private get keys(): KeyBuckets {
    return (this._keys ??= KeyBuckets.of(this.index.queueLines.hashes));
  }
  private get messageIds(): KeyBuckets {
    return (this._messageIds ??= KeyBuckets.of(this.index.messageIds.hashes));
  }
  private get mentions(): KeyBuckets {
    return (this._mentions ??= KeyBuckets.of(this.index.mentions.hashes));
  }
  private get addresses(): KeyBuckets {
    return (this._addresses ??= KeyBuckets.of(this.index.addresses.hashes));
  }

  /** Makes in steps the buckets a trace reads (of addresses too, with `addresses`), which would otherwise be made at once on first use. */
  *prepare(addresses: boolean): Steps<void> {
    const ix = this.index;
    this._keys ??= yield* KeyBuckets.build(ix.queueLines.hashes);
    this._mentions ??= yield* KeyBuckets.build(ix.mentions.hashes);
    this._messageIds ??= yield* KeyBuckets.build(ix.messageIds.hashes);
    if (addresses) this._addresses ??= yield* KeyBuckets.build(ix.addresses.hashes);
  }

  /** Lines that start with the queue ID of key `k`. */
  keyLines(k: number): number[] {
    return linesAt(this.index.queueLines, this.keys.find(k));
  }

  /** Lines naming another queue ID of key `k` after a hop marker. */
  mentionLines(k: number): number[] {
    return linesAt(this.index.mentions, this.mentions.find(k));
  }

  messageIdLines(k: number): number[] {
    return linesAt(this.index.messageIds, this.messageIds.find(k));
  }

  addressLines(k: number): number[] {
    return linesAt(this.index.addresses, this.addresses.find(k));
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

/** The lookup of an index, as of its current length. */
export function lookupOf(index: StreamIndex): IndexLookup {
  let l = lookups.get(index);
  if (!l || l.lineCount !== index.lineCount) {
    l = new IndexLookup(index);
    lookups.set(index, l);
  }
  return l;
}
