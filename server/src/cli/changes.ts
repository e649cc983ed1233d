// `zimbra-logs changes ACCOUNT FILE... [--json]`: deletions, moves, emptied folders, purges,
// redirections, filter, preference and admin changes of one account, with where they were made
// from (engine/investigate/mailboxChanges.ts over the account's entries: the editor's Mailbox Changes).
import { activityScan } from '../disk/investigateScan';
import { parseActivityQuery } from '../engine/investigate/activity';
import { changeParts, mailboxChange } from '../engine/investigate/mailboxChanges';
import { visible } from '../engine/visible';
import { l10n } from '../engine/l10n';
import { CliError } from './errors';
import { asInputError, found, groupsOf, investigateArgs, jsonTime, time, writeJson } from './investigateCommon';

export const changesHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs changes ACCOUNT FILE... [--json] [--from TIME] [--to TIME]

What was done to an account's mailbox and settings, from its mailbox.log and audit.log
(rotations and gzip included; other logs given are read and have none): deletions, moves,
emptied folders, purges, redirections, filter rules and preferences changed, account
changes, passwords set and delegated logins by an admin, each with the client address
and client it came from, and who made it when it was not the account itself.

  --json       {"changes": [{"file", "line", "time", "kind", "item", "folder", "ip", "client", "by"}]}  (lines 1-based)
  --from TIME  only changes at or after TIME (YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], log time)
  --to TIME    only changes at or before TIME

"-" reads standard input. Exit status: 0 when some change was found, 1 when none was,
2 on a usage or input error.
`,
  );

export async function changesCommand(argv: string[]): Promise<number> {
  const args = investigateArgs(argv, { from: 'string', to: 'string' });
  const [account, ...files] = args.positional;
  if (!account || !account.trim()) throw new CliError(l10n.t('changes needs an ACCOUNT and at least one FILE (see --help)'));
  const groups = groupsOf(files, 'changes');
  const query = await asInputError(async () => parseActivityQuery(account, args.options.from as string | undefined, args.options.to as string | undefined));
  if (query.kind !== 'account') throw new CliError(l10n.t('changes needs an account, not an address: {0}', account));
  // Changes are log4j entries: no Postfix transaction to follow.
  const r = await activityScan(groups, query, { ...args.scan, transactions: false, log4jOnly: true });
  const changes = r.entries.flatMap((e) => {
    const change = mailboxChange(e.text.split('\n', 1)[0]);
    return change ? [{ e, change }] : [];
  });
  if (args.json) {
    writeJson({
      changes: changes.map(({ e, change: c }) => {
        const { item, folder } = changeParts(c);
        return { file: r.files[e.file], line: e.line + 1, time: jsonTime(e.time), kind: c.kind, item, folder: folder ?? null, ip: c.ip ?? null, client: c.ua ?? null, by: c.by && c.by !== query.value ? c.by : null };
      }),
    });
    return found(changes.length);
  }
  const out = [l10n.plural(changes.length, l10n.t('{0} change of {1}|{0} changes of {1}', l10n.n(changes.length), visible(query.value))), ''];
  for (const { e, change: c } of changes) {
    const from = [c.by && c.by !== query.value ? l10n.t('by {0}', c.by) : '', c.ip ? l10n.t('from {0}', c.ip) : '', c.ua ? `(${c.ua})` : ''].filter(Boolean).join(' ');
    out.push(`${time(e.time)}  ${c.kind.padEnd(15)} ${visible(c.detail)}${from ? ` · ${visible(from)}` : ''} · ${visible(`${r.files[e.file]}:${e.line + 1}`)}`);
  }
  if (!changes.length) out.push(l10n.t('No deletion, move, emptying, purge, redirection, filter, preference or account change of this account in these logs.'));
  process.stdout.write(out.join('\n') + '\n');
  return found(changes.length);
}
