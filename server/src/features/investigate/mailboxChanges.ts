// The Mailbox Changes document of an account: deletions, moves, redirections, filter, preference
// and admin changes, each linked to its line.
import type { ActivityEntry } from '../../engine/investigate/activity';
import type {   MailboxChange } from '../../engine/investigate/accountReport';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import type {   SourceFile } from './logLike';
import { showTime } from './logLike';
import { plain } from '../markdown';

/** The "Mailbox Changes" document: each change in time order, with where it was made from, linked to its line. */
export function mailboxChangesDocument(account: string, changes: readonly { entry: ActivityEntry; change: MailboxChange }[], files: readonly SourceFile[], where: string): InvestigationResult & { changes: number } {
  const lines: string[] = [`Mailbox changes of ${plain(account, 200)} in ${plain(where, 300)}: ${changes.length}`, ''];
  const links: SourceLink[] = [];
  for (const { entry, change } of changes) {
    const f = files[entry.file];
    const head = `${showTime(entry.time)}  ${change.kind.padEnd(15)} `;
    const from = [change.by && change.by !== account ? `by ${change.by}` : '', change.ip ? `from ${change.ip}` : '', change.ua ? `(${change.ua})` : ''].filter(Boolean).join(' ');
    let line = plain(`${head}${change.detail}${from ? ` · ${from}` : ''}`, 600) + ' · ';
    if (f) {
      const label = `${f.label}:${entry.line + 1}`;
      links.push({ line: lines.length, start: line.length, end: line.length + label.length, uri: f.uri, logLine: entry.line, label });
      line += label;
    }
    lines.push(line);
  }
  if (!changes.length) lines.push('No deletion, move, emptying, purge, redirection, filter, preference or account change of this account in these logs.');
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, changes: changes.length };
}
