// The two header patterns of collate.pl, emulated byte by byte:
//
//   \A (?:\S+ \s+){3} \S+ \s+ (postfix(?:-[^/\s]+)?) (?:/\S+)* /     timestamp, host, instance
//   \G (\S+)\[(\d+)\]:\s+                                             command[pid]:
//
// With one extension: a line whose first field is an RFC3339 timestamp counts it as one field
// (collate.pl would take three and skip the line). Everything else matches exactly what Perl
// matches, including the effect of its backtracking, so that `collate` output is byte-identical.
import { Bytes, CLASS, DIGIT, SPACE } from './bytes';

/** Offsets into the line's bytes; `body` is the message start after `command[pid]:` and its whitespace. */
export interface CollateHeader {
  instanceStart: number;
  instanceEnd: number;
  commandStart: number;
  commandEnd: number;
  pidStart: number;
  pidEnd: number;
  body: number;
}

// The hot path reads bytes inline, without helper calls: until the JIT has compiled it, every
// call costs more than the check it makes (see bench/collate.mjs).

/** `\d{4}-\d\d-\d\dT`: an RFC3339 first field. */
function rfc3339(b: Bytes, i: number, end: number): boolean {
  return (
    i + 11 <= end && b[i + 4] === 45 && b[i + 7] === 45 && b[i + 10] === 84 &&
    (CLASS[b[i]] & CLASS[b[i + 1]] & CLASS[b[i + 2]] & CLASS[b[i + 3]] & CLASS[b[i + 5]] & CLASS[b[i + 6]] & CLASS[b[i + 8]] & CLASS[b[i + 9]] & DIGIT) !== 0
  );
}

/**
 * The usual `Mmm dd hh:mm:ss ` (day zero- or space-padded) followed by a non-space byte: the
 * generic loop would find the same three fields. Only what that loop looks at is checked: the
 * separators, and that the bytes between them are not whitespace (byte 4 may be either). Bytes
 * below "!" count as whitespace here: such a line takes the generic loop, which decides exactly.
 */
function bsdTimestamp(b: Bytes, i: number, end: number): boolean {
  return (
    i + 17 <= end && b[i + 3] === 32 && b[i + 6] === 32 && b[i + 9] === 58 && b[i + 12] === 58 && b[i + 15] === 32 &&
    b[i] > 32 && b[i + 1] > 32 && b[i + 2] > 32 && b[i + 5] > 32 && b[i + 7] > 32 && b[i + 8] > 32 &&
    b[i + 10] > 32 && b[i + 11] > 32 && b[i + 13] > 32 && b[i + 14] > 32 && b[i + 16] > 32
  );
}

/** Parses the line [start, end) (its "\n" included); `out` is filled and returned, or undefined. */
export function collateHeader(b: Bytes, start: number, end: number, out: CollateHeader): CollateHeader | undefined {
  let i = start;
  // (?:\S+\s+){3}\S+\s+ : each field is a full run of non-space bytes followed by whitespace.
  let fields = 4;
  if (bsdTimestamp(b, start, end)) {
    i = start + 16; // "Mmm dd hh:mm:ss " or "Mmm  d hh:mm:ss ", then the host
    fields = 1;
  } else if (rfc3339(b, start, end)) fields = 2;
  for (let k = 0; k < fields; k++) {
    const s = i;
    for (; i < end; i++) {
      const c = b[i];
      if (c <= 32 && (c === 32 || (c >= 9 && c <= 13))) break;
    }
    if (i === s || i >= end) return undefined;
    for (; i < end; i++) {
      const c = b[i];
      if (c > 32 || (c !== 32 && (c < 9 || c > 13))) break;
    }
  }
  if (i + 8 > end) return undefined;
  if (b[i] !== 112 || b[i + 1] !== 111 || b[i + 2] !== 115 || b[i + 3] !== 116 || b[i + 4] !== 102 || b[i + 5] !== 105 || b[i + 6] !== 120) return undefined; // "postfix"
  let j = i + 7;
  if (b[j] === 45 /* - */) {
    let k = j + 1;
    while (k < end && b[k] !== 47 && (CLASS[b[k]] & SPACE) === 0) k++;
    if (k === j + 1) return undefined;
    j = k;
  }
  if (b[j] !== 47 /* / */) return undefined;
  out.instanceStart = i;
  out.instanceEnd = j;
  // (?:/\S+)*/ is greedy: it ends after the last '/' of this run of non-space bytes
  // (a '/' right after the first one cannot close a `/\S+` step). One pass finds both.
  let runEnd = j + 1;
  let lastSlash = j;
  for (; runEnd < end; runEnd++) {
    const c = b[runEnd];
    if (c === 47) lastSlash = runEnd;
    else if (c <= 32 && (c === 32 || (c >= 9 && c <= 13))) break;
  }
  const pos = lastSlash >= j + 2 ? lastSlash + 1 : j + 1;
  // (\S+)\[(\d+)\]:\s+ : the run must end in "[digits]:" and be followed by whitespace.
  if (runEnd >= end || runEnd - pos < 5) return undefined;
  if (b[runEnd - 1] !== 58 /* : */ || b[runEnd - 2] !== 93 /* ] */) return undefined;
  let open = runEnd - 3;
  for (; open > pos; open--) {
    const c = b[open];
    if (c < 48 || c > 57) break;
  }
  if (open === runEnd - 3 || open <= pos || b[open] !== 91 /* [ */) return undefined;
  out.commandStart = pos;
  out.commandEnd = open;
  out.pidStart = open + 1;
  out.pidEnd = runEnd - 2;
  let body = runEnd;
  while (body < end && CLASS[b[body]] & SPACE) body++;
  out.body = body;
  return out;
}
