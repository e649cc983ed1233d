// What the tracer found, for people (every log line followed by its file:line) and for programs
// (the CLI's --json shape, see the README).
import { Hop, MailboxHop, TraceDelivery, TraceLog, TraceMessage, TraceOrigin } from './traceLogs';
import { isLocalRelay, pathEnd, recipientCount, relayName, unknownOrigin } from './trace';
import { visible } from './visible';
import { l10n } from './l10n';
import { statusWord } from './statusWords';

/** Where one line of the text came from: 0-based line of the text, file, 1-based line of the file. */
export interface TraceLocation {
  textLine: number;
  file: string;
  line: number;
}

export interface TraceText {
  text: string;
  locations: TraceLocation[];
}

const MARK: Record<string, string> = { sent: '✓', delivered: '✓', deferred: '⏳', bounced: '✗', expired: '✗', undeliverable: '✗', overquota: '✗', 'unknown-user': '✗', rejected: '✗', duplicate: '=' };

export function originText(o: TraceOrigin): string {
  const who = o.client && o.ip ? `${o.client} [${o.ip}]` : o.client || o.ip || '?';
  switch (o.via) {
    case 'webmail':
      return o.client ? l10n.t('{0} from {1} via webmail ({2})', o.account ?? '?', o.ip || '?', o.client) : l10n.t('{0} from {1} via webmail', o.account ?? '?', o.ip || '?');
    case 'smtp-auth':
      return l10n.t('{0} (SMTP AUTH from {1})', o.account ?? '?', o.ip || '?');
    case 'smtp':
      return who;
    case 'notification':
      return o.client ?? l10n.t('notification');
    case 'local':
      return o.client ? l10n.t('local submission ({0})', o.client) : l10n.t('local submission');
    default:
      return unknownOrigin();
  }
}

/** A delivery that hands the message to another hop of the same path (content filter, another MTA of ours). */
function isHandOff(m: TraceMessage, td: TraceDelivery): boolean {
  const q = td.delivery.queuedAs;
  return !!q && m.hops.some((h) => h !== td.hop && h.record.queueId === q);
}

function mailboxText(mb: MailboxHop): string {
  const where = mb.status === 'delivered' ? `${mb.host} ${mb.folder ?? '?'}${mb.account && mb.account.toLowerCase() !== mb.recipient.toLowerCase() ? ` (${mb.account})` : ''}` : mb.host;
  return `${where} ${MARK[mb.status] ?? ''} ${statusWord(mb.status)}`;
}

/** How each recipient's delivery ended: the last attempt per recipient of the hops that are not hand-offs. */
function finals(m: TraceMessage): string[] {
  const byRecipient = new Map<string, string>();
  for (const td of m.deliveries) {
    if (isHandOff(m, td)) continue;
    const d = td.delivery;
    let s: string;
    if (td.mailbox) s = mailboxText(td.mailbox);
    else if (isLocalRelay(d.relay) && !d.queuedAs && td.hop.amavis?.action === 'Blocked') s = l10n.t('discarded by amavis');
    else s = `${relayName(d.relay)} ${MARK[d.status] ?? ''} ${statusWord(d.status)}`;
    byRecipient.set(d.recipient, s);
  }
  const values = [...byRecipient.entries()];
  const distinct = new Set(values.map((v) => v[1]));
  if (distinct.size === 1 && values.length) return [values.length > 1 ? `${values[0][1]} (${recipientCount(values.length)})` : values[0][1]];
  const out = values.map(([r, s]) => `${r}: ${s}`);
  const last = m.hops[m.hops.length - 1];
  if (!out.length && last.amavis?.action === 'Blocked') out.push(l10n.t('discarded by amavis ({0})', last.amavis.verdict));
  return out;
}

/** The path in one line: `origin → A → amavis CLEAN → B → mbox01 Inbox ✓ delivered`. */
export function messageSummary(m: TraceMessage): string {
  const parts = [originText(m.origin)];
  const hosts = new Set(m.hops.map((h) => h.record.host));
  for (const h of m.hops) {
    parts.push(hosts.size > 1 ? `${h.record.queueId}@${h.record.host}` : h.record.queueId);
    if (h.amavis) parts.push(`amavis ${h.amavis.action === 'Blocked' ? 'Blocked ' : ''}${h.amavis.verdict}`);
  }
  const last = m.hops[m.hops.length - 1];
  parts.push(finals(m).join('; ') || pathEnd(last?.record.removed));
  return parts.join(' → ');
}

function hopLines(h: Hop): number[] {
  const lines = [...h.record.lines];
  if (h.amavis && !lines.includes(h.amavis.line)) lines.push(h.amavis.line);
  return lines.sort((a, b) => a - b);
}

