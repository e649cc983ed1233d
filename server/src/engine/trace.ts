// Following one message across the Postfix transactions of a log: content-filter hops (amavis,
// the DKIM signer) re-inject it under a new queue ID on the same host; bounces and forwards make
// child messages. Links are made only on evidence (orig_queue_id=, `queued as` on a local relay
// confirmed by the same Message-ID, the amavis Queue-ID/queued_as pair), never on timing alone.
import { LogIndex } from './index/logIndex';
import { QueueRecord } from './index/types';
import { l10n } from './l10n';
import { statusWord } from './statusWords';
import { lmtpRelay, localRelay } from './formats/postfixMessages';

const LOCAL_RELAY = localRelay.regex;

export function isLocalRelay(relay: string): boolean {
  return LOCAL_RELAY.test(relay);
}

const firstLine = (r: QueueRecord) => r.lines[0] ?? r.mentions[0] ?? 0;
const sameMessage = (a: QueueRecord, b: QueueRecord) => !a.messageId || !b.messageId || a.messageId === b.messageId;

/** Among the records of `queueId` on `from`'s host carrying the same message, the one nearest `line`. */
function nearest(index: LogIndex, from: QueueRecord, queueId: string, line: number, checkMessage = true): QueueRecord | undefined {
  let best: QueueRecord | undefined;
  for (const id of index.byQueueId.get(queueId) ?? []) {
    const r = index.records[id];
    if (r === from || r.host !== from.host || (checkMessage && !sameMessage(from, r))) continue;
    if (!best || Math.abs(firstLine(r) - line) < Math.abs(firstLine(best) - line)) best = r;
  }
  return best;
}

/** The hop before `r`: the transaction that handed it to a local content filter. */
export function previousHop(index: LogIndex, r: QueueRecord): QueueRecord | undefined {
  if (r.origQueueId) {
    const prev = nearest(index, r, r.origQueueId, firstLine(r));
    if (prev) return prev;
  }
  let best: QueueRecord | undefined;
  for (const id of index.byQueuedAs.get(r.queueId) ?? []) {
    const p = index.records[id];
    if (p === r || p.host !== r.host || !sameMessage(p, r)) continue;
    if (!p.deliveries.some((d) => d.queuedAs === r.queueId && isLocalRelay(d.relay))) continue;
    if (!best || Math.abs(firstLine(p) - firstLine(r)) < Math.abs(firstLine(best) - firstLine(r))) best = p;
  }
  return best;
}

/** The hops after `r`: re-injections by a local content filter (several recipients may share one). */
export function nextHops(index: LogIndex, r: QueueRecord): QueueRecord[] {
  const out: QueueRecord[] = [];
  const seen = new Set<string>();
  for (const d of r.deliveries) {
    if (!d.queuedAs || !isLocalRelay(d.relay) || seen.has(d.queuedAs)) continue;
    seen.add(d.queuedAs);
    const next = nearest(index, r, d.queuedAs, d.line);
    if (next && next !== r) out.push(next);
  }
  // amavis's `Queue-ID: A ... queued_as: B` corroborates, and links when A's delivery line is missing.
  const v = r.amavis;
  if (v && v.queueId === r.queueId) {
    for (const q of v.queuedAs) {
      if (seen.has(q)) continue;
      seen.add(q);
      const next = nearest(index, r, q, v.line);
      if (next && next !== r && next.messageId && next.messageId === r.messageId) out.push(next);
    }
  }
  return out;
}

export interface MessagePath {
  /** The message's transactions in path order, first hop first. */
  hops: QueueRecord[];
  /** Notifications (bounces) and local forwards the message caused. */
  children: QueueRecord[];
}

/** The whole path of the message that record `r` is one hop of. */
export function messagePath(index: LogIndex, r: QueueRecord): MessagePath {
  let first = r;
  const guard = new Set<QueueRecord>([r]);
  for (let p = previousHop(index, first); p && !guard.has(p); p = previousHop(index, first)) {
    guard.add(p);
    first = p;
  }
  const hops: QueueRecord[] = [];
  const walk = (x: QueueRecord) => {
    if (hops.includes(x)) return;
    hops.push(x);
    for (const n of nextHops(index, x)) walk(n);
  };
  walk(first);
  return { hops, children: hops.flatMap((h) => childrenOf(index, h)) };
}

