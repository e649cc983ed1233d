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

export type RedactionKind = 'email' | 'ip' | 'host' | 'account';

const FILE_EXT = new Set(['log', 'java', 'jar', 'gz', 'tgz', 'xml', 'txt', 'properties', 'conf', 'cf', 'html', 'htm', 'js', 'css', 'pl', 'so', 'sh', 'py', 'out', 'pid', 'tmp', 'db', 'cvd', 'cld', 'png', 'jpg', 'gif', 'pdf', 'zip', 'doc', 'docx', 'xls', 'xlsx', 'eml', 'msg', 'json', 'yml', 'yaml', 'ini', 'cfg', 'md', 'jsp', 'php', 'cgi', 'exe', 'dll', 'bin', 'dat', 'bak', 'lock', 'sock', 'pem', 'crt', 'key', 'csr', 'ics', 'vcf', 'ldif', 'sql', 'tar', 'bz2', 'xz', 'zst']);
const TLD = new Set(['com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum', 'mobi', 'asia', 'tel', 'travel', 'jobs', 'cat', 'xxx', 'io', 'app', 'dev', 'cloud', 'online', 'site', 'tech', 'store', 'shop', 'xyz', 'top', 'club', 'live', 'email', 'mail', 'local', 'lan', 'internal', 'intranet', 'corp', 'home', 'localdomain', 'example', 'test', 'invalid', 'localhost', 'arpa']);
const CHAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

function isHostName(s: string): boolean {
  if (!CHAIN.test(s)) return false;
  const labels = s.split('.');
  const tld = labels[labels.length - 1].toLowerCase();
  if (FILE_EXT.has(tld) || /^\d+$/.test(tld)) return false;
  // Java packages and class names (com.zimbra.cs.Foo, java.lang) are not hosts.
  if (/^(?:com|org|net|java|javax|jdk|sun|io)$/.test(labels[0].toLowerCase()) && labels.length >= 3 && !/^[a-z0-9.-]+$/.test(s)) return false;
  if (/[A-Z]/.test(labels[labels.length - 1]) && !/^[A-Z0-9.-]+$/.test(s)) return false;
  return TLD.has(tld) || (tld.length === 2 && /^[a-z]{2}$/.test(tld));
}

const ACCOUNT_KEYS = '(?:name|aname|account|sasl_username|user)=|authentication failed for \\[';
/** One pass finds every candidate; the replacer decides. Alternatives cannot overlap badly (each is a run of one class). */
const TOKENS = new RegExp(
  [
    // Only from the start of a run of address characters: a long run without `@` is then read once, not from each of its positions.
    '(?<![A-Za-z0-9._%+\'-])(?<email>[A-Za-z0-9._%+\'-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)',
    `(?<=${ACCOUNT_KEYS})(?<account>[A-Za-z0-9._%+'-]+)(?=[;,\\]\\s]|$)`,
    '(?<![\\w.])(?<ipv4>(?:\\d{1,3}\\.){3}\\d{1,3})(?![\\w]|\\.\\d)',
    '(?<![\\w:.])(?<ipv6>(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,6}|[0-9A-Fa-f]{1,4}))(?![\\w:])',
    '(?<![\\w@.-])(?<host>[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)(?![\\w-]|\\.[A-Za-z0-9])',
  ].join('|'),
  'g',
);
/** TOKENS tried at one position (lastIndex). Groups: 1 email, 2 account, 3 ipv4, 4 ipv6, 5 host. */
const TOKENS_AT = new RegExp(TOKENS.source.replace(/\(\?<[a-z0-9]+>/g, '('), 'y');
/** A syslog header's time and host, at a line's start (lastIndex). */
const BSD_HOST_AT = /([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) (\S+) (?=\S+?(?:\[\d+\])?: )/y;
// Character classes of ASCII codes: RUN, every character a match can hold ([A-Za-z0-9._%+'@:-]);
// START, those a match can start with; ALNUM, letters and digits; DOT, '.' and ':'.
const RUN = 1;
const START = 2;
const ALNUM = 4;
const DOT = 8;
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) CLS[c] = RUN | START | ALNUM;
  else if ("._%+'-".includes(ch)) CLS[c] = RUN | START;
  else if (ch === '@' || ch === ':') CLS[c] = RUN;
  if (ch === '.' || ch === ':') CLS[c] |= DOT;
}

