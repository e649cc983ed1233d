// The merged activity document of an account or a client address across the logs of a folder.
import type { ActivityEntry } from '../../engine/investigate/activity';
import { activityLanguage } from '../../engine/investigate/activity';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import { plain } from '../markdown';
import { l10n } from '../../engine/l10n';
import { STEP_LINES, Steps } from '../../engine/steps';
import { SourceFile, timestampEnd } from './logLike';

/**
 * The merged activity document: a `── file ──` line whenever the file changes, then the entries
 * as they are in the logs (so that they keep their colors); each entry's timestamp links to its line.
 * In steps (at most STEP_LINES entries each): the language server answers other requests in between.
 */
export function* activityDocumentSteps(what: string, entries: readonly ActivityEntry[], files: readonly SourceFile[], note: string[] = []): Steps<InvestigationResult & { entries: number }> {
  const count = l10n.plural(entries.length, l10n.t('{0} entry|{0} entries', l10n.n(entries.length)));
  const logs = l10n.plural(files.length, l10n.t('{0} log file(s)|{0} log file(s)', l10n.n(files.length)));
  const lines: string[] = [`# ${l10n.t('Activity of {0}: {1} in {2}', plain(what, 200), count, logs)}`, ...note.map((n) => `# ${plain(n, 500)}`)];
  if (!entries.length) lines.push(`# ${l10n.t('Nothing in these logs mentions it.')}`);
  lines.push(`# ${l10n.t("Each entry's timestamp links to its line in the log.")}`, '');
  const links: SourceLink[] = [];
  let last = -1;
  let since = 0;
  for (const e of entries) {
    if (++since % STEP_LINES === 0) yield;
    const f = files[e.file];
    if (e.file !== last) {
      lines.push(`── ${plain(f?.label ?? '?', 300)} ──`);
      last = e.file;
    }
    const first = e.text.split('\n', 1)[0];
    const end = timestampEnd(first);
    if (f && end) links.push({ line: lines.length, start: 0, end, uri: f.uri, logLine: e.line, label: `${f.label}:${e.line + 1}` });
    lines.push(e.text);
  }
  // Entries may hold several lines: links were placed by entry; recount text lines.
  const text = lines.join('\n') + '\n';
  yield;
  return { text, language: activityLanguage(entries), links: yield* relink(lines, links), entries: entries.length };
}

/** Link lines were counted per array element; elements may span several text lines. */
function* relink(elements: string[], links: SourceLink[]): Steps<SourceLink[]> {
  const startOf: number[] = [];
  let n = 0;
  for (const el of elements) {
    startOf.push(n);
    n += el.split('\n').length;
    if (startOf.length % STEP_LINES === 0) yield;
  }
  yield;
  const out: SourceLink[] = [];
  for (const l of links) {
    out.push({ ...l, line: startOf[l.line] });
    if (out.length % STEP_LINES === 0) yield;
  }
  return out;
}