/** The messages for people: a header, then every hop's lines, each followed by `file:line`. */
export function traceText(messages: TraceMessage[], fileName: (name: string) => string = (n) => n): TraceText {
  const out: string[] = [];
  const locations: TraceLocation[] = [];
  const logLine = (log: TraceLog, n: number) => {
    const w = log.where(n);
    locations.push({ textLine: out.length, file: w.file, line: w.line });
    out.push(`    ${log.line(n)}  ${fileName(w.file)}:${w.line}`);
  };
  for (const m of messages) {
    if (out.length) out.push('');
    const head = m.parent ? (m.parent.kind === 'bounce' ? l10n.t('Bounce of {0} on {1}: ', m.parent.queueId, m.parent.host) : l10n.t('Forward of {0} on {1}: ', m.parent.queueId, m.parent.host)) : '';
    // The header lines are made of log text: made visible (the log lines below keep their bytes).
    out.push(visible(`${head}${l10n.t('Message-ID {0} from {1}', m.messageId !== undefined ? `<${m.messageId}>` : l10n.t('(none)'), `<${m.from ?? ''}>`)}`));
    out.push(visible(l10n.t('Origin: {0}', originText(m.origin))));
    out.push(visible(l10n.t('Path: {0}', messageSummary(m))));
    if (m.origin.event) {
      out.push(`  ${l10n.t('webmail (mailbox server)')}`);
      logLine(m.origin.event.log, m.origin.event.event.line);
    }
    for (const h of m.hops) {
      const r = h.record;
      const about = [r.client ? l10n.t('client {0}', `${r.client.name}[${r.client.ip}]`) : '', r.sasl ? `SMTP AUTH ${r.sasl.username}` : '', h.amavis ? `amavis ${h.amavis.action} ${h.amavis.verdict}` : ''].filter(Boolean);
      const where = r.instance !== 'postfix' ? l10n.t('{0} on {1} ({2})', r.queueId, r.host, r.instance) : l10n.t('{0} on {1}', r.queueId, r.host);
      out.push(visible(`  ${where}${about.length ? ` · ${about.join(' · ')}` : ''}`));
      for (const n of hopLines(h)) logLine(h.log, n);
    }
    const boxes = m.deliveries.filter((d) => d.mailbox).map((d) => d.mailbox!);
    const printed = new Set<string>();
    for (const mb of boxes) {
      out.push(visible(`  ${l10n.t('mailbox {0}: {1}', mb.host, `${mb.recipient} ${mailboxText(mb).slice(mb.host.length + 1)}`)}${mb.reason && mb.reason !== mb.status ? ` (${mb.reason})` : ''}`));
      for (const e of mb.events) {
        const key = `${mb.log.files[0]?.name}:${e.line}`;
        if (e.kind === 'delivering' && printed.has(key)) continue;
        printed.add(key);
        logLine(mb.log, e.line);
      }
    }
  }
  return { text: out.length ? out.join('\n') + '\n' : '', locations };
}

export interface TraceJson {
  messages: {
    messageId: string | null;
    origin: { account?: string; ip: string; client?: string; via: string };
    hops: { queueId: string; host: string; instance: string; client: string | null; from: string | null; firstLine: number; lastLine: number; file: string; lastFile?: string; amavis?: string }[];
    deliveries: { queueId: string; recipient: string; status: string; relay: string; dsn: string | null; mailbox?: { host: string; account?: string; folder?: string; status: string; file: string; line: number } }[];
    parent?: { queueId: string; host: string; kind: string };
  }[];
}

/** The messages as the CLI's `--json` prints them (hops in path order, lines 1-based). */
export function traceJson(messages: TraceMessage[]): TraceJson {
  return {
    messages: messages.map((m) => {
      const origin = {
        ...(m.origin.account !== undefined ? { account: m.origin.account } : {}),
        ip: m.origin.ip,
        ...(m.origin.client !== undefined ? { client: m.origin.client } : {}),
        via: m.origin.via,
      };
      const j: TraceJson['messages'][number] = {
        messageId: m.messageId ?? null,
        origin,
        hops: m.hops.map((h) => {
          const r = h.record;
          const first = h.log.where(r.lines[0] ?? 0);
          const last = h.log.where(r.lines[r.lines.length - 1] ?? 0);
          const hop: TraceJson['messages'][number]['hops'][number] = {
            queueId: r.queueId,
            host: r.host,
            instance: r.instance,
            client: r.client ? `${r.client.name}[${r.client.ip}]` : null,
            from: r.from ?? null,
            firstLine: first.line,
            lastLine: last.line,
            file: first.file,
          };
          if (last.file !== first.file) hop.lastFile = last.file;
          if (h.amavis) hop.amavis = `${h.amavis.action} ${h.amavis.verdict}`;
          return hop;
        }),
        deliveries: m.deliveries.map((td) => {
          const d = td.delivery;
          const out: TraceJson['messages'][number]['deliveries'][number] = { queueId: td.hop.record.queueId, recipient: d.recipient, status: d.status, relay: d.relay, dsn: d.dsn ?? null };
          const mb = td.mailbox;
          if (mb) {
            const end = mb.events[mb.events.length - 1];
            const w = mb.log.where(end.line);
            out.mailbox = { host: mb.host, ...(mb.account !== undefined ? { account: mb.account } : {}), ...(mb.folder !== undefined ? { folder: mb.folder } : {}), status: mb.status, file: w.file, line: w.line };
          }
          return out;
        }),
      };
      if (m.parent) j.parent = { ...m.parent };
      return j;
    }),
  };
}
