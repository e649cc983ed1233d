// Where a queue ID's lines are, before the index of a log is complete: the first pass notes a
// hash of the queue ID that starts each Postfix line, and of each queue ID mentioned after a hop
// marker (`queued as `, `Queue-ID: `, ...: the mentions the index reads). A query for one queue
// ID gets every line that the index would file under it (its own lines and its mentions), plus
// the odd line whose hash is shared, which costs nothing but a line read more. earlyIndex
// (earlyIndex.ts) indexes these lines only.
import { fresh } from '../formats/format';
import { queueIdMentionAny } from '../formats/postfix';

/** FNV-1a of line[s, e) (UTF-16 code units; queue IDs are ASCII). */
function hashOf(line: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  return h | 0;
}
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Pairs of (hash, line), growing. */
class Postings {
  private a = new Int32Array(2048);
  length = 0;

  push(hash: number, line: number): void {
    if (this.length + 2 > this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = hash;
    this.a[this.length++] = line;
  }

  linesOf(hash: number, out: number[]): void {
    const a = this.a;
    for (let i = 0; i < this.length; i += 2) if (a[i] === hash) out.push(a[i + 1]);
  }
}

/** The markers after which findQueueIds (lineInfo.ts) reads a queue ID (formats/postfix.ts's queueIdMentions). */
const MARKERS = fresh(queueIdMentionAny);

export class QueueIdLines {
  /** (hash, line) of the queue ID that starts a Postfix line. */
  private readonly subjects = new Postings();
  /** (hash, line) of each queue ID mentioned after a marker. */
  private readonly mentions = new Postings();

  /** A Postfix line whose message starts at `m`: notes the queue ID there, if one is. */
  subject(line: string, m: number, n: number): void {
    const e = line.indexOf(':', m);
    if (e > m && line.charCodeAt(e + 1) === 32) this.subjects.push(hashOf(line, m, e), n);
  }

  /** Any syslog line: notes the queue IDs it mentions after a marker, from `m` on. */
  mention(line: string, m: number, n: number): void {
    MARKERS.lastIndex = m;
    for (let g = MARKERS.exec(line); g; g = MARKERS.exec(line)) {
      // A list (`queued_as: A/B`) or one ID: runs of letters and digits (a superset of what findQueueIds takes).
      let p = MARKERS.lastIndex;
      for (;;) {
        let e = p;
        while (e < line.length && isAlnum(line.charCodeAt(e))) e++;
        if (e === p) break;
        this.mentions.push(hashOf(line, p, e), n);
        if (line.charCodeAt(e) !== 47 /* / */) break;
        p = e + 1;
      }
    }
  }

  /** The lines starting with or mentioning `queueId` (and the odd other line sharing its hash), unsorted. */
  linesOf(queueId: string): number[] {
    const h = hashOf(queueId, 0, queueId.length);
    const out: number[] = [];
    this.subjects.linesOf(h, out);
    this.mentions.linesOf(h, out);
    return out;
  }
}
