// The two header patterns of collate.pl, emulated character by character:
//
//   \A (?:\S+ \s+){3} \S+ \s+ (postfix(?:-[^/\s]+)?) (?:/\S+)* /     timestamp, host, instance
//   \G (\S+)\[(\d+)\]:\s+                                             command[pid]:
//
// With one extension: a line whose first field is an RFC3339 timestamp counts it as one field
// (collate.pl would take three and skip the line). Everything else matches exactly what Perl
// matches, including its backtracking, so that `collate` output is byte-identical.
import { isDigit, isSpace, skipNonSpace, skipSpace } from './chars';

export interface CollateHeader {
  /** `postfix` or `postfix-<instance>`: queue IDs are unique per instance. */
  instance: string;
  /** The daemon name after the last `/` (smtpd, cleanup, qmgr, ...). */
  command: string;
  pid: string;
  /** Offset of the message, after `command[pid]:` and its whitespace. */
  body: number;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

/** One `\S+\s+` step: the end of the whitespace after the field at `i`, or -1. */
function field(s: string, i: number): number {
  const end = skipNonSpace(s, i);
  if (end === i || end >= s.length) return -1;
  return skipSpace(s, end);
}

export function collateHeader(s: string): CollateHeader | undefined {
  let i = 0;
  const fields = RFC3339.test(s) ? 2 : 4; // timestamp field(s) + host
  for (let k = 0; k < fields; k++) {
    i = field(s, i);
    if (i < 0) return undefined;
  }
  if (!s.startsWith('postfix', i)) return undefined;
  let j = i + 7;
  if (s.charCodeAt(j) === 45 /* - */) {
    let k = j + 1;
    while (k < s.length && s.charCodeAt(k) !== 47 && !isSpace(s.charCodeAt(k))) k++;
    if (k === j + 1) return undefined;
    j = k;
  }
  if (s.charCodeAt(j) !== 47 /* / */) return undefined;
  const instance = s.slice(i, j);
  // (?:/\S+)*/ : greedy, so it ends after the last '/' of this run of non-space characters
  // (a '/' right after the first one cannot close a `/\S+` step).
  const runEnd = skipNonSpace(s, j);
  const lastSlash = s.lastIndexOf('/', runEnd - 1);
  const pos = lastSlash >= j + 2 ? lastSlash + 1 : j + 1;
  // (\S+)\[(\d+)\]:\s+ : the run must end in "[digits]:" and be followed by whitespace.
  if (runEnd >= s.length || runEnd - pos < 5) return undefined;
  if (s.charCodeAt(runEnd - 1) !== 58 /* : */ || s.charCodeAt(runEnd - 2) !== 93 /* ] */) return undefined;
  const open = s.lastIndexOf('[', runEnd - 3);
  if (open <= pos || open === runEnd - 3) return undefined;
  for (let k = open + 1; k < runEnd - 2; k++) if (!isDigit(s.charCodeAt(k))) return undefined;
  return {
    instance,
    command: s.slice(pos, open),
    pid: s.slice(open + 1, runEnd - 2),
    body: skipSpace(s, runEnd),
  };
}
