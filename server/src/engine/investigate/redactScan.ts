// The redaction's scan over UTF-8 bytes (the patterns: redactTokens.ts). Every byte is copied to
// the output as it is read; the work is in the runs of address bytes ([A-Za-z0-9._%+'@:-]), since
// a match never holds another byte. A run without '.' or ':' after its first byte (and not after
// an account key) can hold no match: it stays as copied. Any other run's matches depend on its
// bytes alone (no pattern's lookbehind or lookahead tells apart the bytes that end a run), but for
// an account name at its start, which also depends on the bytes around it: so what a run becomes
// is remembered (redactAnswers.ts) by its bytes and that one bit, and a run seen lately is replaced
// by a lookup and a copy. A run not seen lately is scanned as the reference's global replace would.
import { ByteOut } from '../byteOut';
import { Bytes } from '../bytes';
import { Answers, runHash } from './redactAnswers';
import * as T from './redactTokens';

/** Where each kind is counted in a run's tally (8 bits each: email, ip, host, account). */
const SHIFT = [0, 0, 24, 8, 8, 16, 16];
/** A run longer than this is not remembered (its tally could overflow 8 bits). */
const LONGEST = 256;
const EOL = 128; // '\r' and '\n', in a class of their own
const SEP = 256;
const CLS = new Uint16Array(256);
for (let c = 0; c < 256; c++) CLS[c] = T.CLS[c] | (c === 10 || c === 13 ? EOL : 0) | (c === 46 || c === 58 ? SEP : 0);

/** What makes the pseudonyms: one for match [s, e) of `b` of `kind` (T.EMAIL...), or null to keep it. */
export interface Pseudonyms {
  pseudonym(kind: number, b: Bytes, s: number, e: number): string | null;
}

export class RedactScan {
  /** How many matches of each kind were replaced: email, ip, host, account. */
  readonly tally = new Float64Array(4);
  /** Runs by their bytes: not after an account key, and after one (an account name at the run's start). */
  private readonly runs = [new Answers(), new Answers()];
  /** Syslog headers' hosts by their bytes. */
  private readonly hosts = new Answers();

  constructor(private readonly names: Pseudonyms) {}

  /** Bytes [start, end) of `b` redacted, appended to `out` (see Redactor.bytes). */
  scan(b: Bytes, start: number, end: number, out: ByteOut, lines: boolean): void {
    // Room for the input copied as it is; each replacement makes room for what follows it.
    out.reserve(end - start);
    let o = out.buf;
    let k = out.length;
    let lineStart = true;
    for (let i = start; i < end; ) {
      if (lineStart) {
        lineStart = false;
        const c = b[i];
        const he = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? T.headerEnd(b, i, end) : -1;
        if (he >= 0) {
          out.length = k;
          // Replaced: on after the host (the space after it is copied with what follows).
          if (this.header(b, i, he, out)) i = he;
          out.reserve(end - i);
          o = out.buf;
          k = out.length;
        }
      }
      let c = b[i];
      let cls = CLS[c];
      if (!(cls & T.RUN)) {
        o[k++] = c;
        i++;
        if (cls & EOL && lines) lineStart = true;
        continue;
      }
      const a = i;
      const ka = k;
      o[k++] = c;
      let seps = 0;
      for (i++; i < end; i++) {
        c = b[i];
        cls = CLS[c];
        if (!(cls & T.RUN)) break;
        o[k++] = c;
        seps |= cls;
      }
      const account = a > start && (b[a - 1] === 61 || b[a - 1] === 91) && T.accountEnd(b, a, start, end) >= 0 ? 1 : 0;
      if (!(seps & SEP) && !account) continue;
      out.length = ka;
      this.run(b, a, i, start, end, account, out);
      out.reserve(end - i);
      o = out.buf;
      k = out.length;
    }
    out.length = k;
  }

  /** Writes the syslog header [i, he) with its host replaced; false (nothing written) to keep it. */
  private header(b: Bytes, i: number, he: number, out: ByteOut): boolean {
    const hs = T.HEADER.host;
    const id = this.hosts.id(runHash(b, hs, he), b, hs, he);
    if (!this.hosts.has(id)) {
      const p = this.names.pseudonym(T.SYSLOG, b, hs, he);
      const at = out.length;
      if (p !== null) out.ascii(p);
      this.hosts.learn(id, out.buf, at, out.length, p === null ? 0 : 1 << SHIFT[T.SYSLOG]);
      out.length = at;
    }
    const at = out.length;
    out.copy(b, i, hs);
    if (this.hosts.write(id, out)) {
      this.tally[2]++;
      return true;
    }
    out.length = at;
    return false;
  }

  /** Writes run [a, z) redacted (`account`: whether an account name matches at its start). */
  private run(b: Bytes, a: number, z: number, start: number, end: number, account: number, out: ByteOut): void {
    if (z - a > LONGEST) {
      this.count(this.matches(b, a, z, start, end, account, out));
      return;
    }
    const runs = this.runs[account];
    const id = runs.id(runHash(b, a, z), b, a, z);
    if (!runs.has(id)) {
      const at = out.length;
      const t = this.matches(b, a, z, start, end, account, out);
      runs.learn(id, out.buf, at, out.length, t);
      out.length = at;
    }
    const t = runs.write(id, out);
    if (t) this.count(t);
    else out.copy(b, a, z);
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
      const k = CLS[b[p]];
      let kind = T.NONE;
      let e = -1;
      if (k & T.LOCAL && (p === a || !(CLS[b[p - 1]] & T.ALNUM))) {
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
      const r = this.names.pseudonym(kind, b, p, e);
      if (r !== null) {
        out.copy(b, copied, p);
        out.ascii(r);
        copied = e;
        tally += 1 << SHIFT[kind];
      }
      p = e;
    }
    out.copy(b, copied, z);
    return tally;
  }
}
