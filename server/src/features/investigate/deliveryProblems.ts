// The Delivery Problems document: the folder's failed deliveries and rejects grouped by cause and
// by destination domain (engine/causes/failureText.ts writes the text), each example linked to
// its line of its log.
import type { FailureReport } from '../../engine/causes/failureLog';
import { failureReportText } from '../../engine/causes/failureText';
import { visible } from '../../engine/visible';
import { l10n } from '../../engine/l10n';
import type { DeliveryProblemsResult, SourceLink } from '../../../../common/investigateProtocol';
import type { SourceFile } from './logLike';

/** The report of `logs` (`file:` URIs), its examples linked to `files` (a log, or a member of an archive). */
export function deliveryProblemsDocument(report: FailureReport, files: SourceFile[], where: string, logs: string[]): DeliveryProblemsResult {
  const head = [visible(l10n.t('Delivery problems of {0}', where)), ''];
  const body = failureReportText(report, (i) => files[i].label);
  const links: SourceLink[] = body.refs.map((r) => ({
    line: r.line + head.length,
    start: r.start,
    end: r.end,
    uri: files[r.file].uri,
    logLine: r.logLine - 1,
    label: `${files[r.file].label}:${r.logLine}`,
  }));
  return { text: head.join('\n') + '\n' + body.text, language: 'plaintext', links, failures: report.failures, files: logs };
}
