// The stream index of one log file: a single pass over its bytes (any source: a document, a file,
// a gzip or tar member, standard input) that keeps no text. A mark every 64 KB (a line number and
// its byte offset, to read lines back from); for each Postfix line that starts with a queue ID,
// the ID's key; for the lines that link messages, where a Message-ID, another queue ID (the hop
// links of formats/postfix.ts `queueIdMentions`) or an address is named: all as (line, key)
// postings. Plus what the year model needs (month turns).
// Queries (trace, investigations) find their lines here, then read only those lines back by offset
// and parse them with the formats' patterns.
//
// Memory: 8 bytes a posting (about 12 per message), nothing for other lines: a 1 GB zimbra.log
// (7.4 M lines, 790 k messages) takes about 80 MB; a gigabyte of empty lines, almost nothing.
import { queueIdMentions } from '../formats/postfix';
import { amavisMarkers, mailboxMarkers, postfixMarkers } from '../formats/markers';
import { markerBytes } from '../formats/format';
import { ascii, hasBytes as at } from '../bytes';
import { FNV_BASIS, FNV_PRIME } from '../byteKeys';
import { hashBytes, hashLowerBytes } from './keyHash';
import { F64Pages, Postings, U32Pages } from './paged';


type Role = (typeof queueIdMentions)[number]['role'];
interface Markers {
  list: { bytes: Uint8Array; list: boolean }[];
  /** First bytes of the markers: a line is searched only from these. */
  starts: Uint8Array;
}

/** The markers of formats/postfix.ts after which another queue ID is named, for the given roles, as bytes. */
function markers(...roles: Role[]): Markers {
  const list = queueIdMentions.filter((m) => roles.includes(m.role)).map((m) => ({ bytes: ascii(m.marker), list: !!m.list }));
  const starts = new Uint8Array(256);
  for (const m of list) starts[m.bytes[0]] = 1;
  return { list, starts };
}

// Where each line shape names other queue IDs.
const CLIENT_MARKERS = markers('orig-queue-id');
/** `orig_queue_id=` and the longest queue ID after it. */
const ORIG_QUEUE_ID_FIELD = CLIENT_MARKERS.list[0].bytes.length + 34;
const REPLY_MARKERS = markers('queued-as', 'forwarded-as');
const ALL_MARKERS = markers(...queueIdMentions.map((m) => m.role));
const PROXY_MARKERS = markers('queued-as');
const AMAVIS_MARKERS = markers('amavis-queue-id', 'amavis-queued-as');

// The line shapes' markers (formats/markers.ts), as bytes.
const { messageId: MESSAGE_ID, client: CLIENT, saslUsername: SASL_USERNAME, from: FROM, to: TO, origTo: ORIG_TO, uid: UID, removed: REMOVED, program: POSTFIX } = markerBytes(postfixMarkers);
const { program: AMAVIS, messageId: AMAVIS_MESSAGE_ID, queueId: AMAVIS_QUEUE_ID, queuedAs: AMAVIS_QUEUED_AS } = markerBytes(amavisMarkers);
// mailbox.log (log4j): the lines about one message, and where their Message-ID is.
const { messageIds, ...mailbox } = mailboxMarkers;
const { lmtp: LMTP, mailop: MAILOP, smtp: SMTP, loggerEnd: DASH, delivering: DELIVERING, rejecting: REJECTING, rejectedTo: REJECTED_TO } = markerBytes(mailbox);
const MSGID_FIELDS = messageIds.map((m) => ascii(m.text));

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function find(b: Uint8Array, from: number, e: number, p: Uint8Array): number {
  const first = p[0];
  for (let i = from; i + p.length <= e; i++) if (b[i] === first && at(b, i, e, p)) return i;
  return -1;
}

const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isVowel = (c: number) => c === 65 || c === 69 || c === 73 || c === 79 || c === 85 || c === 97 || c === 101 || c === 105 || c === 111 || c === 117;

/** Whether [s, e) has the shape of a queue ID (formats/postfix.ts QUEUE_ID): short hex, or long with `z`. */
export function isQueueIdBytes(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 6 || n > 33) return false;
  let hex = n <= 20;
  let z = false;
  let vowel = false;
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) hex = false;
    if (c === 122) z = true;
    else if (isVowel(c)) vowel = true;
  }
  return hex || (z && !vowel && n >= 9);
}

