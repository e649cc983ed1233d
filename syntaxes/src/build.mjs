// Generates syntaxes/zimbra-log.tmLanguage.json and syntaxes/postfix-log.tmLanguage.json.
//
//   node syntaxes/src/build.mjs           write both grammars
//   node syntaxes/src/build.mjs --check   exit 1 if the committed JSON differs from this source
//
// The regexes are written here with String.raw so they can be read without JSON's double
// escaping, and the capture numbers are computed, not counted by hand. See syntaxes/README.md
// for the scope table. Rules for every regex below:
//   - only `match` rules (no begin/end), so no state can leak from one line into the next;
//   - no nested unbounded quantifiers that can backtrack; runs use possessive quantifiers or
//     character classes that cannot overlap with what follows;
//   - no named groups (Oniguruma would turn the plain groups into non-capturing ones).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..');

// ---------------------------------------------------------------------------------------------
// A tiny builder: cap(scope, ...parts) is a capture group, seq/opt/alt combine parts, and rule()
// numbers the groups in the order their "(" appears.
const CAP = Symbol('cap');
function cap(scope, ...parts) {
  return { [CAP]: true, scope, parts };
}
/** cap() whose text is tokenized again with the given patterns. */
function capP(scope, patterns, ...parts) {
  return { [CAP]: true, scope, patterns, parts };
}
const seq = (...parts) => ({ seq: parts });
const opt = (...parts) => ({ opt: parts });

function compile(part, captures, counter) {
  if (typeof part === 'string') return part;
  if (part[CAP]) {
    const n = ++counter.n;
    const c = {};
    if (part.scope) c.name = part.scope;
    if (part.patterns) c.patterns = part.patterns;
    if (part.scope || part.patterns) captures[n] = c;
    return '(' + part.parts.map((p) => compile(p, captures, counter)).join('') + ')';
  }
  if (part.seq) return part.seq.map((p) => compile(p, captures, counter)).join('');
  if (part.opt) return '(?:' + part.opt.map((p) => compile(p, captures, counter)).join('') + ')?';
  throw new Error('bad part');
}

