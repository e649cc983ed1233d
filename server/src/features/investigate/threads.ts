// Outline groups of an open mailbox.log: the threads of each protocol, and handler exceptions.
import { threadMarkers } from '../../engine/formats/lineMarkers';
import { l10n } from '../../engine/l10n';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { threadGroup } from '../../engine/investigate/threads';
import { describeLine } from '../../engine/lineInfo';
import { plain } from '../markdown';
import { LogLike } from './logLike';

/** Children listed per Outline group (the group's detail still counts them all). */
const GROUP_CHILDREN = 1000;

/**
 * An entry's name in the Outline, for a log4j line whose logger and message are known:
 * `10:17:09 ERROR SoapEngine - handler exception` (time, level, logger, message; thread and
 * context left out); undefined for other lines.
 */
export function entryName(line: string, level: string, info = describeLine(line), max = 160): string | undefined {
  if (!info.logger || info.message === undefined) return undefined;
  return plain(`${line.slice(11, 19)} ${level} ${line.slice(info.logger.start, info.logger.end)} - ${line.slice(info.message)}`, max);
}

/**
 * Outline groups for keyword navigation (the article's LmtpServer, ImapServer, Pop3Server and
 * `handler exception` searches): the entries of each protocol's threads, and every handler
 * exception. Each group spans its first to its last entry; handler exceptions are marked.
 */
export function threadGroupSymbols(view: LogLike): DocumentSymbol[] {
  const groups = new Map<string, { entries: { line: number; endLine: number; name: string; exception: boolean }[]; count: number }>();
  const add = (key: string, e: { line: number; endLine: number; name: string; exception: boolean }) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { entries: [], count: 0 }));
    g.count++;
    if (g.entries.length < GROUP_CHILDREN) g.entries.push(e);
  };
  for (const e of view.scan.entries) {
    const line = view.line(e.line);
    const info = describeLine(line);
    if (!info.thread || !info.logger || info.message === undefined) continue;
    const group = threadGroup(line.slice(info.thread.start, info.thread.end));
    const message = line.slice(info.message);
    const exception = message.startsWith(threadMarkers.handlerException.text);
    if (!group && !exception) continue;
    const name = entryName(line, e.level, info)!;
    const item = { line: e.line, endLine: e.endLine, name: exception ? `⚠ ${name}` : name, exception };
    if (group) add(group === 'SOAP' ? 'SOAP (qtp)' : group, item);
    if (exception) add('handler exception', item);
  }
  const range = (a: number, b: number) => ({ start: { line: a, character: 0 }, end: { line: b, character: view.line(b).length } });
  const order = ['LmtpServer', 'ImapServer', 'Pop3Server', 'SOAP (qtp)', 'handler exception'];
  return order
    .filter((k) => groups.has(k))
    .map((k) => {
      const g = groups.get(k)!;
      const first = g.entries[0];
      const exceptions = g.entries.filter((x) => x.exception).length;
      return {
        name: k,
        detail: `${l10n.plural(g.count, l10n.t('{0} entry|{0} entries', l10n.n(g.count)))}${k !== 'handler exception' && exceptions ? `, ${l10n.plural(exceptions, l10n.t('{0} handler exception|{0} handler exceptions', l10n.n(exceptions)))}` : ''}${g.count > g.entries.length ? ` ${l10n.t('(first {0} listed)', g.entries.length)}` : ''}`,
        kind: k === 'handler exception' ? SymbolKind.Key : SymbolKind.Namespace,
        range: range(first.line, Math.max(...g.entries.map((x) => x.endLine))),
        selectionRange: range(first.line, first.line),
        children: g.entries.map((x) => ({ name: x.name, kind: x.exception ? SymbolKind.Key : SymbolKind.Event, range: range(x.line, x.endLine), selectionRange: range(x.line, x.line) })),
      } satisfies DocumentSymbol;
    })
    .filter((s) => s.range.end.line >= s.range.start.line);
}
