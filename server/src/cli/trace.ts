// `zimbra-logs trace QUERY FILE... [--json]`: every message the query names, followed across
// queue IDs, hosts and files, from its origin to the mailbox.
import { traceJson, traceText } from '../engine/traceText';
import { LogSet } from '../logs/logSet';
import { problemOf } from '../io/errors';
import { parseArgs } from './args';
import { CliError } from './errors';
import { l10n } from '../engine/l10n';

export const traceHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs trace QUERY FILE... [--json] [--year YYYY]

Follows each message that QUERY names through the logs: the MTAs' zimbra.log
(and its rotations: zimbra.log.2.gz, zimbra.log.1 and zimbra.log are read as one
timeline), amavis and the DKIM signer, other MTAs whose logs are given, and the
mailbox server's mailbox.log (LMTP delivery: mailbox, folder, account; webmail
origin: account, client address, client).

QUERY is a queue ID (any hop's: the whole path is printed), a Message-ID (with
or without <>), or a sender or recipient address.

  --json        {"messages": [{"messageId", "origin", "hops", "deliveries"}]}
  --year YYYY   the year of the last line of each log (syslog lines carry none;
                by default the year of the newest file's modification time, moved
                next to the dated mailbox.log/audit.log given with it)

Files may be gzip-compressed. Exit status: 0 when something matched, 1 when
nothing did, 2 on a usage or input error.
`,
  );

export async function traceCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', year: 'string' });
  const [query, ...files] = args.positional;
  if (!query || !query.trim()) throw new CliError(l10n.t('trace needs a QUERY (queue ID, Message-ID or address) and at least one FILE (see --help)'));
  if (!files.length) throw new CliError(l10n.t('trace needs at least one FILE after the QUERY (see --help)'));
  let year: number | undefined;
  if (args.options.year !== undefined) {
    year = Number(args.options.year);
    if (!/^\d{4}$/.test(String(args.options.year))) throw new CliError(l10n.t('--year takes a four-digit year'));
  }
  if (files.includes('-')) throw new CliError(l10n.t('trace reads files, not standard input'));
  let messages;
  try {
    const set = await LogSet.index(files, { year, notice: (m) => process.stderr.write(`zimbra-logs: ${m}\n`) });
    messages = await set.trace(query);
  } catch (e) {
    throw new CliError(e instanceof Error && 'file' in e ? e.message : problemOf(e));
  }
  if (args.options.json) process.stdout.write(JSON.stringify(traceJson(messages), null, 2) + '\n');
  else process.stdout.write(messages.length ? traceText(messages).text : `${l10n.t('no message matches {0}', query)}\n`);
  return messages.length ? 0 : 1;
}