function rule(comment, name, ...parts) {
  const captures = {};
  const counter = { n: 0 };
  const match = parts.map((p) => compile(p, captures, counter)).join('');
  const r = { comment, match };
  if (name) r.name = name;
  if (Object.keys(captures).length) r.captures = captures;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Scopes. Each carries a standard scope that themes color plus the log.* scope that says what it is.
export const S = {
  date: 'comment log.date',
  trace: 'markup.changed log.debug log.trace',
  debug: 'markup.changed log.debug',
  info: 'markup.inserted log.info',
  warning: 'markup.deleted log.warning',
  error: 'string.regexp strong log.error',
  fatal: 'invalid.illegal strong log.fatal',
  thread: 'entity.name.function log.thread',
  context: 'meta.context log.context',
  contextKey: 'variable.parameter log.context',
  contextValue: 'string.unquoted log.context',
  contextPunct: 'punctuation.separator log.context',
  logger: 'entity.name.type log.logger',
  frame: 'comment emphasis log.exception',
  exceptionClass: 'string.regexp emphasis log.exception',
  causedBy: 'keyword.control strong log.exception',
  exceptionDetail: 'comment log.exception',
  host: 'entity.name.tag log.host',
  process: 'entity.name.function log.process',
  pid: 'constant.numeric log.process',
  processPunct: 'punctuation.definition log.process',
  queueId: 'entity.name.type log.queue-id',
  email: 'markup.underline.link log.email',
  ip: 'constant.numeric log.ip',
  sent: 'markup.inserted strong log.status.sent',
  deferred: 'markup.deleted strong log.status.deferred',
  bounced: 'string.regexp strong log.status.bounced',
  expired: 'string.regexp strong log.status.expired',
  rejected: 'string.regexp strong log.status.rejected',
  passed: 'markup.inserted log.status.passed',
  messageId: 'string.other log.message-id',
  account: 'variable.other.constant log.account',
  relay: 'keyword.control log.relay',
  dsnSuccess: 'markup.inserted log.dsn',
  dsnTransient: 'markup.deleted log.dsn',
  dsnPermanent: 'string.regexp log.dsn',
  delay: 'variable.other log.delay',
};

// ---------------------------------------------------------------------------------------------
// Regex fragments (no capturing groups inside).
const R = {
  tsLog4j: String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:[,.]\d{1,9})?`,
  tsBsd: String.raw`[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d`,
  tsRfc3339: String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?`,
  // ClamAV's own clamd.log: "Tue Nov  2 06:13:00 2021 -> ..."
  tsCtime: String.raw`[A-Z][a-z]{2} [A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \d{4}`,
  // Postfix queue IDs: short = upper-case hex (5 digits of microseconds + the inode), long =
  // 10 base-52 characters (digits and consonants), "z", the inode in base 51 (no "z").
  qid: String.raw`(?:[0-9A-F]{6,20}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-y]{1,16})`,
  // After an explicit keyword (queued as, Queue-ID:, ...) any alphanumeric run is taken.
  qidLoose: String.raw`[0-9A-Za-z]{5,20}`,
  email: String.raw`(?<![\w.+%-])[\w.+%-]++@[\w-]++(?:\.[\w-]++)*+`,
  ipv4: String.raw`(?<![\w.])(?:\d{1,3}\.){3,4}\d{1,3}(?!\.?\w)`,
  ipv6: String.raw`(?<![\w:.])(?:\h{1,4}(?::\h{1,4}){7}|\h{1,4}(?::\h{1,4}){0,6}::(?:\h{1,4}(?::\h{1,4}){0,6})?|::\h{1,4}(?::\h{1,4}){0,6})(?![\w:])`,
  level: null,
};

/**
 * An account value ending before one of the characters in `stop`: an e-mail address gets the
 * account and the e-mail scopes in one token, anything else the account scope. Written as an
 * alternation rather than nested patterns: vscode-textmate re-scans a prefix of the line for each
 * capture with nested patterns, which costs O(line length) per token.
 */
function accountValue(stop) {
  return seq(
    '(?:',
    cap(`${S.account} ${S.email}`, R.email),
    `(?=[${stop}]|\\r?$)|`,
    cap(S.account, `[^${stop}]++`),
    ')',
  );
}

const common = {
  queueIdMentions: rule(
    'queue IDs after a keyword: queued as, Queue-ID:, queued_as: (several joined by /), notifications, orig_queue_id=, forwarded as',
    null,
    '(?:',
    String.raw`\bqueued as |\bQueue-ID: |\bqueued_as: |\bnotification: |\borig_queue_id=|\bforwarded as `,
    ')',
    cap(S.queueId, String.raw`${R.qidLoose}(?:/${R.qidLoose})*+`),
    String.raw`\b`,
  ),
  ipv4: rule('IPv4 address (also the 5-octet ones that anonymizers produce)', S.ip, R.ipv4),
  ipv6: rule('IPv6 address: 8 groups, or compressed with ::', S.ip, R.ipv6),
  email: rule('e-mail address', S.email, R.email),
  messageId: rule(
    'Message-ID in every spelling: message-id=<..> (cleanup), Message-ID: <..> (amavis), Message-ID=<..> / msgid=<..> (mailbox.log)',
    null,
    cap('variable.parameter log.key', String.raw`(?i:\bmessage-id|\bmsgid)`),
    cap('punctuation.separator log.key', String.raw`[=:]? ?`),
    cap(S.messageId, String.raw`<[^<>\s]*+>?`),
  ),
  authFailedFor: rule(
    'the account in "authentication failed for [account]"',
    null,
    'authentication failed for ',
    cap('punctuation.definition log.account', String.raw`\[`),
    accountValue(String.raw`\s\[\]`),
    cap('punctuation.definition log.account', String.raw`\]`),
  ),
};

// ---------------------------------------------------------------------------------------------
// zimbra-log: log4j  DATE TIME,ms LEVEL [thread] [context] logger - message
const levelAlternatives = [
  cap(S.trace, 'TRACE'),
  '|',
  cap(S.debug, 'DEBUG'),
  '|',
  cap(S.info, 'INFO'),
  '|',
  cap(S.warning, 'WARN(?:ING)?'),
  '|',
  cap(S.error, 'ERROR'),
  '|',
  cap(S.fatal, 'FATAL'),
];

const contextPatterns = [
  rule(
    'context pair whose value is an account (name=, aname=)',
    null,
    String.raw`(?<=[\[;])`,
    cap(S.contextKey, 'a?name'),
    cap(S.contextPunct, '='),
    accountValue(String.raw`;\]`),
  ),
  rule(
    'context pair key=value; (a ";" inside a value is written ";;")',
    null,
    String.raw`(?<=[\[;])`,
    cap(S.contextKey, String.raw`[^=;\[\]]++`),
    cap(S.contextPunct, '='),
    // alternatives instead of nested patterns, see accountValue()
    '(?:',
    cap(`${S.contextValue} ${S.ip}`, `(?:${R.ipv4}|${R.ipv6})`),
    String.raw`(?=;|\])|`,
    cap(`${S.contextValue} ${S.email}`, R.email),
    String.raw`(?=;|\])|`,
    cap(S.contextValue, String.raw`(?:[^;\[\]]++|;;|\[[^\[\]]*+\])*+`),
    ')',
  ),
  rule('context punctuation', S.contextPunct, String.raw`[\[\];]`),
];

const zimbra = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  information_for_contributors: [
    'Generated by syntaxes/src/build.mjs: edit that file, then run `node syntaxes/src/build.mjs`.',
  ],
  name: 'Zimbra Log',
  scopeName: 'text.log.zimbra',
  patterns: [
    { include: '#header' },
    { include: '#stacktrace' },
    { include: '#message' },
  ],
  repository: {
    header: {
      patterns: [
        rule(
          'a complete log4j header: %d %-5p [%t] [%z] %c{1} - . The thread may hold spaces, braces and URLs, so it ends at the "] [" before the context.',
          null,
          '^',
          cap(S.date, R.tsLog4j),
          ' +',
          { seq: ['(?:', ...levelAlternatives, ')'] },
          ' +',
          cap(S.thread, String.raw`\[.*?\]`),
          ' +',
          // a context value may hold one level of [brackets]
          capP(S.context, contextPatterns, String.raw`\[(?:[^\[\]]++|\[[^\[\]]*+\])*+\]`),
          ' +',
          cap(S.logger, String.raw`[^\s\[\]]++`),
          ' +',
          cap('punctuation.separator log.logger', '-'),
          String.raw`(?= |\r?$)`,
        ),
        rule(
          'a partial header (cut-off or unusual line): the date, the level and the thread if it is followed by "["',
          null,
          '^',
          cap(S.date, R.tsLog4j),
          opt(' +', '(?:', ...levelAlternatives, ')', String.raw`\b`, opt(' +', cap(S.thread, String.raw`\[.*?\]`), String.raw`(?= +\[)`)),
        ),
      ],
    },
    stacktrace: {
      patterns: [
        rule('a stack frame: "\\tat pkg.Class.method(File.java:123)" (and the log4j2 ~[jar:version] suffix)', S.frame, String.raw`^[\t ]+at [^\r\n]*+`),
        rule('"... 12 more" / "... 3 common frames omitted"', S.frame, String.raw`^[\t ]*\.\.\. \d+ (?:more|common frames omitted)\b[^\r\n]*+`),
        rule('"Caused by:" / "Suppressed:"', null, String.raw`^[\t ]*`, cap(S.causedBy, '(?:Caused by|Suppressed):')),
        rule('"Exception in thread "name"" (zmmailboxd.out)', null, '^', cap(S.causedBy, 'Exception in thread'), String.raw`(?= )`),
        rule(
          'ServiceException detail lines: ExceptionId:... and Code:...',
          null,
          '^',
          cap('keyword.other log.exception', String.raw`(?:ExceptionId|Code):`),
          cap(S.exceptionDetail, String.raw`[^\r\n]*+`),
        ),
      ],
    },
    message: {
      patterns: [
        { include: '#exceptionClass' },
        common.messageId,
        common.queueIdMentions,
        common.authFailedFor,
        rule(
          'account names: name=, account= (audit.log), aname=',
          null,
          String.raw`\b`,
          cap('variable.parameter log.key', '(?:a?name|account)'),
          cap('punctuation.separator log.key', '='),
          accountValue(String.raw`\s;,\[\]`),
        ),
        { include: '#email' },
        { include: '#ip' },
      ],
    },
    exceptionClass: {
      patterns: [
        rule(
          'exception class names: com.zimbra.cs.account.AccountServiceException, java.lang.NoClassDefFoundError, IOException',
          S.exceptionClass,
          String.raw`(?<![\w$.])(?:[a-zA-Z_$][\w$]*+\.)*+[A-Z][\w$]*?(?:Exception|Error|Throwable)\b`,
        ),
      ],
    },
    email: { patterns: [common.email] },
    ip: { patterns: [common.ipv4, common.ipv6] },
  },
};

