// What a transaction's lines say about its message: sender, recipients and their final status,
// for the quick picks and the explorer view (so made visible: engine/visible.ts).
import { summaryLineMarkers as M } from './formats/lineMarkers';
import { visible } from './visible';
import { postfixDelivery } from './formats/postfix';
import { transactionFrom } from './formats/postfixMessages';
const FROM = transactionFrom.regex;

/** `s` without a final LF or CRLF. */
const withoutLineEnd = (s: string) => (s.endsWith('\r\n') ? s.slice(0, -2) : s.endsWith('\n') ? s.slice(0, -1) : s);

export interface MessageSummary {
  from?: string;
  to: string[];
  statuses: string[];
}

/** Reads `from=<...>` (qmgr) and the last `to=<...>, ..., status=...` per recipient. */
export function summarizeLines(lines: readonly string[]): MessageSummary {
  let from: string | undefined;
  const status = new Map<string, string>();
  for (const line of lines) {
    if (from === undefined && line.includes(M.from.text) && !line.includes(M.client.text) && !line.includes(M.noqueue.text)) {
      const m = FROM.exec(line);
      if (m && line.includes(M.nrcpt.text)) from = visible(m[1]);
    }
    const at = line.indexOf(M.to.text);
    if (at >= 0 && line.includes(M.status.text, at)) {
      const d = postfixDelivery.regex.exec(withoutLineEnd(line.slice(at + 2)))?.groups;
      if (d) {
        status.delete(d.to); // keep the final status, in the order of last attempts
        status.set(d.to, d.status);
      }
    }
  }
  return { from, to: [...status.keys()].map(visible), statuses: [...status.values()] };
}
