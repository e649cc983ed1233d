// What preceded each restart of the mailbox server: the Restarts document.
import { LogLine, RestartReport, restartReports } from '../../engine/investigate/restarts';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import { plain } from '../markdown';
import { LogLike, SourceFile } from './logLike';

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
    const shown = files.length > 1 ? label : `line ${l.line + 1}`;
    if (f) links.push({ line: lines.length, start: prefix.length, end: prefix.length + shown.length, uri: f.uri, logLine: l.line, label });
    return shown;
  };
  const at = (l: LogLine) => plain(text(l).slice(0, 19), 19);
  lines.push(`Restarts in ${plain(where, 300)}: ${reports.length}`, '');
  if (!reports.length) lines.push(`No restart in ${files.length === 1 ? 'this log' : 'these logs'} (no "Servlet SoapServlet shutting down" or second "starting up").`);
  reports.forEach((r, i) => {
    let p = `${i + 1}. `;
    if (r.stop) {
      const head = `${p}${at(r.stop)} shutting down (`;
      const line = `${head}${ref(r.stop, head)})`;
      if (r.start) {
        const mid = `${line}, started again ${at(r.start)} (`;
        lines.push(`${mid}${ref(r.start, mid)})`);
      } else lines.push(`${line}, not started again in ${files.length === 1 ? 'this log' : 'these logs'}`);
    } else if (r.start) {
      const head = `${p}${at(r.start)} started without a clean shutdown before it, a crash or a kill (`;
      lines.push(`${head}${ref(r.start, head)})`);
    }
    p = '   ';
    if (!r.preceding.length) lines.push(`${p}No ERROR or FATAL entry since the restart before.`);
    else lines.push(`${p}Last ERROR/FATAL entries before it${r.omitted ? ` (${r.omitted} older ones not shown)` : ''}:`);
    for (const e of r.preceding) {
      const head = `${p}  `;
      const l = ref(e, head);
      lines[lines.length] = `${head}${l}  ${plain(text(e).replace(/^(\S+ \S+) (\w+)\s+\[.*?\] \[.*?\] /, '$1 $2 '), 400)}`;
      if (e.rootCause) lines.push(`${p}    Root cause: ${plain(e.rootCause, 300)}`);
    }
    lines.push('');
  });
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, restarts: reports.length };
}

/** What preceded each restart of one open mailbox.log. */
export function logRestartsDocument(view: LogLike, label: string, keep = 5): InvestigationResult & { restarts: number } {
  return restartsDocument(restartReports(view.scan, keep), [{ label, uri: view.document.uri }], label, (l) => view.line(l.line));
}
