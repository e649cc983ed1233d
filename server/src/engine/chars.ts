// Character classes with Perl's meaning on byte strings (no locale, no Unicode rules):
// the engine must split and match lines exactly as collate.pl does, whatever the bytes.
// JavaScript's own \s and \w differ (\s takes U+00A0, U+FEFF, ...), so the hot paths use these.

/** Perl \s: space, \t, \n, \v, \f, \r. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Perl \w on bytes: [A-Za-z0-9_]. */
export function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index of the first Perl-whitespace character at or after `from`, or `s.length`. */
export function skipNonSpace(s: string, from: number): number {
  let i = from;
  while (i < s.length && !isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index of the first non-whitespace character at or after `from`, or `s.length`. */
export function skipSpace(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the run of word characters starting at `from`. */
export function skipWord(s: string, from: number): number {
  let i = from;
  while (i < s.length && isWord(s.charCodeAt(i))) i++;
  return i;
}

/** The line without its terminator ("\n" only; "\r" is content, as for Perl). */
export function chompNewline(s: string): string {
  return s.charCodeAt(s.length - 1) === 10 ? s.slice(0, -1) : s;
}
