// What one line is, field by field, from the formats' patterns: the language server's hovers,
// definitions and the grammar tests all read lines through this. Spans are UTF-16 offsets.
import { programMarkers } from './formats/lineMarkers';
import { bsdSyslog, rfc3339Syslog } from './formats/syslog';
import { postfixProgram, queueIdAt, queueIdMentions } from './formats/postfix';
import { fresh, withIndices } from './formats/format';
import { log4jContinuation, log4jHeader } from './formats/log4j';

export interface Span {
  start: number;
  end: number;
}

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type QueueIdRole = 'subject' | 'queued-as' | 'amavis-queue-id' | 'amavis-queued-as' | 'notification' | 'orig-queue-id' | 'forwarded-as';

export interface QueueIdMention {
  span: Span;
  id: string;
  role: QueueIdRole;
}

export interface LineInfo {
  kind: 'syslog' | 'log4j' | 'continuation' | 'other';
  timestamp?: Span;
  level?: { span: Span; value: Level };
  host?: Span;
  program?: Span;
  pid?: Span;
  /** Postfix lines: instance (`postfix`, `postfix-out`) and daemon (`smtpd`, `qmgr`, ...). */
  postfix?: { instance: string; daemon: string };
  /** log4j: thread, context (inside the brackets) and logger. */
  thread?: Span;
  context?: Span;
  logger?: Span;
  /** Where the message starts. */
  message?: number;
  queueIds: QueueIdMention[];
}

const QUEUE_ID_AT = fresh(queueIdAt);

function span(m: RegExpExecArray, group: string): Span | undefined {
  const g = m.indices?.groups?.[group];
  return g ? { start: g[0], end: g[1] } : undefined;
}

const BSD = withIndices(bsdSyslog.regex);
const RFC = withIndices(rfc3339Syslog.regex);
const LOG4J = withIndices(log4jHeader.regex);

/** Queue IDs mentioned in `line` from `from` on (the message): at its start, and after the known markers. */
export function findQueueIds(line: string, from: number, isPostfix: boolean): QueueIdMention[] {
  const out: QueueIdMention[] = [];
  if (isPostfix) {
    QUEUE_ID_AT.lastIndex = from;
    const q = QUEUE_ID_AT.exec(line);
    if (q && line.startsWith(': ', from + q[0].length)) out.push({ span: { start: from, end: from + q[0].length }, id: q[0], role: 'subject' });
  }
  for (const { marker, role, list } of queueIdMentions) {
    let at = line.indexOf(marker, from);
    while (at >= 0) {
      let p = at + marker.length;
      for (;;) {
        QUEUE_ID_AT.lastIndex = p;
        const q = QUEUE_ID_AT.exec(line);
        if (!q) break;
        out.push({ span: { start: p, end: p + q[0].length }, id: q[0], role });
        p += q[0].length;
        if (!list || line.charCodeAt(p) !== 47 /* / */) break;
        p++;
      }
      at = line.indexOf(marker, at + marker.length);
    }
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

function describeSyslog(line: string, m: RegExpExecArray): LineInfo {
  const program = span(m, 'program')!;
  const message = m[0].length;
  const name = m.groups!.program;
  const pf = name.startsWith(programMarkers.postfix.text) ? postfixProgram.regex.exec(name) : null;
  return {
    kind: 'syslog',
    timestamp: span(m, 'timestamp'),
    host: span(m, 'host'),
    program,
    pid: span(m, 'pid'),
    postfix: pf ? { instance: pf.groups!.instance, daemon: pf.groups!.daemon } : undefined,
    message,
    queueIds: findQueueIds(line, message, !!pf),
  };
}

/** Splits `[thread] [context] logger - ` after the level; the thread may contain `]`, so it ends at the last `] [` before the context. */
function describeLog4j(line: string, m: RegExpExecArray): LineInfo {
  const info: LineInfo = {
    kind: 'log4j',
    timestamp: span(m, 'timestamp'),
    level: { span: span(m, 'level')!, value: m.groups!.level as Level },
    queueIds: [],
  };
  const threadStart = m[0].length; // after "["
  // The context is `[...]` followed by ` logger - `; find the first "] [" whose following
  // bracket closes before " - ".
  let sep = line.indexOf('] [', threadStart);
  for (let tries = 0; sep >= 0 && tries < 8; tries++) {
    const ctxStart = sep + 3;
    const ctxEnd = line.indexOf('] ', ctxStart);
    if (ctxEnd < 0) break;
    const dash = line.indexOf(' - ', ctxEnd + 2);
    const loggerEnd = dash < 0 ? -1 : dash;
    if (loggerEnd > ctxEnd + 2 && line.lastIndexOf(' ', loggerEnd - 1) <= ctxEnd + 1) {
      info.thread = { start: threadStart, end: sep };
      info.context = { start: ctxStart, end: ctxEnd };
      info.logger = { start: ctxEnd + 2, end: loggerEnd };
      info.message = loggerEnd + 3;
      info.queueIds = findQueueIds(line, info.message, false);
      return info;
    }
    sep = line.indexOf('] [', sep + 1);
  }
  info.message = threadStart;
  return info;
}

/** Describes one line (without its terminator). Never throws; linear in the line's length. */
export function describeLine(line: string): LineInfo {
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    const l = LOG4J.exec(line);
    if (l) return describeLog4j(line, l);
    const r = RFC.exec(line);
    if (r) return describeSyslog(line, r);
  } else if (c >= 65 && c <= 90) {
    const b = BSD.exec(line);
    if (b) return describeSyslog(line, b);
  }
  if (log4jContinuation.regex.test(line)) return { kind: 'continuation', queueIds: [] };
  return { kind: 'other', queueIds: [] };
}
