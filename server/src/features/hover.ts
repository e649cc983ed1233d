// Hovers: a queue ID's transaction summary with its delivery path; a Message-ID's queue IDs; an
// amavis line's verdict. Markdown built here escapes every piece of log text.
import { Hover, MarkupKind } from 'vscode-languageserver';
import { AmavisVerdict, QueueRecord } from '../engine/index/types';
import { describeLine } from '../engine/lineInfo';
import { messagePath, nextHops, origin, previousHop } from '../engine/trace';
import type { Position } from '../protocol';
import type { LogView } from '../workspace';
import { md } from './markdown';
import { securityHover } from './investigations';
import { messageIdAt, queueIdHit } from './positions';

const DELAYS = ['before the queue manager', 'in the queue manager', 'connection setup', 'transmission'];

function namedDelays(delays: string): string {
  return delays
    .split('/')
    .map((v, i) => `${md(v)} s ${DELAYS[i] ?? ''}`.trim())
    .join(', ');
}

export function recordMarkdown(view: LogView, r: QueueRecord): string {
  const out: string[] = [`**${md(r.queueId)}** on ${md(r.host)}${r.instance !== 'postfix' ? ` (${md(r.instance)})` : ''}${r.removed ? '' : ' · *not removed from the queue in this log*'}`, ''];
  const row = (k: string, v: string | undefined) => v !== undefined && out.push(`- ${k}: ${v}`);
  row('From', r.from !== undefined ? `\`<${md(r.from)}>\``.replace(/^`<>`$/, '`<>` (bounce)') : undefined);
  row('Size', r.size !== undefined ? `${r.size} bytes` : undefined);
  row('Message-ID', r.messageId !== undefined ? md(`<${r.messageId}>`) : undefined);
  row('Client', r.client ? `${md(r.client.name)} \\[${md(r.client.ip)}\\]` : undefined);
  row('SMTP AUTH', r.sasl ? `${md(r.sasl.username)}${r.sasl.method ? ` (${md(r.sasl.method)})` : ''}` : undefined);
  row('Local submission', r.uid !== undefined ? `uid ${md(r.uid)}` : undefined);
  if (r.deliveries.length) {
    out.push('', '| recipient | status | dsn | relay | delay |', '|---|---|---|---|---|');
    for (const d of r.deliveries) {
      out.push(`| ${md(d.recipient)} | ${md(d.status)} | ${md(d.dsn ?? '')} | ${md(d.relay)} | ${md(d.delay ?? '')} s |`);
    }
    const last = r.deliveries[r.deliveries.length - 1];
    if (last.delays) out.push('', `Delays of the last delivery: ${namedDelays(last.delays)}`);
    const replies = [...new Set(r.deliveries.filter((d) => d.status !== 'sent').map((d) => d.reply))].slice(0, 3);
    for (const reply of replies) out.push('', `> ${md(reply)}`);
  }
  if (r.amavis) out.push('', amavisMarkdown(r.amavis));
  const index = view.index;
  const prev = previousHop(index, r);
  const next = nextHops(index, r);
  const path = messagePath(index, r);
  out.push('', `Came from: ${md(origin(path.hops[0]))}`);
  if (prev) out.push(`Previous hop: ${md(prev.queueId)} (line ${(prev.lines[0] ?? 0) + 1})`);
  if (next.length) out.push(`Next hop: ${next.map((n) => `${md(n.queueId)} (line ${(n.lines[0] ?? 0) + 1})`).join(', ')}`);
  if (r.notificationOf) out.push(`Notification about: ${md(r.notificationOf)}`);
  if (r.notifications.length) out.push(`Notifications: ${r.notifications.map(md).join(', ')}`);
  return out.join('\n');
}

function amavisMarkdown(v: AmavisVerdict): string {
  const parts = [`amavis: **${md(v.action)} ${md(v.verdict)}**`];
  if (v.hits) parts.push(`score ${md(v.hits)}`);
  if (v.queueId) parts.push(`Queue-ID ${md(v.queueId)}`);
  if (v.queuedAs.length) parts.push(`queued as ${v.queuedAs.map(md).join(', ')}`);
  else parts.push('not re-injected');
  return parts.join(' · ');
}

/**
 * The hover at `position`. `across`, when given, tells the message's path across the folder's
 * other logs (other MTAs, mailbox.log) for the transaction starting at a line, once known.
 */
export function hover(view: LogView, position: Position, across?: (line: number, queueId: string) => string | undefined): Hover | null {
  const hit = queueIdHit(view, position);
  const range = (s: { start: number; end: number }) => ({ start: { line: position.line, character: s.start }, end: { line: position.line, character: s.end } });
  if (hit) {
    let value = recordMarkdown(view, hit.record);
    const path = across?.(hit.record.startLine >= 0 ? hit.record.startLine : hit.record.lines[0] ?? position.line, hit.record.queueId);
    if (path) value += `\n\n---\n\nAcross the folder's logs: ${md(path)}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: range(hit.span) };
  }
  const line = view.line(position.line);
  const mid = messageIdAt(line, position.character);
  if (mid) {
    const records = (view.index.byMessageId.get(mid.id) ?? []).map((id) => view.index.records[id]);
    const value = records.length
      ? `Message-ID ${md(`<${mid.id}>`)} is carried by:\n\n${records.map((r) => `- ${md(r.queueId)} on ${md(r.host)} (line ${(r.lines[0] ?? 0) + 1})`).join('\n')}`
      : `Message-ID ${md(`<${mid.id}>`)}: no Postfix transaction in this log carries it.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: range(mid.span) };
  }
  const info = describeLine(line);
  if (info.program && line.slice(info.program.start, info.program.end).startsWith('amavis')) {
    const v = view.index.amavis.find((a) => a.line === position.line);
    if (v) return { contents: { kind: MarkupKind.Markdown, value: amavisMarkdown(v) } };
  }
  // An account or address of audit.log: its login counts.
  return securityHover(view, position);
}
