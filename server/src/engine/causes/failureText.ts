// The failures as text: one line per failure (the CLI prints them as they come) and the grouped
// report (by cause, then by destination domain), shared by the CLI and the editor's Delivery
// Problems document. Every `file:line` reference is returned with where it is in the text, for the
// editor's links. Log text is passed through `visible` (no control or bidi characters).
import { visible } from '../visible';
import { l10n } from '../l10n';
import { statusWord } from '../statusWords';
import type { Failure, FailureGroup, FailureReport } from './failureLog';

/** A `file:line` reference in the text: 0-based text line and columns, the file index and its 1-based line. */
export interface TextRef {
  line: number;
  start: number;
  end: number;
  file: number;
  logLine: number;
}

export interface ReportText {
  text: string;
  refs: TextRef[];
}

/** `zimbra.log:120  Oct 13 10:17:00  bounced  recipient-unknown  <bob@example.com>  5.1.1  reply`. */
export function failureLine(f: Failure, fileName: string): string {
  return visible(`${fileName}:${f.line}  ${f.time}  ${f.status}  ${f.cause}  <${f.recipient}>  ${f.dsn || '-'}  ${f.reply}`) + '\n';
}

const span = (g: FailureGroup) => (g.first === g.last ? g.first : l10n.t('{0} to {1}', g.first, g.last));

/** The grouped report; `name` gives a file's name for its index. */
export function failureReportText(r: FailureReport, name: (file: number) => string): ReportText {
  const lines: string[] = [];
  const refs: TextRef[] = [];
  const examples = (g: FailureGroup) => {
    for (const x of g.examples) {
      const ref = `${name(x.file)}:${x.line}`;
      const head = '    ';
      refs.push({ line: lines.length, start: head.length, end: head.length + ref.length, file: x.file, logLine: x.line });
      lines.push(visible(`${head}${ref}  ${x.time}  ${statusWord(x.status)}  <${x.recipient}>`));
    }
  };
  if (!r.failures) return { text: l10n.t('No failed deliveries or rejections.') + '\n', refs };
  const heading = (s: string) => [s, '-'.repeat(s.length)];
  lines.push(l10n.plural(r.failures, l10n.t('{0} failed delivery or rejection|{0} failed deliveries and rejections', l10n.n(r.failures))), '', ...heading(l10n.t('By cause')));
  for (const [cause, g] of Object.entries(r.byCause)) {
    lines.push(l10n.t('{0}: {1} ({2} temporary, {3} permanent), {4}', cause, l10n.n(g.count), l10n.n(g.temporary), l10n.n(g.permanent), span(g)));
    lines.push(`  ${l10n.t(g.explanation)}`, `  ${l10n.t('Remedy: {0}', l10n.t(g.remedy))}`);
    if (g.link) lines.push(`  ${l10n.t('See: {0}', g.link)}`);
    lines.push(visible(`  ${l10n.t('Sample: {0}', g.sample)}`));
    if (g.topDomains.length) lines.push(visible(`  ${l10n.t('Top domains: {0}', g.topDomains.map((d) => `${d.domain} ${l10n.n(d.count)}`).join(', '))}`));
    examples(g);
    lines.push('');
  }
  lines.push(...heading(l10n.t('By destination domain')));
  for (const [domain, g] of Object.entries(r.byDomain)) {
    lines.push(visible(`${domain}: ${l10n.n(g.count)}, ${span(g)}; ${Object.entries(g.causes).map(([c, n]) => `${c} ${l10n.n(n)}`).join(', ')}`));
    lines.push(visible(`  ${l10n.t('Sample: {0}', g.sample)}`), `  ${l10n.t('Remedy ({0}): {1}', Object.keys(g.causes)[0], l10n.t(g.remedy))}`);
    examples(g);
    lines.push('');
  }
  return { text: lines.join('\n'), refs };
}
