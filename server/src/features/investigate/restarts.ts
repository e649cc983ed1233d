// What preceded each restart of the mailbox server: the Restarts document.
import { LogLine, RestartReport, restartReports } from '../../engine/investigate/restarts';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import { plain } from '../markdown';
import { LogLike, SourceFile } from './logLike';
import { l10n } from '../../engine/l10n';
import { log4jThreadContext } from '../../engine/formats/mailboxMessages';

/** Where a link goes in a translated message (a character no message or log line shown has). */
const LINK = '\u0000';

/**
 * Each restart with the last ERROR/FATAL entries before it, each line linked to its file: one
 * open mailbox.log (`line N`), or the mailbox.log files of a folder (`file:N`), in the order given.
 * `text` gives a line's text when the report did not keep it.
 */
export function restartsDocument(reports: readonly RestartReport[], files: readonly SourceFile[], where: string, text: (l: LogLine) => string = (l) => l.text ?? ''): InvestigationResult & { restarts: number } {
  const lines: string[] = [];
  const links: SourceLink[] = [];
  const ref = (l: LogLine, prefix: string) => {
    const f = files[l.file];
    const label = `${f?.label ?? '?'}:${l.line + 1}`;
    const shown = files.length > 1 ? label : l10n.t('line {0}', l.line + 1);
    if (f) links.push({ line: lines.length, start: prefix.length, end: prefix.length + shown.length, uri: f.uri, logLine: l.line, label });
    return shown;
  };
  /** `before`, then a message with LINK where the link to `l` goes. */
  const linked = (before: string, message: string, l: LogLine) => {
    const [a, b = ''] = message.split(LINK);
    return `${before}${a}${ref(l, before + a)}${b}`;
  };
  const at = (l: LogLine) => plain(text(l).slice(0, 19), 19);
  const one = files.length === 1;
  lines.push(l10n.t('Restarts in {0}: {1}', plain(where, 300), reports.length), '');
  if (!reports.length) lines.push(one ? l10n.t('No restart in this log (no "Servlet SoapServlet shutting down" or second "starting up").') : l10n.t('No restart in these logs (no "Servlet SoapServlet shutting down" or second "starting up").'));
  reports.forEach((r, i) => {
    let p = `${i + 1}. `;
    if (r.stop) {
      const line = linked(p, l10n.t('{0} shutting down ({1})', at(r.stop), LINK), r.stop);
      if (r.start) lines.push(linked(line, l10n.t(', started again {0} ({1})', at(r.start), LINK), r.start));
      else lines.push(line + (one ? l10n.t(', not started again in this log') : l10n.t(', not started again in these logs')));
    } else if (r.start) {
      lines.push(linked(p, l10n.t('{0} started without a clean shutdown before it, a crash or a kill ({1})', at(r.start), LINK), r.start));
    }
    p = '   ';
    if (!r.preceding.length) lines.push(`${p}${l10n.t('No ERROR or FATAL entry since the restart before.')}`);
    else lines.push(`${p}${r.omitted ? l10n.t('Last ERROR/FATAL entries before it ({0} older ones not shown):', r.omitted) : l10n.t('Last ERROR/FATAL entries before it:')}`);
    for (const e of r.preceding) {
      const head = `${p}  `;
      const l = ref(e, head);
      lines[lines.length] = `${head}${l}  ${plain(text(e).replace(log4jThreadContext.regex, '$1 $2 '), 400)}`;
      if (e.rootCause) lines.push(`${p}    ${l10n.t('Root cause: {0}', plain(e.rootCause, 300))}`);
    }
    lines.push('');
  });
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, restarts: reports.length };
}

/** What preceded each restart of one open mailbox.log. */
export function logRestartsDocument(view: LogLike, label: string, keep = 5): InvestigationResult & { restarts: number } {
  return restartsDocument(restartReports(view.scan, keep), [{ label, uri: view.document.uri }], label, (l) => view.line(l.line));
}
