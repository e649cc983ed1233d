import { dottedName } from './tokens';

// Whether a dotted name in a log is a host name: not a file, a version or a Java class, and ending
// in a known top-level domain or a country code.

const FILE_EXT = new Set(['log', 'java', 'jar', 'gz', 'tgz', 'xml', 'txt', 'properties', 'conf', 'cf', 'html', 'htm', 'js', 'css', 'pl', 'so', 'sh', 'py', 'out', 'pid', 'tmp', 'db', 'cvd', 'cld', 'png', 'jpg', 'gif', 'pdf', 'zip', 'doc', 'docx', 'xls', 'xlsx', 'eml', 'msg', 'json', 'yml', 'yaml', 'ini', 'cfg', 'md', 'jsp', 'php', 'cgi', 'exe', 'dll', 'bin', 'dat', 'bak', 'lock', 'sock', 'pem', 'crt', 'key', 'csr', 'ics', 'vcf', 'ldif', 'sql', 'tar', 'bz2', 'xz', 'zst']);
const TLD = new Set(['com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum', 'mobi', 'asia', 'tel', 'travel', 'jobs', 'cat', 'xxx', 'io', 'app', 'dev', 'cloud', 'online', 'site', 'tech', 'store', 'shop', 'xyz', 'top', 'club', 'live', 'email', 'mail', 'local', 'lan', 'internal', 'intranet', 'corp', 'home', 'localdomain', 'example', 'test', 'invalid', 'localhost', 'arpa']);
/** A dotted name that ends in a top-level domain, and is not a file, a number or a Java class. */
export function isHostName(s: string): boolean {
  if (!dottedName.regex.test(s)) return false;
  const labels = s.split('.');
  const tld = labels[labels.length - 1].toLowerCase();
  if (FILE_EXT.has(tld) || /^\d+$/.test(tld)) return false;
  // Java packages and class names (com.zimbra.cs.Foo, java.lang) are not hosts.
  if (/^(?:com|org|net|java|javax|jdk|sun|io)$/.test(labels[0].toLowerCase()) && labels.length >= 3 && !/^[a-z0-9.-]+$/.test(s)) return false;
  if (/[A-Z]/.test(labels[labels.length - 1]) && !/^[A-Z0-9.-]+$/.test(s)) return false;
  return TLD.has(tld) || (tld.length === 2 && /^[a-z]{2}$/.test(tld));
}

