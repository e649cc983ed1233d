// Hover on the recipient of a failed delivery (`to=<...>` of a deferred, bounced or expired line):
// its cause, our explanation and remedy, and the provider's page when our table has one. The
// recipient is log text (escaped through the Markup); the texts and the link come from the table.
import { programMarkers } from '../engine/formats/lineMarkers';
import { Hover } from 'vscode-languageserver';
import type { Position } from '../../../common/protocol';
import type { FailedDelivery } from '../engine/index/problemScan';
import type { LogLike } from './investigate/logLike';
import { Markup } from './markdown';
import { l10n } from '../engine/l10n';
import { statusWord } from '../engine/statusWords';

/** The failure logged at `line`, if any (failures are in line order). */
function failureAt(failures: readonly FailedDelivery[], line: number): FailedDelivery | undefined {
  let lo = 0;
  let hi = failures.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = failures[mid].line;
    if (l === line) return failures[mid];
    if (l < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function failureHover(view: LogLike, position: Position, m: Markup): Hover | null {
  const f = failureAt(view.scan.failures, position.line);
  if (!f) return null;
  const line = view.line(position.line);
  const to = line.indexOf(programMarkers.to.text);
  const end = to < 0 ? -1 : line.indexOf('>', to + programMarkers.to.text.length);
  if (to < 0 || end < 0 || position.character < to + 1 || position.character > end) return null;
  const link = f.link ? (m.kind === 'markdown' ? `[${f.link}](${f.link})` : f.link) : '';
  const value = [
    `${m.code(`<${f.recipient}>`)}: ${l10n.t('{0}, cause {1}', m.strong(statusWord(f.status)), m.strong(f.cause))}${f.dsn ? ` (dsn ${m.text(f.dsn)})` : ''}`,
    '',
    m.prose(l10n.t(f.explanation)),
    '',
    l10n.t('Remedy: {0}', m.prose(l10n.t(f.remedy))),
    ...(link ? ['', l10n.t('See {0}', link)] : []),
    ...(f.reply ? ['', m.quote(f.reply)] : []),
  ].join('\n');
  return { contents: { kind: m.kind, value }, range: { start: { line: position.line, character: to + 1 }, end: { line: position.line, character: end + 1 } } };
}
