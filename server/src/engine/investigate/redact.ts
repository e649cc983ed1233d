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

import { own } from './textFeed';
import { fresh } from '../formats/format';
import { isHostName } from '../formats/hostNames';
import { syslogTimeHostAt } from '../formats/timestamps';
import { accountAt, addressHost, emailAt, hostAt, ipv4At, ipv6At } from '../formats/tokens';

export type RedactionKind = 'email' | 'ip' | 'host' | 'account';

// What is replaced, each tried (sticky) at one position: the first of them that matches there, in
// this order, is the match (as one alternation of them would find), and the scan goes on after it.
const EMAIL = fresh(emailAt);
const ACCOUNT = fresh(accountAt);
const IPV4 = fresh(ipv4At);
const IPV6 = fresh(ipv6At);
const HOST = fresh(hostAt);
/** A syslog header's time and host, at a line's start (lastIndex). */
const BSD_HOST_AT = fresh(syslogTimeHostAt);
// Classes of ASCII codes: RUN, every character a match can hold ([A-Za-z0-9._%+'@:-]); START, those
// a match can start with; ALNUM, letters and digits; then what each kind can start with.
const RUN = 1;
const START = 2;
const ALNUM = 4;
const DIGIT = 8;
const HEX = 16;
const LABEL = 32;
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const digit = c >= 48 && c <= 57;
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  if (digit || upper || lower) CLS[c] = RUN | START | ALNUM | LABEL;
  else if ("._%+'-".includes(ch)) CLS[c] = RUN | START;
  else if (ch === '@' || ch === ':') CLS[c] = RUN;
  if (digit) CLS[c] |= DIGIT;
  if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) CLS[c] |= HEX;
  if (ch === '-') CLS[c] |= LABEL;
}
const enum Kind {
  None,
  Email,
  Account,
  Ipv4,
  Ipv6,
  Host,
}

/** What each kind is counted as. */
const COUNTED: readonly RedactionKind[] = ['host', 'email', 'account', 'ip', 'ip', 'host'];
/** How many distinct matches of each kind the Redactor remembers the answer for. */
const RECENT = 10_000;

/** Where the last match of `at` ended. */
const LAST = { end: 0 };

/** Whether `re` (sticky) matches `s` at `p`; its end in LAST. */
function at(re: RegExp, s: string, p: number): boolean {
  re.lastIndex = p;
  if (!re.test(s)) return false;
  LAST.end = re.lastIndex;
  return true;
}

export class Redactor {
  // Each value's number (a small integer kept in the map entry itself): the pseudonym is made from it
  // when needed, so an entry costs its key's copy and the entry.
  private readonly maps: Record<RedactionKind | 'local' | 'shortHost', Map<string, number>> = {
    email: new Map(),
    ip: new Map(),
    host: new Map(),
    account: new Map(),
    local: new Map(),
    shortHost: new Map(),
  };
  private readonly recent: Map<string, string | null>[] = [0, 1, 2, 3, 4, 5].map(() => new Map());
  /** How many occurrences of each kind were replaced. */
  readonly counts: Record<RedactionKind, number> = { email: 0, ip: 0, host: 0, account: 0 };

  private pseudo(kind: keyof Redactor['maps'], key: string, make: (n: number) => string): string {
    const m = this.maps[kind];
    let v = m.get(key);
    // The key kept is a copy: a slice of the text it was found in would keep the whole text alive.
    if (v === undefined) m.set(own(key), (v = m.size + 1));
    return make(v);
  }

  /** A domain or host name's pseudonym (the same in addresses and host names). */
  private host(name: string): string {
    return this.pseudo('host', name.toLowerCase(), (n) => `domain${n}.example`);
  }

  private email(addr: string): string {
    const domain = addr.slice(addr.lastIndexOf('@') + 1);
    // The local part is named by the whole address (bob@a and bob@b are different people).
    const l = this.pseudo('local', addr.toLowerCase(), (n) => `user${n}`);
    return `${l}@${this.host(domain)}`;
  }

  private account(name: string): string {
    return this.pseudo('account', name.toLowerCase(), (n) => `account${n}`);
  }

  private ipv4(ip: string): string | undefined {
    // Four parts of 1 to 3 digits (IPV4): each at most 255, the first not 127.
    let part = 0;
    let first = -1;
    for (let i = 0; i <= ip.length; i++) {
      const c = i < ip.length ? ip.charCodeAt(i) : 46;
      if (c !== 46) part = part * 10 + c - 48;
      else if (part > 255) return undefined;
      else {
        if (first < 0) first = part;
        part = 0;
      }
    }
    if (first === 127 || ip === '0.0.0.0' || ip === '255.255.255.255') return undefined;
    return this.pseudo('ip', ip, (n) => `198.18.${(n >> 8) & 255}.${n & 255}`);
  }

  private ipv6(ip: string): string | undefined {
    const colons = ip.split(':').length - 1;
    if (!ip.includes('::') && colons !== 7) return undefined;
    if (ip === '::1' || ip === '::') return undefined;
    // Times (10:17:09) have no '::' and two colons: never reached here.
    return this.pseudo('ip', ip.toLowerCase(), (n) => `2001:db8::${n.toString(16)}`);
  }

  /** One line, redacted. */
  line(s: string): string {
    return this.scan(s, false);
  }

  /** A whole text (any line terminators kept). */
  text(s: string): string {
    return this.scan(s, true);
  }

