// Hovers: a queue ID's transaction summary with its delivery path; a Message-ID's queue IDs; an
// amavis line's verdict. Written through a Markup (markdown.ts): Markdown in which every piece of
// log text is escaped or in a code span, or plain text for clients that ask for it.
import { Hover } from 'vscode-languageserver';
import { AmavisVerdict, QueueRecord } from '../engine/index/types';
import { describeLine } from '../engine/lineInfo';
import { messagePath, nextHops, origin, previousHop } from '../engine/trace';
import type { Position } from '../../../common/protocol';
import type { IndexedLog as LogView } from '../lsp/workspace';
import { markdown, Markup } from './markdown';
import { securityHover } from './investigate/failedLogins';
import { failureHover } from './failureHover';
import { messageIdAt, queueIdHit } from './positions';

const DELAYS = ['before the queue manager', 'in the queue manager', 'connection setup', 'transmission'];

function namedDelays(delays: string, m: Markup): string {
  return delays
    .split('/')
    .map((v, i) => `${m.text(v)} s ${DELAYS[i] ?? ''}`.trim())
    .join(', ');
}

export function recordHover(view: LogView, r: QueueRecord, m: Markup = markdown): string {
  const out: string[] = [`${m.strong(m.text(r.queueId))} on ${m.text(r.host)}${r.instance !== 'postfix' ? ` (${m.text(r.instance)})` : ''}${r.removed ? '' : ` · ${m.em('not removed from the queue in this log')}`}`, ''];
  const row = (k: string, v: string | undefined) => v !== undefined && out.push(m.item(`${k}: ${v}`));
  row('From', r.from !== undefined ? `${m.code(`<${r.from}>`)}${r.from === '' ? ' (bounce)' : ''}` : undefined);
  row('Size', r.size !== undefined ? `${r.size} bytes` : undefined);
  row('Message-ID', r.messageId !== undefined ? m.text(`<${r.messageId}>`) : undefined);
  row('Client', r.client ? m.text(`${r.client.name} [${r.client.ip}]`) : undefined);
  row('SMTP AUTH', r.sasl ? m.text(`${r.sasl.username}${r.sasl.method ? ` (${r.sasl.method})` : ''}`) : undefined);
  row('Local submission', r.uid !== undefined ? `uid ${m.text(r.uid)}` : undefined);
  if (r.deliveries.length) {
    const rows = r.deliveries.map((d) => [d.recipient, d.status, d.dsn ?? '', d.relay, d.delay !== undefined ? `${d.delay} s` : '']);
    out.push('', ...m.table(['recipient', 'status', 'dsn', 'relay', 'delay'], rows));
    const last = r.deliveries[r.deliveries.length - 1];
    if (last.delays) out.push('', `Delays of the last delivery: ${namedDelays(last.delays, m)}`);
    const replies = [...new Set(r.deliveries.filter((d) => d.status !== 'sent').map((d) => d.reply))].slice(0, 3);
    for (const reply of replies) out.push('', m.quote(reply));
  }
  if (r.amavis) out.push('', amavisHover(r.amavis, m));
  const index = view.index;
  const prev = previousHop(index, r);
  const next = nextHops(index, r);
  const path = messagePath(index, r);
  out.push('', `Came from: ${m.text(origin(path.hops[0]))}`);
  if (prev) out.push(`Previous hop: ${m.text(prev.queueId)} (line ${(prev.lines[0] ?? 0) + 1})`);
  if (next.length) out.push(`Next hop: ${next.map((n) => `${m.text(n.queueId)} (line ${(n.lines[0] ?? 0) + 1})`).join(', ')}`);
  if (r.notificationOf) out.push(`Notification about: ${m.text(r.notificationOf)}`);
  if (r.notifications.length) out.push(`Notifications: ${r.notifications.map((n) => m.text(n)).join(', ')}`);
  return out.join('\n');
}

function amavisHover(v: AmavisVerdict, m: Markup): string {
  const parts = [`amavis: ${m.strong(m.text(`${v.action} ${v.verdict}`))}`];
  if (v.hits) parts.push(`score ${m.text(v.hits)}`);
  if (v.queueId) parts.push(`Queue-ID ${m.text(v.queueId)}`);
  if (v.queuedAs.length) parts.push(`queued as ${v.queuedAs.map((q) => m.text(q)).join(', ')}`);
  else parts.push('not re-injected');
  return parts.join(' · ');
}

/**
 * The hover at `position`. `across`, when given, tells the message's path across the folder's
 * other logs (other MTAs, mailbox.log) for the transaction starting at a line, once known.
 */
export function hover(view: LogView, position: Position, across?: (line: number, queueId: string) => string | undefined, m: Markup = markdown): Hover | null {
  const hit = queueIdHit(view, position);
  const range = (s: { start: number; end: number }) => ({ start: { line: position.line, character: s.start }, end: { line: position.line, character: s.end } });
  if (hit) {
    let value = recordHover(view, hit.record, m);
    const path = across?.(hit.record.startLine >= 0 ? hit.record.startLine : hit.record.lines[0] ?? position.line, hit.record.queueId);
    if (path) value += `\n\n${m.rule}\n\nAcross the folder's logs: ${m.text(path)}`;
    return { contents: { kind: m.kind, value }, range: range(hit.span) };
  }
  // The recipient of a failed delivery: its cause, explanation and remedy.
  const failed = failureHover(view, position, m);
  if (failed) return failed;
  const line = view.line(position.line);
  const mid = messageIdAt(line, position.character);
  if (mid) {
    const records = (view.index.byMessageId.get(mid.id) ?? []).map((id) => view.index.records[id]);
    const value = records.length
      ? `Message-ID ${m.text(`<${mid.id}>`)} is carried by:\n\n${records.map((r) => m.item(`${m.text(r.queueId)} on ${m.text(r.host)} (line ${(r.lines[0] ?? 0) + 1})`)).join('\n')}`
      : `Message-ID ${m.text(`<${mid.id}>`)}: no Postfix transaction in this log carries it.`;
    return { contents: { kind: m.kind, value }, range: range(mid.span) };
  }
  const info = describeLine(line);
  if (info.program && line.slice(info.program.start, info.program.end).startsWith('amavis')) {
    const v = view.index.amavis.find((a) => a.line === position.line);
    if (v) return { contents: { kind: m.kind, value: amavisHover(v, m) } };
  }
  // An account or address of audit.log: its login counts.
  return securityHover(view, position, m);
}
