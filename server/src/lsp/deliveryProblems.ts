// The disk side of the Delivery Problems document: the MTA logs of a folder (zimbra.log and the
// other Postfix logs, each with its rotations, .gz included, oldest first), or one log with its
// rotations, read as blocks of bytes through the engine's FailureScan, as the CLI's `failures`
// reads them (only the lines FailureLog reads become strings). Each member of a tar archive is a
// log of its own, linked to as the editor opens it (a `zimbra-logs-gz:` document).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FailureLog } from '../engine/causes/failureLog';
import { FailureScan } from '../engine/causes/failureScan';
import { deliveryProblemsDocument } from '../features/investigate/deliveryProblems';
import type { SourceFile } from '../features/investigate/logLike';
import type { DeliveryProblemsResult } from '../../../common/investigateProtocol';
import { memberUriString } from '../../../common/compressedUri';
import { findLogs, rotation, timelines } from '../logs/files';
import { lineBlocks, readLog } from '../io/read';
import { scanFailureBlocks } from '../disk/failureBlocks';
import { l10n } from '../engine/l10n';

/** The log4j logs of the mailbox server: not the MTA's. */
const LOG4J = /(?:mailbox|audit|sync)\.log/;

/** The MTA logs of `folder`, or `log` with its rotations, each timeline oldest first. */
export function mtaLogs(folder: string | undefined, log: string | undefined): string[] {
  if (folder) return timelines(findLogs(folder).filter((f) => !LOG4J.test(path.basename(f)))).flat();
  if (!log) return [];
  const group = rotation(path.resolve(log)).group;
  const rotations = findLogs(path.dirname(log), undefined, 0).filter((f) => rotation(f).group === group);
  return timelines(rotations.length ? rotations : [path.resolve(log)]).flat();
}

export async function deliveryProblems(folder: string | undefined, log: string | undefined, isCancelled: () => boolean = () => false): Promise<DeliveryProblemsResult> {
  const files = mtaLogs(folder, log);
  const base = folder ?? path.dirname(log ?? '.');
  const label = (f: string) => path.relative(base, f) || path.basename(f);
  const report = new FailureLog();
  const scan = new FailureScan(report);
  // A source per file, or per member of an archive (numbered from its own first line).
  const sources: SourceFile[] = [];
  for (const f of files) {
    if (isCancelled()) throw new Error('cancelled');
    const url = pathToFileURL(f);
    const begin = (member: string) =>
      sources.push(member ? { label: `${label(f)}:${member}`, uri: memberUriString(url.pathname, f, member) } : { label: label(f), uri: url.toString() }) - 1;
    await scanFailureBlocks(scan, lineBlocks(readLog(f)), begin);
  }
  const where = `${files.map(label).join(', ') || l10n.t('no MTA log (zimbra.log, maillog, mail.log)')} (${base})`;
  return deliveryProblemsDocument(report.report(), sources, where, files.map((f) => pathToFileURL(f).toString()));
}
