// Log text is written by strangers: in Markdown it is shown in code spans (nothing inside one is a
// link, an image, HTML or a command, and no backslash is needed), words and numbers as they are;
// nothing in a log becomes a link or a command. Controls and bidi formatting characters are made
// visible first (engine/visible.ts). Hovers are built through a `Markup`, in Markdown or, for clients that
// prefer it (LSP `hover.contentFormat`), in plain text with no Markdown syntax at all.
import { MarkupKind } from 'vscode-languageserver';
import { visible } from '../engine/visible';

/** Escapes Markdown and HTML so that `s` shows as the text it is (outside code spans). */
export function md(s: string): string {
  return visible(s).replace(/[\\`*_{}\[\]()#+\-.!|<>~&:$]/g, (c) => '\\' + c);
}

/** Text with nothing Markdown could read: letters, digits and inner spaces. */
const BARE = /^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u;

/** Log text in Markdown: bare words and numbers as they are, anything else one code span (no backslashes). */
export function mdText(s: string): string {
  const t = visible(s);
  return BARE.test(t) ? t : mdCode(t);
}

/** Log text in a table cell: as mdText, with its pipes escaped (GFM splits cells before reading code spans, and unescapes them inside). */
function mdCell(s: string): string {
  return mdText(s).replace(/\|/g, '\\|');
}

/** Codicon syntax `$(name)` broken with a zero-width space, so that no icon comes from a log. */
function noIcons(s: string): string {
  return s.replace(/\$\(/g, '$\u200b(');
}

/**
 * `s` as one Markdown code span. Backslash escapes are not processed inside code spans, so there
 * are none: the fence is one backtick longer than the longest run of backticks in `s`, with a
 * space inside each end when `s` starts or ends with a backtick or with spaces at both ends
 * (CommonMark strips one space from each end of such a span).
 */
export function mdCode(s: string): string {
  const t = noIcons(visible(s));
  if (!t) return '';
  let longest = 0;
  for (const run of t.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '') ? ' ' : '';
  return fence + pad + t + pad + fence;
}

/** Text for a code lens or a label: no codicon syntax `$(...)`, no control or bidi characters, bounded. */
export function plain(s: string, max = 300): string {
  const t = noIcons(visible(s));
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/** How a hover is written: the same calls give Markdown or plain text. */
export interface Markup {
  readonly kind: MarkupKind;
  /** Log text (or any text) shown as it is. */
  text(s: string): string;
  /** Log text as code. */
  code(s: string): string;
  /** Our own wording (explanations, remedies: never log text), shown as prose. */
  prose(s: string): string;
  /** Emphasis on text already written through this Markup. */
  strong(s: string): string;
  em(s: string): string;
  /** A list item (`s` already written through this Markup). */
  item(s: string): string;
  /** A quoted reply (log text). */
  quote(s: string): string;
  /** A separator line between two parts. */
  readonly rule: string;
  /** A table of log text, as lines. */
  table(head: string[], rows: string[][]): string[];
}

export const markdown: Markup = {
  kind: MarkupKind.Markdown,
  text: mdText,
  code: mdCode,
  prose: (s) => s.replace(/[\\`*_[\]<>]/g, (c) => '\\' + c),
  strong: (s) => `**${s}**`,
  em: (s) => `*${s}*`,
  item: (s) => `- ${s}`,
  quote: (s) => `> ${mdCode(s)}`,
  rule: '---',
  table: (head, rows) => [`| ${head.map(md).join(' | ')} |`, `|${head.map(() => '---|').join('')}`, ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`)],
};

export const plaintext: Markup = {
  kind: MarkupKind.PlainText,
  text: visible,
  code: visible,
  prose: (s) => s,
  strong: (s) => s,
  em: (s) => s,
  item: (s) => `  ${s}`,
  quote: (s) => `  ${visible(s)}`,
  rule: '',
  table: (head, rows) => rows.map((r) => '  ' + r.map((c, i) => (!c.trim() ? '' : i ? `${head[i]} ${visible(c)}` : visible(c))).filter(Boolean).join(', ')),
};

/** The Markup for a client's `textDocument.hover.contentFormat` (its first preference); Markdown by default. */
export function markupFor(contentFormat: readonly string[] | undefined): Markup {
  return contentFormat?.[0] === MarkupKind.PlainText ? plaintext : markdown;
}
