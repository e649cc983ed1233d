// Hovers: a queue ID's transaction summary with its delivery path; a Message-ID's queue IDs; an
// amavis line's verdict. Written through a Markup (markdown.ts): Markdown in which every piece of
// log text is escaped or in a code span, or plain text for clients that ask for it.
import { programMarkers } from '../engine/formats/lineMarkers';
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
import { l10n } from '../engine/l10n';

/** Postfix's delays=a/b/c/d, named. */
function namedDelays(delays: string, m: Markup): string {
  const names = [l10n.t('before the queue manager'), l10n.t('in the queue manager'), l10n.t('connection setup'), l10n.t('transmission')];
  return delays
    .split('/')
    .map((v, i) => l10n.t('{0} s {1}', m.text(v), names[i] ?? '').trim())
    .join(', ');
}

/** `queue ID (line n)`. */
const atLine = (m: Markup, queueId: string, line: number) => l10n.t('{0} (line {1})', m.text(queueId), line + 1);

export function recordHover(view: LogView, r: QueueRecord, m: Markup = markdown): string {
  const where = r.instance !== 'postfix' ? l10n.t('{0} on {1} ({2})', m.strong(m.text(r.queueId)), m.text(r.host), m.text(r.instance)) : l10n.t('{0} on {1}', m.strong(m.text(r.queueId)), m.text(r.host));
  const out: string[] = [`${where}${r.removed ? '' : ` · ${m.em(l10n.t('not removed from the queue in this log'))}`}`, ''];
  const row = (k: string, v: string | undefined) => v !== undefined && out.push(m.item(`${k}: ${v}`));
  row(l10n.t('From'), r.from !== undefined ? `${m.code(`<${r.from}>`)}${r.from === '' ? ` (${l10n.t('bounce')})` : ''}` : undefined);
  row(l10n.t('Size'), r.size !== undefined ? l10n.plural(r.size, l10n.t('{0} byte|{0} bytes', l10n.n(r.size))) : undefined);
  row('Message-ID', r.messageId !== undefined ? m.text(`<${r.messageId}>`) : undefined);
  row(l10n.t('Client'), r.client ? m.text(`${r.client.name} [${r.client.ip}]`) : undefined);
  row('SMTP AUTH', r.sasl ? m.text(`${r.sasl.username}${r.sasl.method ? ` (${r.sasl.method})` : ''}`) : undefined);
  row(l10n.t('Local submission'), r.uid !== undefined ? `uid ${m.text(r.uid)}` : undefined);
  if (r.deliveries.length) {
    const rows = r.deliveries.map((d) => [d.recipient, d.status, d.dsn ?? '', d.relay, d.delay !== undefined ? l10n.t('{0} s', d.delay) : '']);
    out.push('', ...m.table([l10n.t('recipient'), l10n.t('status'), 'dsn', 'relay', l10n.t('delay')], rows));
    const last = r.deliveries[r.deliveries.length - 1];
    if (last.delays) out.push('', l10n.t('Delays of the last delivery: {0}', namedDelays(last.delays, m)));
    const replies = [...new Set(r.deliveries.filter((d) => d.status !== 'sent').map((d) => d.reply))].slice(0, 3);
    for (const reply of replies) out.push('', m.quote(reply));
  }
  if (r.amavis) out.push('', amavisHover(r.amavis, m));
  const index = view.index;
  const prev = previousHop(index, r);
  const next = nextHops(index, r);
  const path = messagePath(index, r);
  out.push('', l10n.t('Came from: {0}', m.text(origin(path.hops[0]))));
  if (prev) out.push(l10n.t('Previous hop: {0}', atLine(m, prev.queueId, prev.lines[0] ?? 0)));
  if (next.length) out.push(l10n.t('Next hop: {0}', next.map((n) => atLine(m, n.queueId, n.lines[0] ?? 0)).join(', ')));
  if (r.notificationOf) out.push(l10n.t('Notification about: {0}', m.text(r.notificationOf)));
  if (r.notifications.length) out.push(l10n.t('Notifications: {0}', r.notifications.map((n) => m.text(n)).join(', ')));
  return out.join('\n');
}

function amavisHover(v: AmavisVerdict, m: Markup): string {
  const parts = [`amavis: ${m.strong(m.text(`${v.action} ${v.verdict}`))}`];
  if (v.hits) parts.push(l10n.t('score {0}', m.text(v.hits)));
  if (v.queueId) parts.push(`Queue-ID ${m.text(v.queueId)}`);
  if (v.queuedAs.length) parts.push(l10n.t('queued as {0}', v.queuedAs.map((q) => m.text(q)).join(', ')));
  else parts.push(l10n.t('not re-injected'));
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
    if (path) value += `\n\n${m.rule}\n\n${l10n.t("Across the folder's logs: {0}", m.text(path))}`;
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
      ? `${l10n.t('Message-ID {0} is carried by:', m.text(`<${mid.id}>`))}\n\n${records.map((r) => m.item(l10n.t('{0} on {1} (line {2})', m.text(r.queueId), m.text(r.host), (r.lines[0] ?? 0) + 1))).join('\n')}`
      : l10n.t('Message-ID {0}: no Postfix transaction in this log carries it.', m.text(`<${mid.id}>`));
    return { contents: { kind: m.kind, value }, range: range(mid.span) };
  }
  const info = describeLine(line);
  if (info.program && line.slice(info.program.start, info.program.end).startsWith(programMarkers.amavis.text)) {
    const v = view.index.amavis.find((a) => a.line === position.line);
    if (v) return { contents: { kind: m.kind, value: amavisHover(v, m) } };
  }
  // An account or address of audit.log: its login counts.
  return securityHover(view, position, m);
}
