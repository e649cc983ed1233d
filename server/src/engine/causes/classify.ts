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
const BARE_ADDRESS = /[\w.+=-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}/g;

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
  return t.replace(ANGLE_ADDRESS, '<>').replace(BARE_ADDRESS, '@');
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
const CACHE_SIZE = 4096;

/**
 * The cause of one failure: `reply` is the text Postfix logs (the remote reply `host ... said: ...`,
 * or its own wording), `dsn` its `dsn=`, `status` deferred/bounced/expired or `reject`.
 */
export function classify(reply: string, dsn = '', status?: string): Classification {
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
