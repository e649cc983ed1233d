// The Mailbox Changes document of an account: deletions, moves, redirections, filter, preference
// and admin changes, each linked to its line.
import type { ActivityEntry } from '../../engine/investigate/activity';
import type {   MailboxChange } from '../../engine/investigate/accountReport';
import type { InvestigationResult, SourceLink } from '../../../../common/investigateProtocol';
import type {   SourceFile } from './logLike';
import { showTime } from './logLike';
import { plain } from '../markdown';
import { l10n } from '../../engine/l10n';

/** The "Mailbox Changes" document: each change in time order, with where it was made from, linked to its line. */
export function mailboxChangesDocument(account: string, changes: readonly { entry: ActivityEntry; change: MailboxChange }[], files: readonly SourceFile[], where: string): InvestigationResult & { changes: number } {
  const lines: string[] = [l10n.t('Mailbox changes of {0} in {1}: {2}', plain(account, 200), plain(where, 300), changes.length), ''];
  const links: SourceLink[] = [];
  for (const { entry, change } of changes) {
    const f = files[entry.file];
    const head = `${showTime(entry.time)}  ${change.kind.padEnd(15)} `;
    const from = [change.by && change.by !== account ? l10n.t('by {0}', change.by) : '', change.ip ? l10n.t('from {0}', change.ip) : '', change.ua ? `(${change.ua})` : ''].filter(Boolean).join(' ');
    let line = plain(`${head}${change.detail}${from ? ` · ${from}` : ''}`, 600) + ' · ';
    if (f) {
      const label = `${f.label}:${entry.line + 1}`;
      links.push({ line: lines.length, start: line.length, end: line.length + label.length, uri: f.uri, logLine: entry.line, label });
      line += label;
    }
    lines.push(line);
  }
  if (!changes.length) lines.push(l10n.t('No deletion, move, emptying, purge, redirection, filter, preference or account change of this account in these logs.'));
  return { text: lines.join('\n') + '\n', language: 'plaintext', links, changes: changes.length };
}
