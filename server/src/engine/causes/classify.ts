// The cause of a failed delivery, from the table (providers.ts, then generic.ts): the reply's
// enhanced status code (else the DSN) and its text, with the addresses and the remote host's name
// taken out first (an address such as spam@example.com says nothing about the failure).
import { CAUSE_TEXT, Cause, FailureClass, OTHER_TEXT } from './causes';
import { CODE_RULES, LATE_RULES, POSTFIX_RULES, WORDING_RULES } from './generic';
import { PROVIDER_RULES } from './providers';
import type { CauseRule } from './rule';

/** Every entry, in the order they are tried. */
export const CAUSE_RULES: readonly CauseRule[] = [...PROVIDER_RULES, ...WORDING_RULES, ...POSTFIX_RULES, ...CODE_RULES, ...LATE_RULES];

export interface Classification {
  cause: Cause;
  /** 4.x.x: temporary, 5.x.x: permanent. */
  class: FailureClass;
  explanation: string;
  remedy: string;
  /** The provider's page (from our table, never from the log). */
  link?: string;
  /** The entry that matched (none for `other`). */
  rule?: string;
  provider?: string;
  /** The enhanced status code read (from the reply, else the DSN). */
  code?: string;
}

// Bounded repetitions only: each start position reads a fixed number of characters at most.
const ENHANCED = /(?:^|[\s(-])([245]\.\d{1,3}\.\d{1,3})(?![\d])/;
const ANGLE_ADDRESS = /<[^<>\s]{0,256}>/g;

/** Bytes of an address around its `@`: local part and domain (a loop, not a regex: replies are read once each). */
const isAddressChar = (c: number) => (c >= 97 && c <= 122) || (c >= 64 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95 || c === 43 || c === 61;

/** `t` with each bare address `local@domain` replaced by `@`. */
function withoutAddresses(t: string): string {
  let at = t.indexOf('@');
  if (at < 0) return t;
  let out = '';
  let from = 0;
  for (; at >= 0; at = t.indexOf('@', at + 1)) {
    let s = at;
    while (s > from && at - s < 64 && isAddressChar(t.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < t.length && e - at < 256 && isAddressChar(t.charCodeAt(e))) e++;
    out += t.slice(from, s) + '@';
    from = e;
    at = Math.max(at, e - 1);
  }
  return out + t.slice(from);
}

/** The enhanced status code of a reply (`550-5.7.26 ...` → `5.7.26`), else the DSN's. */
export function enhancedCode(reply: string, dsn = ''): string | undefined {
  const m = ENHANCED.exec(reply.length > 2000 ? reply.slice(0, 2000) : reply);
  if (m) return m[1];
  return /^[245]\.\d{1,3}\.\d{1,3}$/.test(dsn) ? dsn : undefined;
}

/** The part of a reply the patterns read: without `host NAME[IP] said: ` and without addresses. */
export function replyText(reply: string): string {
  let t = reply.length > 2000 ? reply.slice(0, 2000) : reply;
  if (t.startsWith('host ')) {
    const said = t.indexOf(' said: ');
    if (said > 0 && said < 300) t = t.slice(said + 7);
  }
  if (t.includes('<')) t = t.replace(ANGLE_ADDRESS, '<>');
  return withoutAddresses(t);
}

function classOf(code: string | undefined, reply: string, status?: string): FailureClass {
  if (code) return code[0] === '4' ? 'temporary' : 'permanent';
  if (status === 'deferred') return 'temporary';
  if (status === 'bounced' || status === 'expired') return 'permanent';
  return /(?:^|\s)4\d\d[\s-]/.test(reply.slice(0, 400)) ? 'temporary' : 'permanent';
}

/** The first entry that matches (code and text), or undefined. */
export function matchRule(text: string, code: string | undefined): CauseRule | undefined {
  for (const r of CAUSE_RULES) {
    if (r.code && (!code || !r.code.test(code))) continue;
    if (r.text && !r.text.test(text)) continue;
    return r;
  }
  return undefined;
}

/** Classifications by code and text; emptied when full (a log repeats few distinct replies). */
const cache = new Map<string, Classification>();
/** By `dsn|status`, then by reply (no key is built from the reply: it is hashed as it is). */
const rawCache = new Map<string, Map<string, Classification>>();
let rawSize = 0;
const CACHE_SIZE = 4096;

/**
 * The cause of one failure: `reply` is the text Postfix logs (the remote reply `host ... said: ...`,
 * or its own wording), `dsn` its `dsn=`, `status` deferred/bounced/expired or `reject`.
 */
export function classify(reply: string, dsn = '', status?: string): Classification {
  // The same reply again (a retry, a list): no reading at all.
  const kind = `${dsn}|${status ?? ''}`;
  let replies = rawCache.get(kind);
  const seen = replies?.get(reply);
  if (seen) return seen;
  const c = classifyText(reply, dsn, status);
  if (rawSize >= CACHE_SIZE) {
    rawCache.clear();
    rawSize = 0;
    replies = undefined;
  }
  if (!replies) rawCache.set(kind, (replies = new Map()));
  replies.set(reply, c);
  rawSize++;
  return c;
}

function classifyText(reply: string, dsn: string, status: string | undefined): Classification {
  const code = enhancedCode(reply, dsn);
  const text = replyText(reply);
  const cls = classOf(code, reply, status);
  const key = `${code ?? ''}|${cls}|${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const r = matchRule(text, code);
  let c: Classification;
  if (!r) c = { cause: 'other', class: cls, ...OTHER_TEXT[cls], code };
  else {
    const base = r.cause === 'other' ? OTHER_TEXT[cls] : CAUSE_TEXT[r.cause];
    c = { cause: r.cause, class: cls, explanation: r.explanation ?? base.explanation, remedy: r.remedy ?? base.remedy, link: r.link, rule: r.id, provider: r.provider, code };
  }
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, c);
  return c;
}
