// zimbraLogs/timeline and zimbraLogs/timelineLines: the timeline of a folder's logs (or of one
// log and its rotations), read from disk whatever their size (plain, .gz, archives) with progress
// notifications, kept while the files' sizes and modification times are the same (a log that
// grows is read again); and the lines of a time range, an MTA log's collated.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationToken, Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { TimelineLinesParams, TimelineLinesRequest, TimelineParams, TimelineProgressNotification, TimelineRequest, TimelineResult } from '../../../common/protocol';
import { collateText, formatTransactions } from '../engine/collateText';
import type { TimelineScan } from '../engine/timeline/scan';
import { rotation } from '../logs/files';
import { rangeOfFiles, scanFiles } from '../logs/timelineFiles';
import { investigationLogs } from './investigateFiles';
import type { Settings } from './settings';
import { signatureOf } from './traceWorkspace';
import { l10n } from '../engine/l10n';

/** A range's document stops past this many lines. */
const MAX_RANGE_LINES = 200_000;
const LOG4J = /(?:mailbox|audit|sync)\.log/;

const toPath = (uri: string | undefined) => {
  try {
    return uri?.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
};

/** The logs a request is about, and the folder their names are shown relative to. */
function logsOf(p: { uri?: string; folder?: string }): { files: string[]; folder: string } {
  const folder = toPath(p.folder);
  if (folder) return { files: investigationLogs(folder), folder };
  const file = toPath(p.uri);
  if (!file) throw new Error(l10n.t('Zimbra Logs: the timeline needs a log on disk or a folder'));
  const dir = path.dirname(file);
  const group = rotation(file).group;
  const rotations = investigationLogs(dir).filter((f) => rotation(f).group === group);
  return { files: rotations.includes(file) ? rotations : [file], folder: dir };
}

interface Cached {
  signature: string;
  done: Promise<{ result: TimelineResult; scan: TimelineScan; files: string[] }>;
}

export function registerTimeline(connection: Connection, settingsFor: (uri: string) => Promise<Settings>): void {
  const cache = new Map<string, Cached>();

  const timeline = (p: TimelineParams, token?: CancellationToken) => {
    const { files, folder } = logsOf(p);
    const key = `${files.join('\n')}\n${p.bucketSeconds ?? ''}`;
    const signature = signatureOf(files);
    let c = cache.get(key);
    if (c && c.signature === signature) return c.done;
    const abort = new AbortController();
    token?.onCancellationRequested(() => abort.abort());
    let sent = -1;
    const progress = (read: number, total: number) => {
      const percent = total ? Math.floor((read / total) * 100) : 0;
      if (!p.progressId || percent === sent) return;
      sent = percent;
      void connection.sendNotification(TimelineProgressNotification, { progressId: p.progressId, read, total });
    };
    const done = (async () => {
      const scope = pathToFileURL(files[0] ?? folder).toString();
      const settings = await settingsFor(scope);
      const { report, scan } = await scanFiles(files, { bucketSeconds: p.bucketSeconds, bursts: settings.security, progress, signal: abort.signal });
      const labels = files.map((f) => path.relative(folder, f) || path.basename(f));
      const title = l10n.t('Timeline of {0}', p.folder ? path.basename(folder) : labels.join(', '));
      return { result: { report, files: files.map((f) => pathToFileURL(f).toString()), labels, title }, scan, files };
    })();
    c = { signature, done };
    cache.set(key, c);
    done.catch(() => cache.delete(key));
    return done;
  };

  const failed = (name: string, e: unknown, token: CancellationToken) => {
    if (token.isCancellationRequested || (e as Error)?.message === 'cancelled') return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    connection.console.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
    return new ResponseError(-32603, (e as Error)?.message ?? String(e));
  };

  connection.onRequest(TimelineRequest, async (p, token) => {
    try {
      return (await timeline(p, token)).result;
    } catch (e) {
      return failed('timeline', e, token);
    }
  });

  connection.onRequest(TimelineLinesRequest, async (p: TimelineLinesParams, token) => {
    try {
      const { scan, files, result } = await timeline({ uri: p.uri, folder: p.folder }, token);
      const from = Date.parse(`${p.from}Z`);
      const to = Date.parse(`${p.to}Z`);
      if (Number.isNaN(from) || Number.isNaN(to)) throw new Error(l10n.t('Zimbra Logs: not a time range: {0} to {1}', p.from, p.to));
      const lines: string[][] = files.map(() => []);
      let count = 0;
      const decoder = new TextDecoder();
      await rangeOfFiles(files, scan, from, to, (file, _line, b, s, e) => {
        if (++count <= MAX_RANGE_LINES) lines[file].push(decoder.decode(b.subarray(s, e)));
      });
      const parts = [`${l10n.t('Lines from {0} to {1} (log time)', p.from, p.to)}${count > MAX_RANGE_LINES ? `: ${l10n.t('the first {0} of {1}', l10n.n(MAX_RANGE_LINES), l10n.n(count))}` : ''}\n`];
      files.forEach((f, i) => {
        if (!lines[i].length) return;
        const raw = lines[i].map((l) => (l.endsWith('\n') ? l : l + '\n'));
        const text = raw.join('');
        const mta = !LOG4J.test(path.basename(f));
        const what = mta ? l10n.t('{0} lines, collated', l10n.n(raw.length)) : l10n.t('{0} lines', l10n.n(raw.length));
        parts.push(`\n== ${result.labels[i]}: ${what} ==\n\n`);
        parts.push(mta ? formatTransactions(collateText(text), (n) => raw[n] ?? '') : text);
      });
      return parts.join('');
    } catch (e) {
      return failed('timelineLines', e, token);
    }
  });
}
