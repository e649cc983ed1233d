// The parts of a `to=<...>, relay=name[ip]:port, ... status=sent` line the summary reads, found in
// one pass over the recipient and one over the relay (the recipient's `>`, the relay's end, its
// first `[` and `]`): the same results as searching for each of them in turn.
import { Bytes } from '../bytes';
import { at, find, isLoopback } from './scan';
import { RELAY } from './patterns';

export interface SentParts {
  /** The recipient's closing `>` (the first after `to=<`), or -1. */
  close: number;
  /** The relay: bytes [rs, re) after the first `, relay=` before the status, up to a comma (empty without one). */
  rs: number;
  re: number;
  /** In the relay: its first `]` (-1: none). */
  bracketClose: number;
  /** Whether the relay goes to this host (127.x, ::1, localhost): a hand-off to the content filter. */
  loopback: boolean;
}

/** Fills `out` for the line whose `to=<` is at `r` and whose `, status=` is at `st` (before `e`). */
export function sentParts(b: Bytes, r: number, st: number, e: number, out: SentParts): SentParts {
  let close = -1;
  let comma = false;
  for (let k = r + 4; k < e; k++) {
    const c = b[k];
    if (c === 62) {
      close = k;
      break;
    }
    if (c === 44) comma = true;
  }
  out.close = close;
  // `, relay=` right after the recipient (no comma before it can start an earlier one), else searched for.
  const rl = !comma && close >= 0 && at(b, close + 1, st, RELAY) ? close + 1 : find(b, RELAY, r, st);
  let rs = 0;
  let re = 0;
  let open = -1; // the first `[`
  let shut = -1; // the first `]`
  let shutAfter = -1; // the first `]` after the first `[`
  if (rl >= 0) {
    rs = rl + 8;
    for (re = rs; re < st; re++) {
      const c = b[re];
      if (c === 44) break;
      if (c === 91) {
        if (open < 0) open = re;
      } else if (c === 93) {
        if (shut < 0) shut = re;
        if (open >= 0 && shutAfter < 0) shutAfter = re;
      }
    }
  }
  out.rs = rs;
  out.re = re;
  out.bracketClose = shut;
  // The address in brackets when there is one (`name[ip]`), else the whole; then the name alone.
  const ip = open >= 0 && shutAfter >= 0 ? isLoopback(b, open + 1, shutAfter) : isLoopback(b, rs, re);
  out.loopback = ip || isLoopback(b, rs, open >= 0 ? open : re);
  return out;
}