  /**
   * `s` redacted: one line, or (`lines`) lines separated by '\r' or '\n'. The patterns are tried only
   * where one can match: in a run of address characters ([A-Za-z0-9._%+'@:-]; a match never holds
   * another) at the run's start or after a character that is not a letter or digit (every pattern's
   * lookbehind refuses those), each only where what it needs follows in the run (an e-mail address
   * an '@' and a '.', an IPv4 address or a host name a '.', an IPv6 address a ':'; an account name
   * only at a run's start after '=' or '['). So the result is the one global replace, per line, of
   * the alternation EMAIL|ACCOUNT|IPV4|IPV6|HOST would give (lookarounds see the terminators around
   * a line as its ends). The text between replacements is kept as slices: a line with nothing to
   * replace costs a scan. test/unit/redactDiff.test.ts holds this to the old implementation's output.
   */
  private scan(s: string, lines: boolean): string {
    let out = '';
    let copied = 0;
    let lineStart = true;
    const end = s.length;
    for (let i = 0; i < end; ) {
      let c = s.charCodeAt(i);
      if (lineStart) {
        lineStart = false;
        if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
          BSD_HOST_AT.lastIndex = i;
          const h = BSD_HOST_AT.exec(s);
          const pseudo = h ? this.syslogHost(h[2]) : undefined;
          if (h && pseudo) {
            out += s.slice(copied, i) + `${h[1]} ${pseudo} `;
            copied = i += h[0].length;
            if (i >= end) break;
            c = s.charCodeAt(i);
          }
        }
      }
      if (c >= 128 || !(CLS[c] & RUN)) {
        if (lines && (c === 10 || c === 13)) lineStart = true;
        i++;
        continue;
      }
      const a = i;
      let lastPeriod = -1;
      let lastColon = -1;
      let lastAt = -1;
      for (; i < end; i++) {
        const d = s.charCodeAt(i);
        if (d >= 128 || !(CLS[d] & RUN)) break;
        if (d === 46) lastPeriod = i;
        else if (d === 58) lastColon = i;
        else if (d === 64) lastAt = i;
      }
      const b = i;
      const afterKey = a > 0 && (s.charCodeAt(a - 1) === 61 || s.charCodeAt(a - 1) === 91);
      const stop = lastPeriod > lastColon ? lastPeriod : lastColon;
      for (let p = a; p < b && (p < stop || (p === a && afterKey)); ) {
        const k = CLS[s.charCodeAt(p)];
        let kind = Kind.None;
        if (k & START && (p === a || !(CLS[s.charCodeAt(p - 1)] & ALNUM))) {
          if (lastAt > p && lastPeriod > p && at(EMAIL, s, p)) kind = Kind.Email;
          else if (p === a && afterKey && at(ACCOUNT, s, p)) kind = Kind.Account;
          else if (k & DIGIT && lastPeriod > p && at(IPV4, s, p)) kind = Kind.Ipv4;
          else if (k & HEX && lastColon > p && at(IPV6, s, p)) kind = Kind.Ipv6;
          else if (k & LABEL && lastPeriod > p && at(HOST, s, p)) kind = Kind.Host;
        }
        if (kind === Kind.None) {
          p++;
          continue;
        }
        const e = LAST.end;
        const r = this.replacement(kind, s.slice(p, e));
        if (r !== null) {
          this.counts[COUNTED[kind]]++;
          out += s.slice(copied, p) + r;
          copied = e;
        }
        p = e;
      }
    }
    return copied === 0 ? s : out + s.slice(copied);
  }

  /** The pseudonym of a syslog header's host, or undefined to keep it (an address). */
  private syslogHost(host: string): string | undefined {
    const pseudo = addressHost.regex.test(host) ? undefined : isHostName(host) ? this.host(host) : this.pseudo('shortHost', host.toLowerCase(), (n) => `host${n}`);
    if (pseudo) this.counts.host++;
    return pseudo;
  }

  /**
   * A match's pseudonym, or null to keep it: what `replace` says, remembered for the last RECENT
   * distinct matches of each kind (a match always gets the same answer, so this only saves work).
   */
  private replacement(kind: Kind, m: string): string | null {
    const cache = this.recent[kind];
    let r = cache.get(m);
    if (r === undefined) {
      r = this.replace(kind, m) ?? null;
      if (cache.size >= RECENT) cache.clear();
      cache.set(own(m), r);
    }
    return r;
  }

  private replace(kind: Kind, m: string): string | undefined {
    if (kind === Kind.Email) return this.email(m);
    if (kind === Kind.Account) return this.account(m);
    if (kind === Kind.Ipv4) return this.ipv4(m);
    if (kind === Kind.Ipv6) return this.ipv6(m);
    return isHostName(m) ? this.host(m) : undefined;
  }

  /** How many distinct values of each kind got a pseudonym. */
  get distinct(): Record<RedactionKind, number> {
    return { email: this.maps.local.size, ip: this.maps.ip.size, host: this.maps.host.size + this.maps.shortHost.size, account: this.maps.account.size };
  }
}

/** Redacts `text` with a fresh Redactor (pseudonyms consistent within it). */
export function redact(text: string): { text: string; counts: Record<RedactionKind, number>; distinct: Record<RedactionKind, number> } {
  const r = new Redactor();
  const out = r.text(text);
  return { text: out, counts: { ...r.counts }, distinct: r.distinct };
}
