// zimbraLogs/timeline and zimbraLogs/timelineLines: the timeline of a folder's logs (or of one
// log and its rotations), read from disk whatever their size (plain, .gz, archives) with progress
// notifications, kept while the files' sizes and modification times are the same; a log that
// grows is followed: only its appended lines are read, and the counts go on (logs/timelineGrowth.ts;
// a log replaced or truncated is read again); and the lines of a time range, an MTA log's collated.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationToken, Connection, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { TimelineLinesParams, TimelineLinesRequest, TimelineParams, TimelineProgressNotification, TimelineRequest, TimelineResult } from '../../../common/protocol';
import { collateText, formatTransactions } from '../engine/collateText';
import type { TimelineScan } from '../engine/timeline/scan';
import { rotation } from '../logs/files';
import { rangeOfFiles, scanFiles } from '../logs/timelineFiles';
import { extendFiles, ReadState } from '../logs/timelineGrowth';
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

interface Scanned {
  result: TimelineResult;
  scan: TimelineScan;
  files: string[];
  read: ReadState[];
  /** Lines were appended to the scan after the whole read (a range is then read from a new scan). */
  extended: boolean;
}

interface Cached {
  signature: string;
  done: Promise<Scanned>;
}

export function registerTimeline(connection: Connection, settingsFor: (uri: string) => Promise<Settings>): void {
  const cache = new Map<string, Cached>();

  /** The files read whole into a new scan. */
  const readWhole = async (p: TimelineParams, files: string[], folder: string, token?: CancellationToken): Promise<Scanned> => {
    const abort = new AbortController();
    token?.onCancellationRequested(() => abort.abort());
    let sent = -1;
    const progress = (read: number, total: number) => {
      const percent = total ? Math.floor((read / total) * 100) : 0;
      if (!p.progressId || percent === sent) return;
      sent = percent;
      void connection.sendNotification(TimelineProgressNotification, { progressId: p.progressId, read, total });
    };
    const settings = await settingsFor(pathToFileURL(files[0] ?? folder).toString());
    const { report, scan, read } = await scanFiles(files, { bucketSeconds: p.bucketSeconds, bursts: settings.security, accounts: settings.accounts, progress, signal: abort.signal });
    const labels = files.map((f) => path.relative(folder, f) || path.basename(f));
    const title = l10n.t('Timeline of {0}', p.folder ? path.basename(folder) : labels.join(', '));
    const bytesRead = read.reduce((n, r) => n + r.bytes, 0);
    return { result: { report, files: files.map((f) => pathToFileURL(f).toString()), labels, title, bytesRead }, scan, files, read, extended: false };
  };

  /** The lines appended since `s` fed to its scan, else (a file replaced, truncated, compressed) the files read whole. */
  const extend = async (s: Scanned, p: TimelineParams, folder: string, token?: CancellationToken): Promise<Scanned> => {
    const bytesRead = await extendFiles(s.files, s.scan, s.read);
    if (bytesRead < 0) return readWhole(p, s.files, folder, token);
    return { ...s, result: { ...s.result, report: s.scan.report(), bytesRead }, extended: true };
  };

  /** The timeline of the request's logs: kept while they are unchanged, extended when they grew; `whole`: read whole again. */
  const timeline = (p: TimelineParams, token?: CancellationToken, whole = false): Promise<Scanned> => {
    const { files, folder } = logsOf(p);
    const key = `${files.join('\n')}\n${p.bucketSeconds ?? ''}`;
    const signature = signatureOf(files);
    const c = cache.get(key);
    if (c && c.signature === signature && !whole) return c.done;
    const done = c && !whole ? c.done.then((s) => extend(s, p, folder, token)) : readWhole(p, files, folder, token);
    cache.set(key, { signature, done });
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
      let scanned = await timeline({ uri: p.uri, folder: p.folder }, token);
      // A scan extended by appended lines numbers them after every file's: a range reads the files as a new scan does.
      if (scanned.extended) scanned = await timeline({ uri: p.uri, folder: p.folder }, token, true);
      const { scan, files, result } = scanned;
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
