// The custom requests between the extension and its language server, declared once: the client
// imports this file too. Every request takes the URI of an open log document.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { TimelineReport } from '../server/src/engine/timeline/types';
import type { TextFingerprint } from './textFingerprint';

export interface Position {
  line: number;
  character: number;
}

export interface CollateParams {
  uri: string;
  /** The queue ID to collate; with `position`, the one under the cursor; with neither, the whole file. */
  queueId?: string;
  position?: Position;
  /** `instance/QUEUEID`, to pick one transaction among several of the same queue ID. */
  key?: string;
}

export interface CollateResult {
  /** Exactly what collate.pl prints for the transaction(s). */
  text: string;
  /** The transactions printed, as `instance/QUEUEID`. */
  keys: string[];
}

/** Collates one transaction or the whole document; null when nothing matches. */
export const CollateRequest = new RequestType<CollateParams, CollateResult | null, void>('zimbraLogs/collate');

// The whole document's collation comes in pages: a 16 MB log's would be one 14 MB answer, which
// the server encodes and writes at once (other requests wait for that).

/** Where a page starts: a transaction (in collate.pl's order) and one of its lines; `{ transaction: 0, line: 0 }` first. */
export interface CollatePageStart {
  transaction: number;
  line: number;
}

export interface CollatePageParams {
  uri: string;
  /** The `next` of the page before; the start when absent. */
  from?: CollatePageStart;
  /** Characters per page, about (whole lines; at most and by default COLLATE_PAGE_CHARS). */
  size?: number;
}

export interface CollatePageResult {
  /** collate.pl's output for the whole document, from `from` on: the pages one after the other make it all. */
  text: string;
  /** The transactions whose first line is on this page, as `instance/QUEUEID`. */
  keys: string[];
  /** Where the next page starts; null after the last one. */
  next: CollatePageStart | null;
  /** The document's version the page comes from: a client starts again when it changes between pages. */
  version: number;
}

/** Characters of a page of the whole document's collation, at most (whole lines: a page ends at the first line past it). */
export const COLLATE_PAGE_CHARS = 512 << 10;

/** A page of the whole document's collation. */
export const CollatePageRequest = new RequestType<CollatePageParams, CollatePageResult | null, void>('zimbraLogs/collatePage');

export interface TransactionSummary {
  key: string;
  queueId: string;
  instance: string;
  /** 0-based line of the transaction's first line naming the queue ID. */
  line: number;
  complete: boolean;
  from?: string;
  to: string[];
  /** Final status per recipient (`sent`, `deferred`, `bounced`, `expired`), in recipient order. */
  statuses: string[];
}

export interface TransactionsParams {
  uri: string;
}

/** The document's transactions, in collate.pl's order. */
export const TransactionsRequest = new RequestType<TransactionsParams, TransactionSummary[], void>('zimbraLogs/transactions');

export interface PathParams {
  uri: string;
  /** A line of one of the message's transactions (the code lens gives its first line). */
  line: number;
}

export interface PathResult {
  /** The path in one line, as the code lens shows it. */
  summary: string;
  /** The collated transactions of every hop, then of its notifications, as collate.pl prints them. */
  text: string;
  queueIds: string[];
}

/** The delivery path of the message that has a transaction at `line`. */
export const PathRequest = new RequestType<PathParams, PathResult | null, void>('zimbraLogs/path');

// Code lenses of large logs come for the part the editors show (a 50 MB log has tens of
// thousands, megabytes of JSON per request). A client opts in with the initialization option
// below and then says what it shows; other clients get every lens.

/** `initializationOptions` of a client that sends `VisibleRangesNotification`s. */
export interface InitializationOptions {
  visibleRanges?: boolean;
  /** The `zimbraLogs` settings (nested: `{ diagnostics: { minimumLevel: 'WARN' } }`), for a client that neither answers `workspace/configuration` nor pushes them. */
  settings?: unknown;
  /** Commands the client runs itself (the extension: `zimbraLogs.showPath`): the server does not offer them with workspace/executeCommand. */
  clientCommands?: string[];
  /** The language of hovers, diagnostics, lenses and reports (`ru`, `en`): VS Code's display language; else InitializeParams.locale. */
  locale?: string;
  /** The client opens large log files with zimbraLogs/openFromDisk: the server keeps a worker thread ready for them. */
  openFromDisk?: boolean;
}