// ---------------------------------------------------------------------------------------------
// postfix-log: syslog  DATE host program[pid]: [QID: ] [warning: ] message
const severity = [
  cap(S.warning, 'warning:'),
  '|',
  cap(S.error, 'error:'),
  '|',
  cap(S.fatal, '(?:fatal|panic):'),
];
const qidStart = seq(cap(S.queueId, R.qid), cap('punctuation.separator log.queue-id', ':'), String.raw`(?= |\r?$) ?`);
const severityStart = seq('(?:', ...severity, ')', String.raw`(?= |\r?$)`);
const messageStart = [opt(qidStart), opt(severityStart)];

const postfix = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  information_for_contributors: [
    'Generated by syntaxes/src/build.mjs: edit that file, then run `node syntaxes/src/build.mjs`.',
  ],
  name: 'Postfix / Zimbra MTA Log',
  scopeName: 'text.log.postfix',
  patterns: [{ include: '#header' }, { include: '#message' }],
  repository: {
    header: {
      patterns: [
        rule(
          'a complete syslog header: DATE host program[pid]: then an optional queue ID and severity',
          null,
          '^',
          cap(S.date, `(?:${R.tsBsd}|${R.tsRfc3339})`),
          ' +',
          cap(S.host, String.raw`[^\s\[\]]++`),
          ' +',
          cap(S.process, String.raw`[^\s\[\]:]++`),
          opt(cap(S.processPunct, String.raw`\[`), cap(S.pid, String.raw`\d++`), cap(S.processPunct, String.raw`\]`)),
          cap('punctuation.separator log.process', ':'),
          " ?",
          ...messageStart,
        ),
        rule(
          'a header without program (e.g. "last message repeated"): date and host',
          null,
          '^',
          cap(S.date, `(?:${R.tsBsd}|${R.tsRfc3339})`),
          opt(' +', cap(S.host, String.raw`[^\s\[\]:]++`), String.raw`(?= )`),
        ),
        rule('ClamAV clamd.log date: "Tue Nov  2 06:13:00 2021 ->"', null, '^', cap(S.date, R.tsCtime)),
        rule('a message without syslog header (msg-only excerpts): QID: at line start', null, '^', qidStart, opt(severityStart)),
        rule('a message without syslog header (msg-only excerpts): severity at line start', null, '^', severityStart),
      ],
    },
    message: {
      patterns: [
        rule(
          'NOQUEUE: reject: / NOQUEUE: milter-reject:',
          S.rejected,
          String.raw`\bNOQUEUE: (?:milter-)?reject:`,
        ),
        rule('QID: reject: / milter-reject: after the queue ID', S.rejected, String.raw`(?<=: )(?:milter-)?reject:(?= )`),
        rule(
          'amavis Blocked verdicts',
          S.rejected,
          String.raw`\bBlocked (?:CLEAN|SPAMMY|SPAM|INFECTED|BANNED|BAD-HEADER(?:-\d+)?|UNCHECKED(?:-[\w-]+)?|OVERSIZED|MTA-BLOCKED|OTHER|TEMPFAIL)\b(?: \([^()\r\n]{0,200}\))?`,
        ),
        rule(
          'amavis Passed verdicts',
          S.passed,
          String.raw`\bPassed (?:CLEAN|SPAMMY|SPAM|INFECTED|BANNED|BAD-HEADER(?:-\d+)?|UNCHECKED(?:-[\w-]+)?|OVERSIZED|MTA-BLOCKED|OTHER|TEMPFAIL)\b(?: \([^()\r\n]{0,200}\))?`,
        ),
        rule(
          'status=sent|deferred|bounced|expired',
          null,
          String.raw`\b`,
          cap('variable.parameter log.key', 'status'),
          cap('punctuation.separator log.key', '='),
          '(?:',
          cap(S.sent, 'sent'),
          '|',
          cap(S.deferred, 'deferred'),
          '|',
          cap(S.bounced, 'bounced'),
          '|',
          cap(S.expired, 'expired'),
          String.raw`)\b`,
        ),
        rule(
          'dsn=X.Y.Z, colored by class: 2 success, 4 transient, 5 permanent',
          null,
          String.raw`\b`,
          cap('variable.parameter log.key', 'dsn'),
          cap('punctuation.separator log.key', '='),
          '(?:',
          cap(S.dsnSuccess, String.raw`2\.\d{1,3}\.\d{1,3}`),
          '|',
          cap(S.dsnTransient, String.raw`4\.\d{1,3}\.\d{1,3}`),
          '|',
          cap(S.dsnPermanent, String.raw`5\.\d{1,3}\.\d{1,3}`),
          String.raw`)\b`,
        ),
        rule(
          'relay=host[ip]:port, relay=none, relay=local, relay=dovecot',
          null,
          String.raw`\b`,
          cap('variable.parameter log.key', 'relay'),
          cap('punctuation.separator log.key', '='),
          cap(S.relay, String.raw`[^\s,\[\]]*+`),
          opt(
            cap(S.relay, String.raw`\[`),
            '(?:',
            cap(`${S.relay} ${S.ip}`, `(?:${R.ipv4}|${R.ipv6})`),
            '|',
            cap(S.relay, String.raw`[^\s,\[\]]*+`),
            ')',
            cap(S.relay, String.raw`\]`),
            cap(S.relay, String.raw`[^\s,]*+`),
          ),
        ),
        rule(
          'delay=N and delays=a/b/c/d',
          null,
          String.raw`\b`,
          cap('variable.parameter log.key', 'delays?'),
          cap('punctuation.separator log.key', '='),
          cap(S.delay, String.raw`[\d.+:/]++`),
        ),
        rule('amavis elapsed time: ", 478 ms"', S.delay, String.raw`(?<=, )\d++ ms\b`),
        common.queueIdMentions,
        rule(
          'the account in sasl_username=',
          null,
          String.raw`\b`,
          cap('variable.parameter log.key', 'sasl_username'),
          cap('punctuation.separator log.key', '='),
          accountValue(String.raw`\s,;`),
        ),
        rule(
          'saslauthd: auth_zimbra: account auth OK|failed',
          null,
          String.raw`\bauth_zimbra: `,
          accountValue(String.raw`\s`),
          String.raw`(?= auth (?:OK|failed))`,
        ),
        common.messageId,
        common.authFailedFor,
        { include: '#email' },
        { include: '#ip' },
      ],
    },
    email: { patterns: [common.email] },
    ip: { patterns: [common.ipv4, common.ipv6] },
  },
};

// ---------------------------------------------------------------------------------------------
const outputs = {
  'zimbra-log.tmLanguage.json': zimbra,
  'postfix-log.tmLanguage.json': postfix,
};

const check = process.argv.includes('--check');
let stale = false;
for (const [file, grammar] of Object.entries(outputs)) {
  const text = JSON.stringify(grammar, null, 2) + '\n';
  const path = join(outDir, file);
  if (check) {
    let old = '';
    try {
      old = readFileSync(path, 'utf8');
    } catch {
      /* missing */
    }
    if (old !== text) {
      console.error(`${file} is out of date: run node syntaxes/src/build.mjs`);
      stale = true;
    }
  } else {
    writeFileSync(path, text);
  }
}
if (stale) process.exit(1);
