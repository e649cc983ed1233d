// What a transaction's lines say about its message: sender, recipients and their final status,
// for the quick picks and the explorer view (so made visible: engine/visible.ts).
import { visible } from './visible';
const FROM = /\bfrom=<([^>\s]*)>/;
const TO = /\bto=<([^>\s]*)>/;
const STATUS = /\bstatus=(sent|deferred|bounced|expired|undeliverable|deliverable)\b/;

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
    if (from === undefined && line.includes('from=<') && !line.includes(' client=') && !line.includes('NOQUEUE')) {
      const m = FROM.exec(line);
      if (m && line.includes('nrcpt=')) from = visible(m[1]);
    }
    if (line.includes(' to=<') && line.includes('status=')) {
      const t = TO.exec(line);
      const s = STATUS.exec(line);
      if (t && s) {
        status.delete(t[1]); // keep the final status, in the order of last attempts
        status.set(t[1], s[1]);
      }
    }
  }
  return { from, to: [...status.keys()].map(visible), statuses: [...status.values()] };
}