export interface LineRange {
  /** 0-based lines, both shown. */
  start: number;
  end: number;
}

export interface VisibleRangesParams {
  uri: string;
  /** The lines of the document that the editors show (every editor of it, merged). */
  ranges: LineRange[];
}

/** What the editors show of a document; the server then asks for code lenses again (workspace/codeLens/refresh) when it has to. */
export const VisibleRangesNotification = new NotificationType<VisibleRangesParams>('zimbraLogs/visibleRanges');

// Logs the editor does not hand to extensions (over 50 MB) and compressed logs: the server
// indexes the file from disk itself; every request above then also takes that URI.

export interface OpenLargeParams {
  /** The URI the log is known by (the editor tab's: `file:` or the compressed-log scheme). */
  uri: string;
  /** The file on disk (plain, gzip, tar or tar.gz). */
  path: string;
  /** The member, for an archive. */
  member?: string;
  /** Decompressed bytes allowed (zimbraLogs.compressed.maxSize). */
  maxSize?: number;
}

export interface OpenLargeResult {
  uri: string;
  lines: number;
  bytes: number;
  transactions: number;
  problems: number;
}

/** Indexes a log from disk, streaming, with `IndexProgressNotification`s; cancellable. Diagnostics are published for its URI. */
export const OpenLargeRequest = new RequestType<OpenLargeParams, OpenLargeResult, void>('zimbraLogs/openLarge');

export interface CloseLargeParams {
  uri: string;
}

/** Forgets a log indexed from disk (and clears its diagnostics). */
export const CloseLargeNotification = new NotificationType<CloseLargeParams>('zimbraLogs/closeLarge');

export interface IndexProgressParams {
  uri: string;
  /** Bytes of the file read so far, and its size. */
  read: number;
  total: number;
}

export const IndexProgressNotification = new NotificationType<IndexProgressParams>('zimbraLogs/indexProgress');

export interface AccountSummary {
  name: string;
  count: number;
  line: number;
}

