// Redaction for sharing logs with a vendor: e-mail addresses, IP addresses, host and domain
// names and account names are replaced by pseudonyms. One Redactor gives the same pseudonym to
// the same input everywhere (an address keeps its pseudonym across files and lines, a domain the
// same one in host names and addresses), so the story stays readable. Pure; linear per line.
//
// Replaced (listed in README.md):
// - e-mail addresses (also Message-IDs' `local@host`): `user7@domain2.example`
// - IPv4 addresses (not 127.x, 0.0.0.0): `198.18.0.N`; IPv6 addresses: `2001:db8::N`
// - host and domain names (two labels or more, ending in a top-level domain; not Java
//   class names or file names): `domainN.example`; the host of a syslog line's header: `hostN`
// - account names without a domain after `name=`, `aname=`, `account=`, `sasl_username=`,
//   `authentication failed for [`: `accountN`

import { ByteKeys, keyHash } from '../byteKeys';
import { ByteOut } from '../byteOut';
import { ascii, Bytes, hasBytes, latin1 } from '../bytes';
import { Events } from './redactFind';
import { Pseudonyms, RedactScan, Scan } from './redactScan';
import { ACCOUNT, EMAIL, HOST, IPV4, IPV6 } from './redactTokens';
import { isHostName } from '../formats/hostNames';

export type RedactionKind = 'email' | 'ip' | 'host' | 'account';

