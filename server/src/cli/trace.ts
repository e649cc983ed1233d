// `zimbra-logs trace QUERY FILE... [--json]`: every message the query names, followed across
// queue IDs, hosts and files, from its origin to the mailbox.
import * as fs from 'node:fs';
import { traceJson, traceText } from '../engine/traceText';
import { readTraceSet } from '../traceFiles';
import { parseArgs } from './args';
import { CliError } from './errors';

export const traceHelp = `Usage: zimbra-logs trace QUERY FILE... [--json] [--year YYYY]

Follows each message that QUERY names through the logs: the MTAs' zimbra.log
(and its rotations: zimbra.log.2.gz, zimbra.log.1 and zimbra.log are read as one
timeline), amavis and the DKIM signer, other MTAs whose logs are given, and the
mailbox server's mailbox.log (LMTP delivery: mailbox, folder, account; webmail
origin: account, client address, client).

QUERY is a queue ID (any hop's: the whole path is printed), a Message-ID (with
or without <>), or a sender or recipient address.

  --json        {"messages": [{"messageId", "origin", "hops", "deliveries"}]}
  --year YYYY   the year of the last line of each log (syslog lines carry none;
                by default the year of the newest file's modification time)

Files may be gzip-compressed. Exit status: 0 when something matched, 1 when
nothing did, 2 on a usage or input error.
`;

function describe(file: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return `${file}: no such file`;
  if (err?.code === 'EACCES') return `${file}: permission denied`;
  if (err?.code === 'EISDIR') return `${file}: is a directory`;
  if (err?.code === 'Z_BUF_ERROR') return `${file}: truncated gzip data (unexpected end of file)`;
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) return `${file}: corrupt gzip data (${err.message})`;
  return `${file}: ${err?.message ?? String(e)}`;
}

export async function traceCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean', year: 'string' });
  const [query, ...files] = args.positional;
  if (!query || !query.trim()) throw new CliError('trace needs a QUERY (queue ID, Message-ID or address) and at least one FILE (see --help)');
  if (!files.length) throw new CliError('trace needs at least one FILE after the QUERY (see --help)');
  let year: number | undefined;
  if (args.options.year !== undefined) {
    year = Number(args.options.year);
    if (!/^\d{4}$/.test(String(args.options.year))) throw new CliError('--year takes a four-digit year');
  }
  for (const f of files) {
    if (f === '-') throw new CliError('trace reads files, not standard input');
    try {
      if (fs.statSync(f).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    } catch (e) {
      throw new CliError(describe(f, e));
    }
  }
  let set;
  try {
    set = await readTraceSet(files, { year });
  } catch (e) {
    const file = files.find((f) => String((e as Error)?.message ?? '').includes(f)) ?? files.join(', ');
    throw new CliError(describe(file, e));
  }
  const messages = set.query(query);
  if (args.options.json) process.stdout.write(JSON.stringify(traceJson(messages), null, 2) + '\n');
  else process.stdout.write(messages.length ? traceText(messages).text : `no message matches ${query}\n`);
  return messages.length ? 0 : 1;
}