export class Redactor {
  private readonly maps: Record<RedactionKind | 'local' | 'shortHost', Map<string, string>> = {
    email: new Map(),
    ip: new Map(),
    host: new Map(),
    account: new Map(),
    local: new Map(),
    shortHost: new Map(),
  };
  /** How many occurrences of each kind were replaced. */
  readonly counts: Record<RedactionKind, number> = { email: 0, ip: 0, host: 0, account: 0 };

  private pseudo(kind: keyof Redactor['maps'], key: string, make: (n: number) => string): string {
    const m = this.maps[kind];
    let v = m.get(key);
    // The key kept is a copy: a slice of the text it was found in would keep the whole text alive.
    if (v === undefined) m.set(own(key), (v = make(m.size + 1)));
    return v;
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
    const parts = ip.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    if (parts[0] === 127 || ip === '0.0.0.0' || ip === '255.255.255.255') return undefined;
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
   * `s` redacted: one line, or (`lines`) lines separated by '\r' or '\n'. TOKENS is tried (sticky)
   * only where a match can start: in a run of address characters holding a '.' or ':' (every kind but
   * account names needs one), at the run's start or after a character that is not a letter or digit
   * (every alternative's lookbehind refuses those), up to its last '.' or ':'; an account name only at
   * a run's start after '=' or '['. The other positions would fail, so the result is TOKENS' global
   * replace of each line. Lookarounds see the line terminators around a line as its ends. The text
   * between replacements is kept as slices, so that a line with nothing to replace costs a scan.
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
      let lastDot = -1;
      for (; i < end; i++) {
        const d = s.charCodeAt(i);
        if (d >= 128) break;
        const k = CLS[d];
        if (!(k & RUN)) break;
        if (k & DOT) lastDot = i;
      }
      const b = i;
      const before = a > 0 ? s.charCodeAt(a - 1) : 0;
      for (let p = a; p < b; ) {
        const q = CLS[s.charCodeAt(p)];
        const at = p === a ? (before === 61 || before === 91 || lastDot >= a) && q & START : p <= lastDot && q & START && !(CLS[s.charCodeAt(p - 1)] & ALNUM);
        if (!at) {
          if (p >= lastDot) break;
          p++;
          continue;
        }
        TOKENS_AT.lastIndex = p;
        const m = TOKENS_AT.exec(s);
        if (!m) {
          p++;
          continue;
        }
        const r = this.replace(m);
        const e = p + m[0].length;
        if (r !== undefined) {
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
    const pseudo = /^[\d.]+$|:/.test(host) ? undefined : isHostName(host) ? this.host(host) : this.pseudo('shortHost', host.toLowerCase(), (n) => `host${n}`);
    if (pseudo) this.counts.host++;
    return pseudo;
  }

  /** A match of TOKENS' pseudonym (counted), or undefined to keep it. */
  private replace(g: RegExpExecArray): string | undefined {
    const m = g[0];
    let r: string | undefined;
    let kind: RedactionKind;
    if (g[1] !== undefined) {
      kind = 'email';
      r = this.email(m);
    } else if (g[2] !== undefined) {
      kind = 'account';
      r = this.account(m);
    } else if (g[3] !== undefined) {
      kind = 'ip';
      r = this.ipv4(m);
    } else if (g[4] !== undefined) {
      kind = 'ip';
      r = this.ipv6(m);
    } else {
      kind = 'host';
      r = isHostName(m) ? this.host(m) : undefined;
    }
    if (r !== undefined) this.counts[kind]++;
    return r;
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
