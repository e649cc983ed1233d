// Log text is written by strangers: everything shown in Markdown is escaped, and nothing in a
// log becomes a link or a command.

/** Escapes Markdown and HTML so that `s` shows as the text it is. */
export function md(s: string): string {
  return s
    .replace(/[\\`*_{}\[\]()#+\-.!|<>~&:$]/g, (c) => '\\' + c)
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
}

/** Text for a code lens or a label: no codicon syntax `$(...)`, no control characters, bounded. */
export function plain(s: string, max = 300): string {
  const t = s.replace(/\$\(/g, '$\u200b(').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}
