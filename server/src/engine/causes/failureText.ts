// The failures as text: one line per failure (the CLI prints them as they come) and the grouped
// report (by cause, then by destination domain), shared by the CLI and the editor's Delivery
// Problems document. Every `file:line` reference is returned with where it is in the text, for the
// editor's links. Log text is passed through `visible` (no control or bidi characters).
import { visible } from '../visible';
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

const span = (g: FailureGroup) => (g.first === g.last ? g.first : `${g.first} to ${g.last}`);

/** The grouped report; `name` gives a file's name for its index. */
export function failureReportText(r: FailureReport, name: (file: number) => string): ReportText {
  const lines: string[] = [];
  const refs: TextRef[] = [];
  const examples = (g: FailureGroup) => {
    for (const x of g.examples) {
      const ref = `${name(x.file)}:${x.line}`;
      const head = '    ';
      refs.push({ line: lines.length, start: head.length, end: head.length + ref.length, file: x.file, logLine: x.line });
      lines.push(visible(`${head}${ref}  ${x.time}  ${x.status}  <${x.recipient}>`));
    }
  };
  if (!r.failures) return { text: 'No failed deliveries or rejections.\n', refs };
  lines.push(`${r.failures} failed deliveries and rejections`, '', 'By cause', '--------');
  for (const [cause, g] of Object.entries(r.byCause)) {
    lines.push(`${cause}: ${g.count} (${g.temporary} temporary, ${g.permanent} permanent), ${span(g)}`);
    lines.push(`  ${g.explanation}`, `  Remedy: ${g.remedy}`);
    if (g.link) lines.push(`  See: ${g.link}`);
    lines.push(visible(`  Sample: ${g.sample}`));
    if (g.topDomains.length) lines.push(visible(`  Top domains: ${g.topDomains.map((d) => `${d.domain} ${d.count}`).join(', ')}`));
    examples(g);
    lines.push('');
  }
  lines.push('By destination domain', '---------------------');
  for (const [domain, g] of Object.entries(r.byDomain)) {
    lines.push(visible(`${domain}: ${g.count}, ${span(g)}; ${Object.entries(g.causes).map(([c, n]) => `${c} ${n}`).join(', ')}`));
    lines.push(visible(`  Sample: ${g.sample}`), `  Remedy (${Object.keys(g.causes)[0]}): ${g.remedy}`);
    examples(g);
    lines.push('');
  }
  return { text: lines.join('\n'), refs };
}