export interface ProblemSummary {
  line: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export interface OutlineParams {
  uri: string;
  /** Most items per list (default 2000). */
  limit?: number;
}

export interface OutlineResult {
  transactions: TransactionSummary[];
  transactionCount: number;
  problems: ProblemSummary[];
  problemCount: number;
  accounts: AccountSummary[];
  /** True when the log is indexed from disk (not open as a text document). */
  large: boolean;
}

/** What the explorer's "Zimbra Logs" view lists for a log: transactions, problems, accounts. */
export const OutlineRequest = new RequestType<OutlineParams, OutlineResult | null, void>('zimbraLogs/outline');

export interface LinesParams {
  uri: string;
  /** 0-based, `to` excluded. */
  from: number;
  to: number;
}

/** Lines of a log (read back from disk for a large one), with their terminators. */
export const LinesRequest = new RequestType<LinesParams, string, void>('zimbraLogs/lines');

export interface CollateToFileParams {
  uri: string;
}

export interface CollateToFileResult {
  /** A temporary file holding what collate.pl prints for the whole log. */
  path: string;
  bytes: number;
}

/** Collates a whole large log into a file (the text would not fit in a message or an editor buffer). */
export const CollateToFileRequest = new RequestType<CollateToFileParams, CollateToFileResult | null, void>('zimbraLogs/collateToFile');

/** The client closed the document of a file the server made (a Collate File output): the server deletes it. */
export interface ReleaseFileParams {
  path: string;
}
export const ReleaseFileNotification = new NotificationType<ReleaseFileParams>('zimbraLogs/releaseFile');

export interface TraceParams {
  /** A queue ID (any hop's), a Message-ID (with or without `<>`), or a sender or recipient address. */
  query: string;
  /** The workspace folder (URI) whose logs are read from disk; else the folder of `uri`. */
  folder?: string;
  /** A log of the folder (e.g. the active editor's). */
  uri?: string;
}

/** Where a line of the trace text came from. */
export interface TraceLocation {
  /** 0-based line of `text`. */
  line: number;
  /** The log's URI and 0-based line in it. */
  uri: string;
  logLine: number;
}

export interface TraceResult {
  /** Each matching message's path, hop by hop, every log line followed by `file:line`. */
  text: string;
  locations: TraceLocation[];
  /** How many messages matched (bounces and forwards count as messages). */
  messages: number;
  /** The logs read (URIs), in timeline order. */
  files: string[];
}

/** Traces a message through every Zimbra/Postfix log of a workspace folder (read from disk, .gz too). */
export const TraceRequest = new RequestType<TraceParams, TraceResult, void>('zimbraLogs/trace');

export interface TimelineParams {
  /** A log on disk (its rotations come with it), or */
  uri?: string;
  /** a folder: every Zimbra/Postfix log in it (rotations, .gz and large files included). */
  folder?: string;
  /** The bucket in seconds (default: from the span, 1 minute to 1 day). */
  bucketSeconds?: number;
  /** Sent back in the TimelineProgressNotifications of this request. */
  progressId?: string;
}

export interface TimelineResult {
  report: TimelineReport;
  /** The logs read, as URIs; a report's `file` numbers index them. */
  files: string[];
  /** Their names relative to the folder, for the page. */
  labels: string[];
  title: string;
  /** Bytes of the logs read for this answer: all of them, or only what was appended since the last answer. */
  bytesRead: number;
}

/** Events per time bucket across the logs (engine/timeline/), for the timeline view. */
export const TimelineRequest = new RequestType<TimelineParams, TimelineResult, void>('zimbraLogs/timeline');

export interface TimelineProgressParams {
  progressId: string;
  /** Bytes of the logs read so far, and their size on disk. */
  read: number;
  total: number;
}

export const TimelineProgressNotification = new NotificationType<TimelineProgressParams>('zimbraLogs/timelineProgress');

export interface TimelineLinesParams {
  uri?: string;
  folder?: string;
  /** Local times as the logs write them (`YYYY-MM-DDTHH:MM:SS`): the range [from, to). */
  from: string;
  to: string;
}

/** The lines of a time range of the logs of a timeline, an MTA log's collated (as collate.pl prints them). */
export const TimelineLinesRequest = new RequestType<TimelineLinesParams, string, void>('zimbraLogs/timelineLines');

// A large log file is not sent in a didOpen (decoding 50 MB of JSON blocks the server for a second):
// the client's didOpen middleware (client/src/openFromDisk.ts) sends OpenFromDiskNotification
// instead, and the server reads the file from disk (lsp/diskOpen.ts). When the file is not the
// editor's text (its fingerprint differs, the read fails), the server sends SendTextNotification
// and the client sends the didOpen after all; it does too on the document's first change. A
// document opened from disk is closed with CloseFromDiskNotification (the client never sent a
// didOpen for it); once the didOpen was sent, with didClose. Other clients use didOpen alone.

export interface OpenFromDiskParams {
  /** A didOpen's textDocument, without the text. */
  textDocument: { uri: string; languageId: string; version: number };
  /** Of the editor's text (common/textFingerprint.ts). */
  fingerprint: TextFingerprint;
}

export const OpenFromDiskNotification = new NotificationType<OpenFromDiskParams>('zimbraLogs/openFromDisk');

export interface DiskDocumentParams {
  uri: string;
}

/** The counterpart of OpenFromDiskNotification, for a document whose text the client never sent. */
export const CloseFromDiskNotification = new NotificationType<DiskDocumentParams>('zimbraLogs/closeFromDisk');

/** From the server: the file of a document opened from disk is not its text (or could not be read): send the didOpen. */
export const SendTextNotification = new NotificationType<DiskDocumentParams>('zimbraLogs/sendText');
