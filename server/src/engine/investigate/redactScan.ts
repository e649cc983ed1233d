// The redaction of a block of UTF-8 bytes (whole lines), in order: what `findRuns` listed
// (redactFind.ts) is replaced, the bytes between copied as they are. What a run becomes depends on
// its bytes alone (and on whether an account name matches at its start, which findRuns tells): no
// pattern's lookbehind or lookahead tells apart the bytes that end a run (redactTokens.ts). So what
// each run became is remembered (redactAnswers.ts), and a run seen lately is replaced by a lookup
// and a copy; a run not seen lately is scanned as the reference's global replace would.
import { ByteOut, SHORT } from '../byteOut';
import { Bytes } from '../bytes';
import { ANSWER, ANSWER_LENGTH, Answers, TALLY } from './redactAnswers';
import { Events, findRuns, HEADER_HOST } from './redactFind';
import * as T from './redactTokens';

/** Where each kind is counted in a run's tally (8 bits each: email, ip, host, account). */
const SHIFT = [0, 0, 24, 8, 8, 16, 16];
/** A run longer than this is not remembered (its tally could overflow 8 bits). */
const LONGEST = 256;

/** What makes the pseudonyms: writes the one of match [s, e) of `b` of `kind` (T.EMAIL...) to `out`, or false to keep the match (nothing written). */
export interface Pseudonyms {
  pseudonym(kind: number, b: Bytes, s: number, e: number, out: ByteOut): boolean;
}

/** What a Redactor scans with: this one, or the same in WebAssembly (redactWasm.ts), which gives the same bytes. */
export interface Scan {
  /** How many matches of each kind were replaced: email, ip, host, account. */
  readonly tally: Float64Array;
  /** findRuns. */
  find(b: Bytes, start: number, end: number, lines: boolean, events: Events): void;
  /** Bytes [start, end) of `b` with the runs and hosts `events` lists (findRuns) replaced, appended to `out`. */
  apply(b: Bytes, start: number, end: number, events: Events, out: ByteOut): void;
}

export class RedactScan implements Scan {
  readonly tally = new Float64Array(4);
  /** Runs by their bytes: not after an account key, after one; syslog headers' hosts. */
  private readonly answers = [new Answers(), new Answers(), new Answers()];
  constructor(private readonly names: Pseudonyms) {}

  find(b: Bytes, start: number, end: number, lines: boolean, events: Events): void {
    findRuns(b, start, end, lines, events);
  }

  apply(b: Bytes, start: number, end: number, events: Events, out: ByteOut): void {
    const list = events.list;
    // Room for the rest of the input as it is, at every step (a longer answer makes more first).
    out.reserve(end - start);
    let o = out.buf;
    let k = out.length;
    let copied = start;
    for (let x = 0; x < events.count * 4; x += 4) {
      const kind = list[x];
      const s = list[x + 1];
      const e = list[x + 2];
      if (s - copied < SHORT) for (let i = copied; i < s; i++) o[k++] = b[i];
      else {
        o.set(b.subarray(copied, s), k);
        k += s - copied;
      }
      copied = e;
      const answers = this.answers[kind];
      const r = e - s > LONGEST ? -1 : answers.find(list[x + 3], b, s, e);
      if (r < 0) {
        // Not seen lately (or too long to remember): found anew, remembered.
        out.length = k;
        const t = this.answer(kind, b, s, e, start, end, out);
        if (e - s <= LONGEST) answers.add(list[x + 3], b, s, e, out.buf, k, t ? out.length : k, t);
        if (t) this.count(t);
        out.reserve(end - e);
        o = out.buf;
        k = out.length;
        continue;
      }
      const rec = answers.records;
      const t = rec[r + TALLY];
      if (!t) {
        for (let i = s; i < e; i++) o[k++] = b[i];
        continue;
      }
      this.count(t);
      const n = rec[r + ANSWER_LENGTH];
      if (k + n + (end - e) > o.length) {
        out.length = k;
        out.reserve(n + (end - e));
        o = out.buf;
      }
      const a = answers.arena;
      for (let i = rec[r + ANSWER], z = i + n; i < z; i++) o[k++] = a[i];
    }
    out.length = k;
    out.copy(b, copied, end);
  }

  /** Writes what the run or host [s, e) of an event of `kind` becomes; its tally (not counted). */
  answer(kind: number, b: Bytes, s: number, e: number, start: number, end: number, out: ByteOut): number {
    return kind === HEADER_HOST ? this.host(b, s, e, out) : this.matches(b, s, e, start, end, kind, out);
  }

  /** Writes the pseudonym of the syslog header's host [s, e); its tally. */
  private host(b: Bytes, s: number, e: number, out: ByteOut): number {
    this.names.pseudonym(T.SYSLOG, b, s, e, out);
    return 1 << SHIFT[T.SYSLOG];
  }

  private count(t: number): void {
    const tally = this.tally;
    tally[0] += t & 255;
    tally[1] += (t >>> 8) & 255;
    tally[2] += (t >>> 16) & 255;
    tally[3] += t >>> 24;
  }

  /**
   * Writes run [a, z) with its matches replaced; their tally. The patterns are tried at the run's
   * start and after each byte that is not a letter or digit (every pattern's lookbehind refuses
   * those), each only where what it needs follows in the run (an e-mail address an '@' and a '.',
   * an IPv4 address or a host name a '.', an IPv6 address a ':'; an account name at the start
   * only). The first that matches is the match (as the alternation EMAIL|ACCOUNT|IPV4|IPV6|HOST
   * would find), and the scan goes on after it.
   */
  private matches(b: Bytes, a: number, z: number, start: number, end: number, account: number, out: ByteOut): number {
    let lastPeriod = -1;
    let lastColon = -1;
    let lastAt = -1;
    for (let i = a; i < z; i++) {
      const d = b[i];
      if (d === 46) lastPeriod = i;
      else if (d === 58) lastColon = i;
      else if (d === 64) lastAt = i;
    }
    const stop = lastPeriod > lastColon ? lastPeriod : lastColon;
    let copied = a;
    let tally = 0;
    for (let p = a; p < z && (p < stop || (p === a && account)); ) {
      const k = T.CLS[b[p]];
      let kind = T.NONE;
      let e = -1;
      if (k & T.LOCAL && (p === a || !(T.CLS[b[p - 1]] & T.ALNUM))) {
        if (lastAt > p && lastPeriod > p && (e = T.emailEnd(b, p, start, end)) >= 0) kind = T.EMAIL;
        else if (p === a && account && (e = T.accountEnd(b, p, start, end)) >= 0) kind = T.ACCOUNT;
        else if (k & T.DIGIT && lastPeriod > p && (e = T.ipv4End(b, p, start, end)) >= 0) kind = T.IPV4;
        else if (k & T.HEX && lastColon > p && (e = T.ipv6End(b, p, start, end)) >= 0) kind = T.IPV6;
        else if (k & T.LABEL && lastPeriod > p && (e = T.hostEnd(b, p, start, end)) >= 0) kind = T.HOST;
      }
      if (kind === T.NONE) {
        p++;
        continue;
      }
      // The bytes before the match, then its pseudonym; both undone when the match is kept.
      const mark = out.length;
      out.copy(b, copied, p);
      if (this.names.pseudonym(kind, b, p, e, out)) {
        copied = e;
        tally += 1 << SHIFT[kind];
      } else out.length = mark;
      p = e;
    }
    out.copy(b, copied, z);
    return tally;
  }
}