/** Month (0-11) of the BSD timestamp at `s`, or -1. */
function bsdMonth(b: Uint8Array, s: number, e: number): number {
  if (s + 16 > e || b[s + 3] !== 32 || b[s + 6] !== 32 || b[s + 9] !== 58 || b[s + 12] !== 58) return -1;
  const c = b[s];
  if (c < 65 || c > 90) return -1;
  for (let m = 0; m < 12; m++) {
    if (MONTHS.charCodeAt(3 * m) === c && MONTHS.charCodeAt(3 * m + 1) === b[s + 1] && MONTHS.charCodeAt(3 * m + 2) === b[s + 2]) return m;
  }
  return -1;
}

type Pages<T> = { pages: T[]; length: number };

/** A line gets a mark when it starts this many bytes or more after the last mark. */
export const MARK_BYTES = 1 << 16;

/** The buffers of a StreamIndex's data, to transfer it to another thread rather than copy it. */
export function dataBuffers(d: StreamIndexData): ArrayBuffer[] {
  return [...d.markLines.pages, ...d.markOffsets.pages, ...d.postings.flatMap(([l, h]) => [...l.pages, ...h.pages])].map((a) => a.buffer as ArrayBuffer);
}

/** A StreamIndex as plain data and typed arrays (see toData). */
export interface StreamIndexData {
  scalars: number[];
  markLines: Pages<Uint32Array>;
  markOffsets: Pages<Float64Array>;
  bounds: [Pages<Uint32Array>, Pages<Uint32Array>];
  postings: [Pages<Uint32Array>, Pages<Uint32Array>][];
  yearTurns: number[];
  sessions: [number, number][];
  pendingRejections: number[];
}

