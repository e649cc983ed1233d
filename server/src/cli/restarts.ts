// `zimbra-logs restarts FILE... [--json]`: each restart of the mailbox server, with the ERROR/FATAL
// entries before it and their root causes (engine/investigate/restarts.ts, read as bytes).
import { restartScan } from '../disk/investigateScan';
import type { LogLine, PrecedingError } from '../engine/investigate/restarts';
import { lineTime } from '../engine/time/lineTime';
import { visible } from '../engine/visible';
import { l10n } from '../engine/l10n';
import { CliError } from './errors';
import { found, groupsOf, investigateArgs, jsonTime, time, writeJson } from './investigateCommon';

export const restartsHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs restarts FILE... [--json] [--keep N]

Each restart of the mailbox server in its mailbox.log files (and their rotations, plain or
gzip: read as one timeline per server's log): a "SoapServlet shutting down" followed by
"starting up", or a "starting up" without a clean shutdown before it (a crash or a kill),
with the last ERROR/FATAL entries before it and the root cause ("Caused by:") of each.
Other logs given are read and have no restarts.

  --json     {"restarts": [{"file", "stop": {"line", "time"} | null, "start": {"line", "time"} | null,
              "preceding": [{"file", "line", "time", "level", "text", "rootCause"}]}]}  (lines 1-based)
  --keep N   ERROR/FATAL entries listed before each restart (default 5; all of those
             logged between a stop and its start are listed)

"-" reads standard input. Exit status: 0 when some restart was found, 1 when none was,
2 on a usage or input error.
`,
  );

export async function restartsCommand(argv: string[]): Promise<number> {
  const args = investigateArgs(argv, { keep: 'string' });
  const keep = args.options.keep === undefined ? 5 : Number(args.options.keep);
  if (!Number.isInteger(keep) || keep < 0) throw new CliError(l10n.t('--keep needs a whole number'));
  const groups = groupsOf(args.positional, 'restarts');
  const files = groups.flat();
  const reports = await restartScan(groups, keep, args.scan);
  const at = (l: LogLine | undefined) => (l ? { line: l.line + 1, time: jsonTime(lineTime(l.text ?? '', 1970)) } : null);
  const where = (l: LogLine) => visible(`${files[l.file]}:${l.line + 1}`);
  if (args.json) {
    writeJson({
      restarts: reports.map((r) => ({
        file: files[(r.stop ?? r.start)!.file],
        stop: at(r.stop),
        start: at(r.start),
        preceding: r.preceding.map((e: PrecedingError) => ({ file: files[e.file], line: e.line + 1, time: jsonTime(lineTime(e.text ?? '', 1970)), level: e.level, text: e.text ?? '', rootCause: e.rootCause ?? null })),
      })),
    });
    return found(reports.length);
  }
  const out = [l10n.plural(reports.length, l10n.t('{0} restart of the mailbox server|{0} restarts of the mailbox server', l10n.n(reports.length)))];
  reports.forEach((r, i) => {
    out.push('');
    const stop = r.stop && l10n.t('shut down {0} ({1})', time(lineTime(r.stop.text ?? '', 1970)), where(r.stop));
    const start = r.start && l10n.t('started {0} ({1})', time(lineTime(r.start.text ?? '', 1970)), where(r.start));
    if (stop) out.push(`${i + 1}. ${stop}${start ? `, ${start}` : l10n.t(', not started again in these logs')}`);
    else out.push(`${i + 1}. ${l10n.t('{0} without a clean shutdown before it: a crash or a kill', start ?? '')}`);
    if (!r.preceding.length) out.push(`   ${l10n.t('No ERROR or FATAL entry since the restart before.')}`);
    else out.push(`   ${r.omitted ? l10n.t('Last ERROR/FATAL entries before it ({0} older ones not listed):', l10n.n(r.omitted)) : l10n.t('Last ERROR/FATAL entries before it:')}`);
    for (const e of r.preceding) {
      out.push(`     ${where(e)}  ${visible(e.text ?? '')}`);
      if (e.rootCause) out.push(`       ${l10n.t('Root cause: {0}', visible(e.rootCause))}`);
    }
  });
  process.stdout.write(out.join('\n') + '\n');
  return found(reports.length);
}