/** What each kind is counted as, in the order of RedactScan's tally. */
const COUNTED: readonly RedactionKind[] = ['email', 'ip', 'host', 'account'];

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export class Redactor implements Pseudonyms {
  // The pseudonym tables, keyed by the value in lower case: a value's number is its id (1, 2, ...).
  private readonly local = new ByteKeys(1 << 10, 1 << 15); // e-mail addresses (the local part is named by the whole address)
  private readonly hosts = new ByteKeys(1 << 8, 1 << 12); // domains and host names (also the domains of addresses)
  private readonly ips = new ByteKeys(1 << 8, 1 << 12);
  private readonly accounts = new ByteKeys(1 << 8, 1 << 12);
  private readonly shortHosts = new ByteKeys(16, 256); // syslog headers' hosts that are not host names
  private readonly scanner: Scan;
  private readonly events = new Events();
  /** A lower-cased key. */
  private lower = new Uint8Array(256);

  /** `scan`: what finds and replaces (RedactScan, or the same in WebAssembly: the same bytes). */
  constructor(scan: (names: Pseudonyms) => Scan = (names) => new RedactScan(names)) {
    this.scanner = scan(this);
  }

  /** How many occurrences of each kind were replaced. */
  get counts(): Record<RedactionKind, number> {
    const c: Record<RedactionKind, number> = { email: 0, ip: 0, host: 0, account: 0 };
    this.scanner.tally.forEach((n, k) => (c[COUNTED[k]] = n));
    return c;
  }

  /** How many distinct values of each kind got a pseudonym. */
  get distinct(): Record<RedactionKind, number> {
    return { email: this.local.size, ip: this.ips.size, host: this.hosts.size + this.shortHosts.size, account: this.accounts.size };
  }

  /** One line, redacted (a '\r' or '\n' in it is a character like another). */
  line(s: string): string {
    return this.string(s, false);
  }

  /** A whole text (any line terminators kept). A lone surrogate in it, which no file holds, comes out as U+FFFD. */
  text(s: string): string {
    return this.string(s, true);
  }

  private string(s: string, lines: boolean): string {
    const b = encoder.encode(s);
    const out = new ByteOut(b.length + 64);
    return this.bytes(b, 0, b.length, out, lines) ? utf8.decode(out.view()) : s;
  }

  /**
   * Bytes [start, end) of `b` (valid UTF-8, whole lines: no line goes on in the next call)
   * redacted, appended to `out`; the number of replacements. With `lines`, '\r' and '\n' end lines
   * (a syslog header is looked for after each). The output is the reference's, which replaces in
   * each line every match of the alternation EMAIL|ACCOUNT|IPV4|IPV6|HOST (redactTokens.ts) after
   * the syslog header's host: test/unit/redactDiff.test.ts holds it to that, redactBytes.test.ts
   * the byte scan's edge cases.
   */
  bytes(b: Bytes, start: number, end: number, out: ByteOut, lines = true): number {
    this.findRuns(b, start, end, lines, this.events);
    return this.bytesFound(b, start, end, this.events, out);
  }

  /**
   * bytes() with what findRuns listed in the block given (it depends on the block's bytes only:
   * another thread may have listed it), applied in order (the pseudonyms are numbered by first
   * appearance); the number of replacements.
   */
  bytesFound(b: Bytes, start: number, end: number, events: Events, out: ByteOut): number {
    const t = this.scanner.tally;
    const before = t[0] + t[1] + t[2] + t[3];
    this.scanner.apply(b, start, end, events, out);
    return t[0] + t[1] + t[2] + t[3] - before;
  }

  /** What findRuns lists in bytes [start, end) of `b` (as `bytes` finds it), into `events`. */
  findRuns(b: Bytes, start: number, end: number, lines: boolean, events: Events): void {
    this.scanner.find(b, start, end, lines, events);
  }

  /** Writes the pseudonym of a match not seen lately to `out` (no string is made); false to keep the match (nothing written). */
  pseudonym(kind: number, b: Bytes, s: number, e: number, out: ByteOut): boolean {
    if (kind === EMAIL) {
      let at = e - 1;
      while (b[at] !== 64) at--;
      const n = this.number(this.local, b, s, e);
      out.ascii('user');
      out.decimal(n);
      out.ascii('@');
      this.host(b, at + 1, e, out);
    } else if (kind === ACCOUNT) {
      const n = this.number(this.accounts, b, s, e);
      out.ascii('account');
      out.decimal(n);
    } else if (kind === IPV4) return this.ipv4(b, s, e, out);
    else if (kind === IPV6) return this.ipv6(b, s, e, out);
    else if (kind === HOST) {
      if (!isHostName(latin1(b, s, e))) return false;
      this.host(b, s, e, out);
    } else this.syslogHost(utf8.decode(b.subarray(s, e)), b, s, e, out);
    return true;
  }

  /** The number of the value [s, e) of `b` in lower case (ASCII letters: every key but a syslog host's) in `table`. */
  private number(table: ByteKeys, b: Bytes, s: number, e: number): number {
    if (e - s > this.lower.length) this.lower = new Uint8Array(2 * (e - s));
    const l = this.lower;
    for (let i = s; i < e; i++) {
      const c = b[i];
      l[i - s] = c >= 65 && c <= 90 ? c + 32 : c;
    }
    return table.intern(keyHash(l, 0, 0, 0, e - s), l, 0, 0, 0, e - s);
  }

  /** Writes a domain or host name's pseudonym (the same in addresses and host names). */
  private host(b: Bytes, s: number, e: number, out: ByteOut): void {
    const n = this.number(this.hosts, b, s, e);
    out.ascii('domain');
    out.decimal(n);
    out.ascii('.example');
  }

  private ipv4(b: Bytes, s: number, e: number, out: ByteOut): boolean {
    // Four parts of 1 to 3 digits (IPV4): each at most 255, the first not 127.
    let part = 0;
    let first = -1;
    for (let i = s; i <= e; i++) {
      const c = i < e ? b[i] : 46;
      if (c !== 46) part = part * 10 + c - 48;
      else if (part > 255) return false;
      else {
        if (first < 0) first = part;
        part = 0;
      }
    }
    if (first === 127 || KEPT_IPV4.some((k) => e - s === k.length && hasBytes(b, s, e, k))) return false;
    const n = this.number(this.ips, b, s, e);
    out.ascii('198.18.');
    out.decimal((n >> 8) & 255);
    out.ascii('.');
    out.decimal(n & 255);
    return true;
  }

  private ipv6(b: Bytes, s: number, e: number, out: ByteOut): boolean {
    // Times (10:17:09) have no '::' and two colons: kept. A match starts with a hex digit: never "::1".
    let colons = 0;
    let double = false;
    for (let i = s; i < e; i++) {
      if (b[i] !== 58) continue;
      colons++;
      if (b[i - 1] === 58) double = true;
    }
    if (!double && colons !== 7) return false;
    const n = this.number(this.ips, b, s, e);
    out.ascii('2001:db8::');
    out.ascii(n.toString(16));
    return true;
  }

  /** Writes the pseudonym of a syslog header's host `name` (bytes [s, e) of `b`; findRuns keeps addresses). */
  private syslogHost(name: string, b: Bytes, s: number, e: number, out: ByteOut): void {
    if (isHostName(name)) return this.host(b, s, e, out);
    // Lower-cased as a string (Unicode's case rules for any letter beyond ASCII), then keyed by its bytes.
    const l = encoder.encode(name.toLowerCase());
    const n = this.number(this.shortHosts, l, 0, l.length);
    out.ascii('host');
    out.decimal(n);
  }
}

/** The IPv4 addresses kept as they are (besides 127.x). */
const KEPT_IPV4 = ['0.0.0.0', '255.255.255.255'].map(ascii);

/** Redacts `text` with a fresh Redactor (pseudonyms consistent within it). */
export function redact(text: string): { text: string; counts: Record<RedactionKind, number>; distinct: Record<RedactionKind, number> } {
  const r = new Redactor();
  const out = r.text(text);
  return { text: out, counts: r.counts, distinct: r.distinct };
}
