// Mailbox changes (issue 9): deletions, moves, purges, redirections, filter, preference and admin
// changes of one log4j line, in the wordings of several Zimbra versions. Pure.
import { parseContext } from '../formats/mailbox';
import { describeLine } from '../lineInfo';
import * as F from '../formats/mailboxChanges';

export type ChangeKind = 'delete' | 'move' | 'empty' | 'purge' | 'redirect' | 'filter rules' | 'preferences' | 'account change' | 'password' | 'delegated login';

export interface MailboxChange {
  kind: ChangeKind;
  /** What was changed, from the line (`Message (id=257) to Folder Trash (id=3)`). */
  detail: string;
  /** The request's context: client address (oip=, else ip=) and client (ua=). */
  ip?: string;
  ua?: string;
  /** The account that made the change when it is not the mailbox's own (an admin, a delegate). */
  by?: string;
}

/**
 * A mailbox change of one log4j line, in the wordings of several Zimbra versions:
 * mailbox.log `mailop - Deleting ...` / `Deleting items: ...`, `Moving ...`, `Emptying ...`,
 * `purge - Purging messages`, `filter - Redirecting message to ...`, SOAP
 * `ModifyFilterRulesRequest`/`ModifyPrefsRequest` (and the Outgoing filter and admin variants);
 * audit.log `cmd=ModifyAccount`, `cmd=SetPassword`/`ChangePassword`, `cmd=DelegateAuth`.
 */
export function mailboxChange(line: string): MailboxChange | undefined {
  const info = describeLine(line);
  if (!info.logger || info.message === undefined || !info.context) return undefined;
  const logger = line.slice(info.logger.start, info.logger.end);
  const message = line.slice(info.message);
  const thread = info.thread ? line.slice(info.thread.start, info.thread.end) : '';
  let kind: ChangeKind | undefined;
  let detail = message;
  let m: RegExpExecArray | null;
  if (logger === 'mailop') {
    if ((m = F.mailopDeleting.regex.exec(message))) [kind, detail] = ['delete', m[1]];
    else if ((m = F.mailopMoving.regex.exec(message))) [kind, detail] = ['move', m[1]];
    else if ((m = F.mailopEmptying.regex.exec(message))) [kind, detail] = ['empty', m[1]];
    else if ((m = F.mailopPurging.regex.exec(message))) [kind, detail] = ['purge', m[1]];
  } else if (logger === 'purge' && F.purgeMessage.regex.test(message)) [kind, detail] = ['purge', message.replace(F.finalPeriod.regex, '')];
  else if (logger === 'filter' && (m = F.filterRedirecting.regex.exec(message))) [kind, detail] = ['redirect', `to ${m[1]}`];
  else if (logger === 'security' && (m = F.securityChange.regex.exec(message))) {
    kind = m[1] === 'ModifyAccount' ? 'account change' : m[1] === 'DelegateAuth' ? 'delegated login' : 'password';
    detail = m[2].replace(F.finalSemicolon.regex, '');
  } else if ((m = F.changeRequest.regex.exec(thread)) && (logger === 'soap' || logger === 'SoapEngine')) {
    kind = m[1] === 'ModifyPrefs' ? 'preferences' : m[1] === 'ModifyAccount' ? 'account change' : 'filter rules';
    detail = `${m[1]}Request: ${message}`;
  }
  if (!kind) return undefined;
  const ctx = parseContext(line.slice(info.context.start, info.context.end));
  const own = (k: string) => (ctx[k] ? ctx[k].toLowerCase() : undefined);
  return { kind, detail, ip: ctx.oip?.split(',')[0].trim() || ctx.ip || undefined, ua: ctx.ua || undefined, by: own('aname') ?? (logger === 'security' ? own('name') : undefined) };
}

/** What a change names, as the CLI's JSON splits it: the item (`Message (id=257)`, `12 items`) and the folder it went to or was emptied from. */
export function changeParts(c: MailboxChange): { item: string; folder?: string } {
  const cut = (sep: string) => {
    const i = c.detail.lastIndexOf(sep);
    if (i < 0) return { item: c.detail };
    // `Trash (id=3), removeSubfolders=true`: the folder, without what follows it.
    const folder = c.detail.slice(i + sep.length).replace(F.folderWord.regex, '');
    const comma = folder.indexOf(', ');
    return { item: c.detail.slice(0, i), folder: comma < 0 ? folder : folder.slice(0, comma) };
  };
  if (c.kind === 'move') return cut(' to ');
  if (c.kind === 'empty') return cut(' from ');
  return { item: c.detail };
}
