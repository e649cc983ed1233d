// A fast, allocation-light reading of a syslog line's header (BSD or RFC3339 timestamp, host,
// program[pid]), for the one-pass index. Same shapes as formats/syslog.ts, whose patterns and
// samples document them; the tests check that both agree on the samples and the corpus.

export interface SyslogHeader {
  timestampEnd: number;
  hostStart: number;
  hostEnd: number;
  programStart: number;
  programEnd: number;
  pidStart: number; // -1 when there is no pid
  pidEnd: number;
  /** Where the message starts (after `: `). */
  message: number;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** End of the timestamp, or -1. */
function timestampEnd(s: string): number {
  const c0 = s.charCodeAt(0);
  if (c0 >= 65 && c0 <= 90) {
    // Mmm dd HH:MM:SS (day space- or zero-padded)
    if (s.length < 16 || s.charCodeAt(3) !== 32 || s.charCodeAt(6) !== 32 || s.charCodeAt(9) !== 58 || s.charCodeAt(12) !== 58) return -1;
    const d = s.charCodeAt(4);
    if (!(d === 32 || isDigit(d)) || !isDigit(s.charCodeAt(5)) || !isDigit(s.charCodeAt(7)) || !isDigit(s.charCodeAt(14))) return -1;
    return 15;
  }
  if (isDigit(c0)) {
    // YYYY-MM-DDTHH:MM:SS[.frac][zone]
    if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return -1;
    const sp = s.indexOf(' ', 19);
    return sp < 0 ? -1 : sp;
  }
  return -1;
}

export function syslogHeader(s: string, out: SyslogHeader): SyslogHeader | undefined {
  const te = timestampEnd(s);
  if (te < 0) return undefined;
  let i = te;
  while (s.charCodeAt(i) === 32) i++;
  const hostStart = i;
  const hostEnd = s.indexOf(' ', i);
  if (hostEnd <= hostStart) return undefined;
  const programStart = hostEnd + 1;
  let j = programStart;
  const n = Math.min(s.length, programStart + 200);
  for (; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c === 91 /* [ */ || c === 58 /* : */ || c === 32) break;
  }
  if (j === programStart || j >= n) return undefined;
  out.timestampEnd = te;
  out.hostStart = hostStart;
  out.hostEnd = hostEnd;
  out.programStart = programStart;
  out.programEnd = j;
  out.pidStart = out.pidEnd = -1;
  if (s.charCodeAt(j) === 91) {
    const close = s.indexOf(']', j);
    if (close < 0 || close - j > 12) return undefined;
    out.pidStart = j + 1;
    out.pidEnd = close;
    j = close + 1;
  }
  if (s.charCodeAt(j) !== 58) return undefined;
  out.message = s.charCodeAt(j + 1) === 32 ? j + 2 : j + 1;
  return out;
}
