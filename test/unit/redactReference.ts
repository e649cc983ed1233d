// The redaction as it was before the scan for candidate positions (commit 10b7ff8): one global
// TOKENS replace per line. Kept only as the reference that test/unit/redactDiff.test.ts compares the
// engine's Redactor with: the output must stay byte for byte the same.

import { own } from '../../server/src/engine/investigate/textFeed';

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
const BSD_HOST = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) (\S+) (?=\S+?(?:\[\d+\])?: )/;

export class ReferenceRedactor {
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

  private pseudo(kind: keyof ReferenceRedactor['maps'], key: string, make: (n: number) => string): string {
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
    let prefix = '';
    const h = BSD_HOST.exec(s);
    if (h) {
      const host = h[2];
      const pseudo = /^[\d.]+$|:/.test(host) ? undefined : isHostName(host) ? this.host(host) : this.pseudo('shortHost', host.toLowerCase(), (n) => `host${n}`);
      if (pseudo) {
        this.counts.host++;
        prefix = `${h[1]} ${pseudo} `;
        s = s.slice(h[0].length);
      }
    }
    return (
      prefix +
      s.replace(TOKENS, (m, ...args) => {
        const g = args[args.length - 1] as Record<string, string | undefined>;
        let r: string | undefined;
        let kind: RedactionKind;
        if (g.email !== undefined) {
          kind = 'email';
          r = this.email(m);
        } else if (g.account !== undefined) {
          kind = 'account';
          r = this.account(m);
        } else if (g.ipv4 !== undefined) {
          kind = 'ip';
          r = this.ipv4(m);
        } else if (g.ipv6 !== undefined) {
          kind = 'ip';
          r = this.ipv6(m);
        } else {
          kind = 'host';
          r = isHostName(m) ? this.host(m) : undefined;
        }
        if (r === undefined) return m;
        this.counts[kind]++;
        return r;
      })
    );
  }

  /** A whole text (any line terminators kept). */
  text(s: string): string {
    return s.replace(/[^\r\n]+/g, (l) => this.line(l));
  }

  /** How many distinct values of each kind got a pseudonym. */
  get distinct(): Record<RedactionKind, number> {
    return { email: this.maps.local.size, ip: this.maps.ip.size, host: this.maps.host.size + this.maps.shortHost.size, account: this.maps.account.size };
  }
}