/** The notifications (bounces) and local forwards of one transaction. */
export function childrenOf(index: LogIndex, h: QueueRecord): QueueRecord[] {
  const children: QueueRecord[] = [];
  for (const c of h.notifications) {
    const child = nearest(index, h, c, h.lines[h.lines.length - 1] ?? 0, false);
    if (child) children.push(child);
  }
  for (const d of h.deliveries) {
    if (!d.forwardedAs) continue;
    const child = nearest(index, h, d.forwardedAs, d.line, false);
    if (child) children.push(child);
  }
  return children;
}

/** The origin of a message no line of the logs tells (already queued when they begin). */
export const unknownOrigin = (): string => l10n.t('unknown (not in these logs)');

/** Where the message came from, as the first hop says. */
export function origin(r: QueueRecord): string {
  if (r.sasl) return l10n.t('{0} (SMTP AUTH from {1})', r.sasl.username, r.client?.ip ?? '?');
  if (r.client) return r.client.name && r.client.name !== 'unknown' ? r.client.name : r.client.ip;
  if (r.uid !== undefined) return l10n.t('local uid {0}', r.uid);
  if (r.notificationOf) return l10n.t('bounce of {0}', r.notificationOf);
  return unknownOrigin();
}

/** `N recipients`, in the user's language. */
export const recipientCount = (n: number): string => l10n.plural(n, l10n.t('{0} recipient|{0} recipients', l10n.n(n)));

/** What ended a path that no delivery ended. */
export const pathEnd = (removed: boolean | undefined): string => (removed ? l10n.t('removed') : l10n.t('in queue'));

const MARK: Record<string, string> = { sent: '✓', deferred: '⏳', bounced: '✗', expired: '✗', undeliverable: '✗', deliverable: '✓' };

/** A relay's host: what comes before its "[address]". */
export function relayHost(relay: string): string {
  const i = relay.indexOf('[');
  return i < 0 ? relay : relay.slice(0, i);
}

/** Short name of a relay: host without domain and address, or the transport. */
export function relayName(relay: string): string {
  const host = relayHost(relay);
  if (lmtpRelay.regex.test(relay)) return `lmtp ${host.split('.')[0]}`;
  return host === 'none' ? 'none' : host;
}

/** The path in one line: `origin → A → amavis CLEAN → B → lmtp mbox01 ✓ sent`. */
export function pathSummary(index: LogIndex, path: MessagePath): string {
  const parts: string[] = [origin(path.hops[0])];
  for (const h of path.hops) {
    parts.push(h.queueId);
    if (h.amavis) parts.push(`amavis ${h.amavis.verdict}`);
  }
  const last = path.hops.filter((h) => !nextHops(index, h).length);
  const finals: string[] = [];
  for (const h of last) {
    const byRecipient = new Map<string, string>();
    for (const d of h.deliveries) byRecipient.set(d.recipient, `${relayName(d.relay)} ${MARK[d.status] ?? ''} ${statusWord(d.status)}`);
    if (!byRecipient.size && h.amavis?.action === 'Blocked') finals.push(l10n.t('discarded by amavis'));
    const values = [...byRecipient.entries()];
    const distinct = new Set(values.map((v) => v[1]));
    if (distinct.size === 1 && values.length) finals.push(values.length > 1 ? `${values[0][1]} (${recipientCount(values.length)})` : values[0][1]);
    else for (const [rcpt, s] of values) finals.push(`${rcpt}: ${s}`);
  }
  parts.push(finals.join('; ') || pathEnd(path.hops[path.hops.length - 1].removed));
  for (const c of path.children) parts.push(`↳ ${c.notificationOf ? l10n.t('bounce') : l10n.t('forward')} ${c.queueId}`);
  return parts.join(' → ').replace(' → ↳', ' ↳');
}
