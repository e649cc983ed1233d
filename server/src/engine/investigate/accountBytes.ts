// The account report (accountReport.ts) fed as bytes by a caller that walks every line itself and
// parses the MTA's (the timeline's scan, through MailSummary's events): each line is shown to the
// report's year model without being decoded, and only the lines that can matter are decoded and
// handed on: log4j entries that hold one of AccountReport.lineMarkers (found in the block by a
// byte search), and the MTA lines the caller's parse points at (`queueLine`, `authLine`): SMTP
// AUTH logins, failed ones, and the lines of the transactions the report follows. Pure: bytes in,
// calls out; the caller gives the byte search (Node's Buffer.indexOf).
import { postfixMarkers } from '../formats/markers';
import { latin1 } from '../bytes';
import { pattern, search } from '../summary/scan';
import { AccountReport } from './accountReport';
import { FindBytes, findBytes, HitLines, isLog4jHeadAt } from './hitLines';

const utf8 = new TextDecoder();
const encoder = new TextEncoder();
const SASL_USERNAME = pattern(postfixMarkers.saslUsername.text);
/** Bytes of a line's start decoded for its time (lineTime reads 23 characters). */
const HEAD = 64;

export class AccountLines {
  readonly report = new AccountReport();
  private readonly markers: HitLines;
  private end = 0;
  /** Where the next marker is in the block (Infinity: none; -1: not searched yet). */
  private markerAt = -1;
  /** The current line: b[s, z) without its line end, its number, and whether it was handed on. */
  private b: Uint8Array = new Uint8Array(0);
  private s = 0;
  private z = 0;
  private n = 0;
  private done = false;

  constructor(find: FindBytes = findBytes) {
    this.markers = new HitLines(AccountReport.lineMarkers.map((m) => encoder.encode(m)), find);
  }

  beginTimeline(reference: number | Date): void {
    this.report.beginTimeline(reference);
  }

  beginFile(file: number): void {
    this.report.beginFile(file);
    this.markers.beginFile();
  }

  /** The lines that follow were appended to file `file` of timeline `timeline` (see TimelineScan.resume). */
  resume(timeline: number, file: number): void {
    this.report.clock.resumeTimeline(timeline);
    this.beginFile(file);
  }

  /** The lines of b[start, end) follow (`line` for each, then `endBlock`). */
  beginBlock(b: Uint8Array, _start: number, end: number): void {
    this.b = b;
    this.end = end;
    this.markerAt = -1;
  }

  /** Line `n` of the file: b[s, e), its line end included. */
  line(b: Uint8Array, s: number, e: number, n: number): void {
    let z = e > s && b[e - 1] === 10 ? e - 1 : e;
    if (z > s && b[z - 1] === 13) z--;
    this.report.clock.nextBytes(b, s, z);
    this.s = s;
    this.z = z;
    this.n = n;
    this.done = false;
    if (!isLog4jHeadAt(b, s, z)) return;
    // The block is searched from its first log4j entry on (an MTA log's never).
    if (this.markerAt < s) this.markerAt = this.markerAt < 0 ? this.markers.begin(b, s, this.end) : this.markers.first(b, s, this.end);
    if (this.markerAt < e) this.hit();
  }

  /**
   * The current line is a Postfix line of queue ID b[m, q), its text after `ID: ` from `r`
   * (MailSummary's parse): handed on when it is an SMTP AUTH login (`client=...sasl_username=`), a
   * delivery or `removed` of a transaction the report follows, or a `message-id=` while webmail
   * messages wait.
   */
  queueLine(b: Uint8Array, m: number, q: number, r: number): void {
    const c = b[r];
    if (c === 99 /* c */) {
      if (this.done || search(b, SASL_USERNAME, r, this.z) < 0) return;
      // An SMTP AUTH login: the text after `ID: ` and the line's start (its time) decoded, not the line.
      this.done = true;
      this.report.login(latin1(b, m, q), this.decode(r, this.z), this.decode(this.s, Math.min(this.z, this.s + HEAD)), this.n);
    } else if (c === 109 /* m */ && this.report.wantsMessageIds) this.hit();
    else if ((c === 116 /* t */ || c === 114) /* r */ && !this.done && this.report.wantsQueueId(b, m, q)) {
      // Only the text after `ID: ` is decoded: the header is read (the report reads it as this parse did).
      this.done = true;
      this.report.followed(latin1(b, m, q), this.decode(r, this.z));
    }
  }

  /** Bytes [s, e) of the current block as text (through a plain view: a Buffer's subarray would make a Buffer). */
  private decode(s: number, e: number): string {
    const b = this.b;
    return utf8.decode(new Uint8Array(b.buffer, b.byteOffset + s, e - s));
  }

  /** The current line may be a failed SMTP AUTH login (saslauthd's or Postfix's). */
  authLine(): void {
    this.hit();
  }

  /** Before the block's bytes are reused. */
  endBlock(): void {
    this.report.clock.flushBytes();
  }

  private hit(): void {
    if (this.done) return;
    this.done = true;
    this.report.hit(this.decode(this.s, this.z), this.n);
  }
}
