// Log text is written by strangers. Wherever a piece of it is shown in the editor's interface
// (hovers, code lens titles, diagnostics, outline names, quick picks, the header lines of the
// documents we make), `visible` is applied first: characters that would change how the text around
// them reads are replaced by U+FFFD (�), so that their presence shows and their effect does not.
// That is C0 controls and DEL, C1 controls (U+0080–U+009F), and the Unicode bidirectional
// formatting characters: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and
// marks (U+200E, U+200F, U+061C). Tabs and line breaks (also U+2028, U+2029) become spaces.
// Raw log lines in documents that mirror the log (collated transactions, trace and activity lines)
// keep their bytes.

const HIDDEN = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HIDDEN_ALL = new RegExp(HIDDEN.source, 'g');
const BREAKS = /[\t\n\v\f\r\u2028\u2029]/;
const BREAKS_ALL = new RegExp(BREAKS.source, 'g');

/** `s` with controls and bidi formatting characters replaced by U+FFFD, tabs and line breaks by spaces. */
export function visible(s: string): string {
  if (HIDDEN.test(s)) s = s.replace(HIDDEN_ALL, '\uFFFD');
  if (BREAKS.test(s)) s = s.replace(BREAKS_ALL, ' ');
  return s;
}

/** Line breaks other than "\n" (visible makes them spaces). */
const OTHER_BREAKS = /[\t\v\f\r\u2028\u2029]/;

/**
 * The lines of `text` each made visible, those after the first indented by `indent`: in one
 * search when nothing needs replacing (a long report prints a text per entry).
 */
export function visibleIndented(text: string, indent: string): string {
  if (!HIDDEN.test(text) && !OTHER_BREAKS.test(text)) return text.includes('\n') ? text.split('\n').join('\n' + indent) : text;
  return text
    .split('\n')
    .map((l, i) => (i ? indent : '') + visible(l))
    .join('\n');
}

/** Report text for a terminal: each of its lines made visible (the line breaks between them kept). */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}
