// `zimbra-logs activity QUERY FILE... [--json]`: every entry of an account or a client address in
// all the logs, in time order (engine/investigate/activity.ts, read through the byte prefilter).
import * as path from 'node:path';
import { activityScan } from '../disk/investigateScan';
import { ActivityEntry, parseActivityQuery } from '../engine/investigate/activity';
import { visible, visibleIndented } from '../engine/visible';
import { l10n } from '../engine/l10n';
import { CliError } from './errors';
import { asInputError, found, groupsOf, investigateArgs, jsonTime, listItem, time, Batched, writeJsonTexts } from './investigateCommon';

export const activityHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs activity QUERY FILE... [--json] [--from TIME] [--to TIME] [--year YYYY]

Every entry of an account or a client address in all the logs given, in time order:
mailbox.log and audit.log entries (with their stack traces), sync.log, and zimbra.log lines
with every other line of the Postfix transactions they belong to. Rotated and gzip files
are read as one timeline per log (zimbra.log.2.gz, zimbra.log.1, zimbra.log).

QUERY is an account (bob@example.com; its bare name counts after name=, account=, ...)
or an IPv4/IPv6 address.

  --json         {"entries": [{"file", "line", "time", "text"}]}  (lines 1-based)
  --from TIME    only entries at or after TIME (YYYY-MM-DD or YYYY-MM-DD HH:MM[:SS], log time)
  --to TIME      only entries at or before TIME
  --year YYYY    the year of the last syslog line of each log (default: from the
                 modification time of its newest file)

Exit status: 0 when some entry was found, 1 when none was, 2 on a usage or input error.
`,
  );

/**
 * An entry's JSON, `{"file", "line", "time", "text"}` as writeJson indents it, written directly
 * (a heavy account has 200,000 entries: no object and no indentation pass per entry).
 */
export function activityJson(files: readonly string[]): (e: ActivityEntry) => string {
  // listItem's layout, its constant parts made once: what starts each file's entries, each time's JSON once per second.
  const head = files.map((f) => listItem([`"file": ${JSON.stringify(f)}`, '"line": ']).slice(0, -6));
  let lastTime = NaN;
  let timeJson = '';
  return (e) => {
    if (e.time !== lastTime) [lastTime, timeJson] = [e.time, JSON.stringify(jsonTime(e.time))];
    return `${head[e.file]}${e.line + 1},\n      "time": ${timeJson},\n      "text": ${JSON.stringify(e.text)}\n    }`;
  };
}

export async function activityCommand(argv: string[]): Promise<number> {
  const args = investigateArgs(argv, { from: 'string', to: 'string' });
  const [q, ...files] = args.positional;
  if (!q || !q.trim()) throw new CliError(l10n.t('activity needs a QUERY (an account or an address) and at least one FILE (see --help)'));
  const groups = groupsOf(files, 'activity', false);
  const from = args.options.from as string | undefined;
  const to = args.options.to as string | undefined;
  const query = await asInputError(async () => parseActivityQuery(q, from, to));
  const r = await activityScan(groups, query, args.scan);
  if (r.truncated) process.stderr.write(`zimbra-logs: ${l10n.t('too many entries: only the first ones are listed')}\n`);
  if (args.json) {
    await writeJsonTexts('entries', r.entries, activityJson(r.files));
  } else {
    const out = new Batched();
    await out.add(`${l10n.plural(r.entries.length, l10n.t('{0} entry of {1} in {2}|{0} entries of {1} in {2}', l10n.n(r.entries.length), visible(query.value), visible(r.files.map((f) => path.basename(f)).join(', '))))}\n\n`);
    const names = r.files.map((f) => visible(f));
    for (const e of r.entries) {
      const p = out.add(`${time(e.time)}  ${names[e.file]}:${e.line + 1}  ${visibleIndented(e.text, '    ')}\n`);
      if (p) await p;
    }
    await out.flush();
  }
  return found(r.entries.length);
}