/** The first position of sorted `a` whose value is `v` or more. */
export function lowerBound(a: U32Pages, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a.get(mid) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class StreamIndex {
  /** Lines so far. */
  lineCount = 0;

  constructor(
    /** Marks: lines read back are found from the nearest one before them (line numbers, and their offsets in the file's decompressed bytes). */
    readonly markLines = new U32Pages(),
    readonly markOffsets = new F64Pages(),
    /** Postfix lines that start with a queue ID (`QUEUEID: ...`), and its key. */
    readonly queueLines = new Postings(),
    /** Lines naming a Message-ID: cleanup, amavis, mailbox.log (and an LMTP rejection, its session's). */
    readonly messageIds = new Postings(),
    /** Lines naming another queue ID after a hop marker (`queued as`, `orig_queue_id=`, ...). */
    readonly mentions = new Postings(),
    /** Lines naming an envelope address (from=, to=, orig_to=, sasl_username=), keys in lower case. */
    readonly addresses = new Postings(),
  ) {}
  /** Postfix lines that begin a transaction (`QUEUEID: client=`, `uid=`) and that end one (`removed`): where code lenses go. */
  starts = new U32Pages();
  removals = new U32Pages();
  /** Lines where the month of BSD timestamps went back (December -> January): the year turns there. */
  readonly yearTurns: number[] = [];
  /** Month (0-11) of the last BSD timestamp, -1 before any; the first one's, and its line. */
  lastMonth = -1;
  firstMonth = -1;
  firstBsd = -1;
  /** The first and the last line with a timestamp, -1 before any. */
  firstTimed = -1;
  lastTimed = -1;
  /** Bytes read. */
  size = 0;
  /** The offset from which the next line gets a mark. */
  private nextMark = 0;
  /** The month name's bytes of the last BSD timestamp, as one number. */
  private monthWord = -1;
  /** LMTP session (thread key) -> Message-ID key of its last `Delivering message`. */
  private lmtpSessions = new Map<number, number>();
  /** Rejections whose session began before this index's first line (line, session key), for `append`. */
  private pendingRejections: number[] = [];

  /**
   * Reads the lines in bytes [start, end) of `b`, which lie at `offset` of the file. Only whole
   * lines: the last call may end without a newline. A CR before the LF belongs to the line end.
   */
  push(b: Uint8Array, start: number, end: number, offset: number): void {
    let pos = start;
    while (pos < end) {
      if (b[pos] === 10) {
        // A run of empty lines (nothing to index): counted without a call each.
        let q = pos + 1;
        while (q < end && b[q] === 10) q++;
        const first = this.lineCount;
        this.lineCount += q - pos;
        const at = offset + (pos - start);
        if (at + (q - pos) > this.nextMark) {
          // The marks these lines would have had: one where the run crosses the next mark's offset.
          const k = Math.max(0, Math.ceil(this.nextMark - at));
          this.markLines.push(first + k);
          this.markOffsets.push(at + k);
          this.nextMark = at + k + MARK_BYTES;
        }
        if (q - pos > MARK_BYTES && this.markLines.get(this.markLines.length - 1) < this.lineCount - 1) {
          // And one at its end, so that the lines after a long run are not read back through it.
          this.markLines.push(this.lineCount - 1);
          this.markOffsets.push(at + (q - pos) - 1);
          this.nextMark = at + (q - pos) - 1 + MARK_BYTES;
        }
        pos = q;
        continue;
      }
      let nl = b.indexOf(10, pos);
      if (nl < 0 || nl >= end) nl = end;
      const e = nl > pos && b[nl - 1] === 13 ? nl - 1 : nl;
      this.line(b, pos, e, offset + (pos - start));
      pos = nl + 1;
    }
    this.size = Math.max(this.size, offset + (end - start));
  }

  private line(b: Uint8Array, s: number, e: number, offset: number): void {
    const n = this.lineCount++;
    if (offset >= this.nextMark) {
      this.markLines.push(n);
      this.markOffsets.push(offset);
      this.nextMark = offset + MARK_BYTES;
    }
    let key = 0;
    const c = b[s];
    if (c >= 65 && c <= 90) {
      const word = (c << 16) | (b[s + 1] << 8) | b[s + 2];
      const month = word === this.monthWord && b[s + 3] === 32 && b[s + 9] === 58 ? this.lastMonth : bsdMonth(b, s, e);
      if (month >= 0) this.monthWord = word;
      if (month >= 0) {
        if (this.firstMonth < 0) {
          this.firstMonth = month;
          this.firstBsd = n;
        }
        if (this.lastMonth - month > 6) this.yearTurns.push(n);
        this.lastMonth = month;
        this.timed(n);
        key = this.syslog(b, s + 15, e, n);
      }
    } else if (c >= 48 && c <= 57 && s + 20 <= e && b[s + 4] === 45 && b[s + 7] === 45) {
      if (b[s + 10] === 32 && b[s + 19] === 44) {
        this.timed(n);
        this.log4j(b, s, e, n);
      } else if (b[s + 10] === 84) {
        this.timed(n);
        let i = s + 19;
        while (i < e && b[i] !== 32) i++;
        key = this.syslog(b, i, e, n);
      }
    }
    if (key !== 0) this.queueLines.add(n, key);
  }

  private timed(n: number): void {
    if (this.firstTimed < 0) this.firstTimed = n;
    this.lastTimed = n;
  }

  /** After the timestamp: host, program[pid]: message. Returns the line's queue-ID key. */
  private syslog(b: Uint8Array, i: number, e: number, n: number): number {
    while (i < e && b[i] === 32) i++;
    while (i < e && b[i] !== 32) i++; // host
    const program = ++i;
    let j = program;
    for (; j < e; j++) {
      const c = b[j];
      if (c === 91 || c === 58 || c === 32) break;
    }
    if (j === program || j >= e) return 0;
    if (b[j] === 91) {
      while (j < e && b[j] !== 93) j++;
      j++;
    }
    if (b[j] !== 58) return 0;
    const m = b[j + 1] === 32 ? j + 2 : j + 1;
    if (at(b, program, e, POSTFIX)) {
      // The queue ID's bytes hashed (FNV-1a, keyHash.ts) as they are read.
      let q = m;
      let h = FNV_BASIS;
      for (; q < e; q++) {
        const c = b[q];
        if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
        h = Math.imul(h ^ c, FNV_PRIME);
      }
      if (b[q] !== 58 || b[q + 1] !== 32 || !isQueueIdBytes(b, m, q)) {
        // No queue ID of its own: the queue ID an smtpd proxy's `queued as` names.
        this.markers(b, m, e, n, PROXY_MARKERS);
        return 0;
      }
      this.postfix(b, q + 2, e, n);
      return h >>> 0 === 0 ? 1 : h >>> 0;
    }
    if (at(b, program, e, AMAVIS)) this.amavis(b, m, e, n);
    return 0;
  }

  /** `QUEUEID: rest`, from the rest. */
  private postfix(b: Uint8Array, r: number, e: number, n: number): void {
    switch (b[r]) {
      case 109: // m
        if (at(b, r, e, MESSAGE_ID)) this.messageId(b, r + MESSAGE_ID.length, e, n);
        return;
      case 99: // c
        if (!at(b, r, e, CLIENT)) return;
        this.starts.push(n);
        this.client(b, r + CLIENT.length, e, n);
        return;
      case 102: // f
        if (at(b, r, e, FROM)) this.address(b, r, FROM.length, e, n);
        return;
      case 116: // t
        if (at(b, r, e, TO)) this.delivery(b, r, e, n);
        return;
      case 117: // u
        if (!at(b, r, e, UID)) return;
        this.starts.push(n);
        this.address(b, find(b, r, e, FROM), FROM.length, e, n);
        return;
      default:
        if (e - r === REMOVED.length && at(b, r, e, REMOVED)) {
          this.removals.push(n);
          return;
        }
        // Notifications (`sender non-delivery notification: B`, `postmaster ...`) and the rare
        // other line that names a queue ID.
        this.markers(b, r, e, n, ALL_MARKERS);
    }
  }

  /** `client=name[ip], sasl_username=..., orig_queue_id=...`: the fields after the address. */
  private client(b: Uint8Array, r: number, e: number, n: number): void {
    let i = r;
    while (i < e && b[i] !== 93) i++;
    // The fields after the address: `, name=value` each.
    for (; i < e - 2; i++) {
      if (b[i] !== 44 /* , */) continue;
      if (b[i + 2] === 111 /* o */) this.markers(b, i + 2, Math.min(e, i + 2 + ORIG_QUEUE_ID_FIELD), n, CLIENT_MARKERS);
      else if (b[i + 2] === 115 /* s */ && at(b, i + 2, e, SASL_USERNAME)) this.address(b, i + 2, SASL_USERNAME.length, e, n);
    }
  }

  /** `to=<R>, orig_to=<O>, ... status=S (reply ... queued as B)`: the addresses, and the hop the reply names at its end. */
  private delivery(b: Uint8Array, r: number, e: number, n: number): void {
    const end = this.address(b, r, TO.length, e, n);
    if (end + 3 < e && b[end + 3] === 111 /* o */) this.address(b, at(b, end + 3, e, ORIG_TO) ? end + 3 : -1, ORIG_TO.length, e, n);
    // `queued as B)` / `forwarded as C)` end the reply: read backwards from the line's end.
    let q = e;
    if (b[q - 1] === 41) q--;
    let s = q;
    while (s > r && isWord(b[s - 1])) s--;
    if (s === q || b[s - 1] !== 32) return;
    if (b[s - 3] === 97 && b[s - 2] === 115 /* "as " */) this.markers(b, Math.max(r, s - 14), q, n, REPLY_MARKERS);
  }

  /** amavis: its verdict names the queue IDs it links and the Message-ID; other lines (a re-injection's `queued as`) the queue IDs after any hop marker. */
  private amavis(b: Uint8Array, m: number, e: number, n: number): void {
    // The fields come in order (formats/amavis.ts): `Queue-ID: A, Message-ID: <M>, ... queued_as: B, T ms`.
    const q = b[m] === 40 ? find(b, m, e, AMAVIS_QUEUE_ID) : -1;
    if (q < 0) {
      this.markers(b, m, e, n, ALL_MARKERS);
      const id = b[m] === 40 ? find(b, m, e, AMAVIS_MESSAGE_ID) : -1;
      if (id >= 0) this.messageId(b, id + AMAVIS_MESSAGE_ID.length, e, n);
      return;
    }
    let qe = q + AMAVIS_QUEUE_ID.length;
    while (qe < e && isWord(b[qe])) qe++;
    if (qe > q + AMAVIS_QUEUE_ID.length) this.mentions.add(n, hashBytes(b, q + AMAVIS_QUEUE_ID.length, qe));
    const id = find(b, q, e, AMAVIS_MESSAGE_ID);
    if (id >= 0) this.messageId(b, id + AMAVIS_MESSAGE_ID.length, e, n);
    // queued_as is among the last fields: looked for from the end.
    for (let i = e - AMAVIS_QUEUED_AS.length; i > q; i--) {
      if (b[i] === 113 /* q */ && at(b, i, e, AMAVIS_QUEUED_AS)) {
        this.markers(b, i, e, n, AMAVIS_MARKERS);
        break;
      }
      if (b[i] === 62 /* > */) break; // the end of the Message-ID: no queued_as after it
    }
  }

  /** Queue IDs named after the given hop markers, anywhere in [from, e). */
  private markers(b: Uint8Array, from: number, e: number, n: number, markers: Markers): void {
    const starts = markers.starts;
    for (let i = from; i < e; i++) {
      if (!starts[b[i]]) continue;
      for (const mk of markers.list) {
        if (!at(b, i, e, mk.bytes)) continue;
        let s = i + mk.bytes.length;
        for (;;) {
          let q = s;
          while (q < e && isWord(b[q])) q++;
          if (q > s) this.mentions.add(n, hashBytes(b, s, q));
          if (!mk.list || b[q] !== 47 /* / */) break;
          s = q + 1;
        }
        i = s;
        break;
      }
    }
  }

  /** A Message-ID from `s` (angle brackets left out), up to `>`, `,`, whitespace or the end. */
  private messageId(b: Uint8Array, s: number, e: number, n: number): number {
    if (b[s] === 60) s++;
    let q = s;
    while (q < e) {
      const c = b[q];
      if (c === 62 || c === 44 || c <= 32 || c === 60) break;
      q++;
    }
    if (q === s) return 0;
    const h = hashBytes(b, s, q);
    this.messageIds.add(n, h);
    return h;
  }

  /** An address after `marker` at `m` (when m >= 0), up to `>`, `,`, whitespace or the end. */
  private address(b: Uint8Array, m: number, skip: number, e: number, n: number): number {
    if (m < 0) return -1;
    const s = m + skip;
    let q = s;
    while (q < e) {
      const c = b[q];
      if (c === 62 || c === 44 || c <= 32) break;
      q++;
    }
    if (q > s) this.addresses.add(n, hashLowerBytes(b, s, q));
    return q;
  }

  /** mailbox.log: the lines about one message (LMTP delivery and rejection, item added, sent to the MTA). */
  private log4j(b: Uint8Array, s: number, e: number, n: number): void {
    // `LEVEL [thread] [context] logger - message`, split as lineInfo.ts splits it: the context
    // begins after the first "] [" whose bracket closes ("] ") right before the logger.
    const open = b.indexOf(91, s + 23); // the thread's "["
    if (open < 0 || open >= e) return;
    let logger = -1;
    let sep = open;
    for (let tries = 0; tries < 8 && logger < 0; tries++) {
      while (sep + 2 < e && !(b[sep] === 93 && b[sep + 1] === 32 && b[sep + 2] === 91)) sep++;
      if (sep + 2 >= e) return;
      let ctxEnd = sep + 3;
      while (ctxEnd + 1 < e && !(b[ctxEnd] === 93 && b[ctxEnd + 1] === 32)) ctxEnd++;
      const word = ctxEnd + 2;
      let w = word;
      while (w < e && b[w] > 32) w++;
      if (w > word && at(b, w, e, DASH)) logger = word - 1; // where " logger - " begins
      else sep++;
    }
    if (logger < 0) return;
    const lmtp = at(b, logger, e, LMTP);
    if (!lmtp && !at(b, logger, e, MAILOP) && !at(b, logger, e, SMTP)) return;
    const thread = sep; // the thread is [open, sep)
    const message = b.indexOf(45, logger + 1) + 2; // after "- "
    if (lmtp && (at(b, message, e, DELIVERING) || at(b, message, e, REJECTING))) {
      // The LMTP session: the thread.
      const session = hashBytes(b, open, thread);
      if (at(b, message, e, REJECTING)) {
        // `rejecting message from=S,to=R: reason`: found by its recipient too (a refusal at RCPT time).
        const to = find(b, message, e, REJECTED_TO);
        if (to >= 0) {
          let q = to + REJECTED_TO.length;
          while (q < e && b[q] !== 58 && b[q] > 32) q++;
          if (q > to + REJECTED_TO.length) this.addresses.add(n, hashLowerBytes(b, to + REJECTED_TO.length, q));
        }
        const id = this.lmtpSessions.get(session);
        if (id) this.messageIds.add(n, id);
        else this.pendingRejections.push(n, session);
        return;
      }
      const f = find(b, message, e, MSGID_FIELDS[0]);
      const id = f >= 0 ? this.messageId(b, f + MSGID_FIELDS[0].length, e, n) : 0;
      if (id) this.lmtpSessions.set(session, id);
      return;
    }
    for (const field of MSGID_FIELDS) {
      const f = find(b, message, e, field);
      if (f >= 0) {
        this.messageId(b, f + field.length, e, n);
        return;
      }
    }
  }

  /** Everything the index holds, as transferable arrays (for an index built in another thread). */
  toData(): StreamIndexData {
    const { queueLines, messageIds, mentions, addresses } = this;
    return {
      scalars: [this.lineCount, this.lastMonth, this.firstMonth, this.firstBsd, this.firstTimed, this.lastTimed, this.size, this.nextMark],
      markLines: this.markLines.data,
      markOffsets: this.markOffsets.data,
      bounds: [this.starts.data, this.removals.data],
      postings: [queueLines, messageIds, mentions, addresses].map((p) => [p.lines.data, p.hashes.data]),
      yearTurns: this.yearTurns,
      sessions: [...this.lmtpSessions],
      pendingRejections: this.pendingRejections,
    };
  }

  static fromData(d: StreamIndexData): StreamIndex {
    const ix = new StreamIndex(U32Pages.from(d.markLines), F64Pages.from(d.markOffsets), ...(d.postings.map(([l, h]) => new Postings(U32Pages.from(l), U32Pages.from(h))) as [Postings, Postings, Postings, Postings]));
    [ix.lineCount, ix.lastMonth, ix.firstMonth, ix.firstBsd, ix.firstTimed, ix.lastTimed, ix.size, ix.nextMark] = d.scalars;
    [ix.starts, ix.removals] = d.bounds.map((p) => U32Pages.from(p));
    ix.yearTurns.push(...d.yearTurns);
    ix.lmtpSessions = new Map(d.sessions);
    ix.pendingRejections = d.pendingRejections;
    return ix;
  }

  /** Appends the index of the lines that follow these (the next part of the same file, indexed apart). */
  append(next: StreamIndex): void {
    const base = this.lineCount;
    this.markLines.append(next.markLines, base);
    this.markOffsets.append(next.markOffsets);
    this.nextMark = next.nextMark;
    this.queueLines.append(next.queueLines, base);
    this.messageIds.append(next.messageIds, base);
    this.mentions.append(next.mentions, base);
    this.addresses.append(next.addresses, base);
    this.starts.append(next.starts, base);
    this.removals.append(next.removals, base);
    const pending = next.pendingRejections;
    for (let i = 0; i < pending.length; i += 2) {
      const id = this.lmtpSessions.get(pending[i + 1]);
      if (id) this.messageIds.add(base + pending[i], id);
      else this.pendingRejections.push(base + pending[i], pending[i + 1]);
    }
    for (const [k, v] of next.lmtpSessions) this.lmtpSessions.set(k, v);
    if (next.firstBsd >= 0) {
      if (this.lastMonth - next.firstMonth > 6) this.yearTurns.push(base + next.firstBsd);
      if (this.firstBsd < 0) [this.firstBsd, this.firstMonth] = [base + next.firstBsd, next.firstMonth];
      this.lastMonth = next.lastMonth;
    }
    for (const t of next.yearTurns) this.yearTurns.push(base + t);
    if (next.firstTimed >= 0) {
      if (this.firstTimed < 0) this.firstTimed = base + next.firstTimed;
      this.lastTimed = base + next.lastTimed;
    }
    this.size = Math.max(this.size, next.size);
    this.lineCount += next.lineCount;
  }

  /** Bytes held by the index. */
  get bytes(): number {
    return this.markLines.bytes + this.markOffsets.bytes + this.starts.bytes + this.removals.bytes + this.queueLines.bytes + this.messageIds.bytes + this.mentions.bytes + this.addresses.bytes;
  }

  /** The key of the queue ID that line `n` starts with, or 0. */
  keyOf(n: number): number {
    const i = lowerBound(this.queueLines.lines, n);
    return i < this.queueLines.length && this.queueLines.lines.get(i) === n ? this.queueLines.hashes.get(i) : 0;
  }

  /** The last mark at or before line `n`: where reading it back starts. */
  markBefore(n: number): { line: number; offset: number } {
    const i = Math.max(0, lowerBound(this.markLines, n + 1) - 1);
    return { line: this.markLines.get(i), offset: this.markOffsets.get(i) };
  }
}
