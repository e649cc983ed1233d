// The Zimbra Logs language server: connection and one-line handlers over the engine. Every
// handler is guarded: a failure is logged and answers empty, a cancelled request stops.
import {
  CancellationToken,
  CodeLensRefreshRequest,
  createConnection,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentPositionParams,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CollatePageRequest, CollateRequest, InitializationOptions, Position, LinesRequest, OutlineRequest, PathRequest, TraceRequest, TransactionsRequest, VisibleRangesNotification } from '../../../common/protocol';
import { WorkspaceTraces } from './traceWorkspace';
import { IndexedLog, LogSource, LogView, LogViews } from './workspace';
import { LargeLogs } from './largeLogs';
import { DiskOpens } from './diskOpen';
import { keepWorkerReady } from '../disk/openInWorker';
import { outline } from '../features/outline';
import { collate, collatePage, transactionSummaries } from '../features/collate';
import { formatSteps } from '../engine/collateText';
import { diagnosticSteps, quickDiagnostics } from '../features/diagnostics';
import { ClientSettings } from './clientSettings';
import { inSlices, requestCame, whenQuiet } from './slices';
import { definition, highlights, references } from '../features/navigation';
import { hover } from '../features/hover';
import { markdown, markupFor } from '../features/markdown';
import { codeLenses, LensData, resolveCodeLens } from '../features/codeLens';
import { LensWindows } from '../features/lensWindow';
import { documentSymbols, foldingRanges, workspaceSymbols } from '../features/symbols';
import { path } from '../features/path';
import { registerInvestigations } from './investigateServer';
import { ServerCommands } from './serverCommands';
import { registerTimeline } from './timelineServer';
import { setLanguage } from '../l10n/locale';
import { turnBetweenSteps } from '../io/pace';

// Long reads let requests in between their steps (io/pace.ts).
turnBetweenSteps();

const traces = new WorkspaceTraces();
traces.onSummaries = () => {
  if (canRefreshLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch((e) => connection.console.error(`codeLens refresh failed: ${(e as Error)?.message ?? e}`));
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const views = new LogViews();
/** The settings, from the one place that gets them. */
const clientSettings = new ClientSettings(connection);
const settingsFor = (uri: string) => clientSettings.for(uri);
let canRefreshLenses = false;
/** The language of messages (setLanguage). */
let language = 'en';
/** Hovers in Markdown, or in plain text for a client whose `hover.contentFormat` prefers it. */
let hoverMarkup = markdown;
/** Lens windows of the documents, for a client that says what its editors show (else every lens is sent). */
let lensWindows: LensWindows | undefined;

function runSafe<T>(name: string, token: CancellationToken | undefined, fallback: T, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    return fn();
  } catch (e) {
    connection.console.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
    return fallback;
  } finally {
    // Background work lets the next request of a burst come first.
    requestCame();
  }
}

/**
 * An open document's view once its passes are done (and its transactions, with `collated`; every
 * transaction, with `listed`): a request that comes while they run waits for them, other requests
 * are answered meanwhile.
 */
async function readView(doc: TextDocument, collated = false, listed = false): Promise<LogView> {
  const view = views.get(doc);
  await view.whenReady();
  if (collated) await view.collated();
  if (listed) await view.whenListed();
  return view;
}

/** The open document of `uri`; one being opened from disk (zimbraLogs/openFromDisk) once its file is read. */
async function documentOf(uri: string): Promise<TextDocument | undefined> {
  return documents.get(uri) ?? (await diskOpens.whenRead(uri), documents.get(uri));
}

/** A handler on an open document or a log indexed from disk: unknown ones get an error, failures the fallback. */
function guarded<P extends { uri: string }, R>(name: string, fallback: R, fn: (v: LogSource, p: P) => R, collated = false) {
  return async (params: P, token?: CancellationToken) => {
    const doc = await documentOf(params.uri);
    const source = doc ? await readView(doc, collated) : large.get(params.uri);
    if (!source) return new ResponseError<void>(-32602, `Zimbra Logs: ${params.uri} is not open`);
    return runSafe(name, token, fallback, () => fn(source, params));
  };
}

/**
 * What a request at a position reads, once the passes are done: the records of the queue IDs and
 * the Message-ID there and of the transactions they link to, from their lines only (LogView.at).
 */
async function viewAt(doc: TextDocument, position: Position): Promise<IndexedLog> {
  const view = views.get(doc);
  // (Its stream index: a document opened from disk has the one made from the file before its own pass is done.)
  await view.whenIndexed();
  return view.at(position);
}

/** The same for requests at a position (hover, definition, references, highlights). */
function atPosition<P extends TextDocumentPositionParams, R>(name: string, fallback: R, fn: (v: IndexedLog, p: P) => R) {
  return async (params: P, token: CancellationToken) => {
    const doc = await documentOf(params.textDocument.uri);
    if (!doc) return fallback;
    const view = await viewAt(doc, params.position);
    return runSafe(name, token, fallback, () => fn(view, params));
  };
}

/** The same for standard requests, whose params carry `textDocument`. */
function onDocument<P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, fn: (v: LogView, p: P) => R, listed = false) {
  return async (params: P, token: CancellationToken) => {
    const doc = await documentOf(params.textDocument.uri);
    if (!doc) return fallback;
    const view = await readView(doc, false, listed);
    return runSafe(name, token, fallback, () => fn(view, params));
  };
}

connection.onInitialize((params) => {
  clientSettings.initialize(params);
  canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  hoverMarkup = markupFor(params.capabilities.textDocument?.hover?.contentFormat);
  const options = params.initializationOptions as InitializationOptions | undefined;
  if (options?.visibleRanges === true) lensWindows = new LensWindows();
  if (options?.openFromDisk === true) keepWorkerReady();
  language = setLanguage(options?.locale ?? params.locale);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      executeCommandProvider: commands.initialize(params),
    },
    serverInfo: { name: 'zimbra-logs' },
  };
});

connection.onInitialized(() => {
  clientSettings.initialized();
});

const large = new LargeLogs(connection, settingsFor);
/** Large log files the client opens without sending their text (zimbraLogs/openFromDisk): read from disk. */
const diskOpens = new DiskOpens(connection, (uri, version, fromDisk) => views.openedFromDisk(uri, version, fromDisk), settingsFor, () => language);

const pending = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Publishes a document's diagnostics, at once when it opens and shortly after edits: those of
 * the first pass as soon as it has read the log; then the stream index is completed and the slower
 * analyses (bursts, flagged accounts) run, in slices, and the diagnostics are published again
 * with theirs. `then` runs after both.
 */
function schedule(doc: TextDocument, delay: number, then?: () => void): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(async () => {
      pending.delete(doc.uri);
      const settings = await settingsFor(doc.uri);
      const current = documents.get(doc.uri);
      if (!current) return;
      const view = views.get(current);
      const isCurrent = () => documents.get(doc.uri) === current && current.version === view.version && !pending.has(doc.uri);
      try {
        // A document opened from disk: the diagnostics a worker made from the file come first.
        const fromDisk = await view.diskDiagnostics();
        const early = fromDisk?.diagnostics;
        if (early && !fromDisk.published && isCurrent()) void connection.sendDiagnostics({ uri: doc.uri, version: current.version, diagnostics: early });
        // The Problems panel's diagnostics as soon as the first pass is done (unless the same); then the stream index is completed.
        await view.whenScanned();
        if (!isCurrent()) return;
        const quick = runSafe('diagnostics', undefined, [], () => quickDiagnostics(view, settings));
        if (Array.isArray(quick) && !(early && JSON.stringify(early) === JSON.stringify(quick))) void connection.sendDiagnostics({ uri: doc.uri, version: current.version, diagnostics: quick });
        await view.whenReady();
        if (!isCurrent()) return;
        const all = await inSlices(diagnosticSteps(view, settings));
        if (isCurrent() && (!Array.isArray(quick) || all.length !== quick.length)) void connection.sendDiagnostics({ uri: doc.uri, version: current.version, diagnostics: all });
      } catch (e) {
        connection.console.error(`diagnostics failed: ${(e as Error)?.stack ?? e}`);
      }
      then?.();
    }, delay),
  );
}

documents.onDidOpen((e) => {
  // The folder's logs are read (for paths across them) once this one's diagnostics are out and
  // requests pause (2 s at the latest): that reading blocks requests for a chunk at a time.
  schedule(e.document, 0, () => whenQuiet(() => void preloadFolder(e.document.uri)));
});

/** Folders of up to this many bytes of logs are read in the background, for paths across files. */
const PRELOAD_BYTES = 64 * 1024 * 1024;

async function preloadFolder(uri: string): Promise<void> {
  const folder = traces.folderOf({ uri });
  if (!folder) return;
  try {
    if ((await traces.preload(folder, PRELOAD_BYTES)) && canRefreshLenses) await connection.sendRequest(CodeLensRefreshRequest.type);
  } catch (e) {
    connection.console.error(`reading the logs of ${folder} failed: ${(e as Error)?.message ?? e}`);
  }
}
documents.onDidChangeContent((e) => {
  if (e.document.version > 1) schedule(e.document, 300);
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  views.delete(e.document.uri);
  lensWindows?.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});
connection.onDidChangeConfiguration((p) => {
  clientSettings.changed(p);
  for (const v of large.all()) void large.publish(v);
  for (const doc of documents.all()) schedule(doc, 0);
});

const collateOne = guarded('collate', null, collate, true);
connection.onRequest(CollateRequest, async (params, token) => {
  const doc = documents.get(params.uri);
  if (!doc || params.key || params.queueId || params.position) return collateOne(params, token);
  // The whole open document: its text is made in slices too (16 MB of it in one turn took 1 s).
  const view = await readView(doc, true);
  const ts = view.transactions;
  return { text: await inSlices(formatSteps(ts, (n) => view.rawLine(n))), keys: ts.map((t) => t.key) };
});
/**
 * The open document `uri`, waiting `ms` at most for its didOpen: a client may send a request about
 * a document it just opened before the notification (the extension's Collate File does).
 */
function whenOpen(uri: string, ms = 2000): Promise<TextDocument | undefined> {
  const doc = documents.get(uri);
  if (doc || large.get(uri)) return Promise.resolve(doc);
  return new Promise((resolve) => {
    const done = (d?: TextDocument) => (clearTimeout(timer), opened.dispose(), resolve(d));
    const timer = setTimeout(done, ms);
    const opened = documents.onDidOpen((e) => e.document.uri === uri && done(e.document));
  });
}

connection.onRequest(CollatePageRequest, async (params, token) => {
  const doc = await whenOpen(params.uri);
  for (;;) {
    const source = doc ? await readView(doc, true) : large.get(params.uri);
    if (!source) return new ResponseError<void>(-32602, `Zimbra Logs: ${params.uri} is not open`);
    const version = doc ? (source as LogView).version : 0;
    const page = await inSlices(collatePage(source, params));
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    // A page made while the document changed may mix both texts: it is made again.
    if (!doc || doc.version === version) return { ...page, version };
  }
});
connection.onRequest(TransactionsRequest, guarded('transactions', [], (v) => large.get(v.document.uri)?.summaries ?? transactionSummaries(v), true));
connection.onRequest(OutlineRequest, async (p, token) => {
  const settings = await settingsFor(p.uri);
  return guarded('outline', null, (v) => outline(large.get(v.document.uri) ?? v, settings, p.limit, !!large.get(v.document.uri)), true)(p, token);
});
/** Lines [from, to) of an open document with their terminators, the range clamped to the document. */
function documentLines(v: LogSource, from: number, to: number): string {
  const count = documents.get(v.document.uri)?.lineCount ?? 0;
  const a = Math.max(0, Math.floor(Number(from)) || 0);
  const b = Math.min(count, Math.floor(Number(to)) || 0);
  let out = '';
  for (let n = a; n < b; n++) out += v.rawLine(n);
  return out;
}
connection.onRequest(LinesRequest, guarded('lines', '', (v, p) => large.get(v.document.uri)?.rawLines(p.from, p.to) ?? documentLines(v, p.from, p.to)));
const pathOf = guarded('path', null, path, true);
connection.onRequest(PathRequest, pathOf);
const commands = new ServerCommands(connection, pathOf);
connection.onExecuteCommand((p, token) => commands.execute(p, token));
connection.onRequest(TraceRequest, async (p, token) => {
  try {
    return await traces.trace(p);
  } catch (e) {
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    connection.console.error(`trace failed: ${(e as Error)?.stack ?? e}`);
    return new ResponseError(-32603, (e as Error)?.message ?? String(e));
  }
});
connection.onDefinition(atPosition('definition', [], (v, p) => definition(v, p.position)));
connection.onReferences(atPosition('references', [], (v, p) => references(v, p.position)));
connection.onDocumentHighlight(atPosition('highlights', [], (v, p) => highlights(v, p.position)));
connection.onHover(atPosition('hover', null, (v, p) => hover(v, p.position, (line, queueId) => traces.summaryAt(v.document.uri, line, queueId), hoverMarkup)));
connection.onCodeLens(onDocument('codeLens', [], (v) => codeLenses(v, views.number(v.document.uri), lensWindows)));
connection.onNotification(VisibleRangesNotification, (p) => {
  const moved = runSafe('visibleRanges', undefined, false, () => !!lensWindows && typeof p?.uri === 'string' && !!documents.get(p.uri) && lensWindows.show(p.uri, p.ranges));
  // The lenses the client has no longer cover what it shows: it asks again, and gets the new window.
  if (moved === true && canRefreshLenses) connection.sendRequest(CodeLensRefreshRequest.type).catch((e) => connection.console.error(`codeLens refresh failed: ${(e as Error)?.message ?? e}`));
});
connection.onCodeLensResolve(async (lens, token) => {
  const doc = documents.get(views.uri((lens.data as LensData | undefined)?.[0] ?? -1) ?? '');
  if (!doc) return lens;
  const across = (line: number, queueId: string) => traces.summaryAt(doc.uri, line, queueId);
  const view = await readView(doc);
  const r = runSafe('codeLensResolve', token, lens, () => resolveCodeLens(view, lens, across));
  return r instanceof ResponseError ? lens : r;
});
connection.onDocumentSymbol(onDocument('documentSymbols', [], (v) => documentSymbols(v), true));
connection.onFoldingRanges(onDocument('folding', [], (v) => foldingRanges(v)));
connection.onWorkspaceSymbol(async (p, token) => {
  const open = await Promise.all(documents.all().map((d) => readView(d, false, true)));
  return runSafe('workspaceSymbols', token, [], () => workspaceSymbols(open, p.query));
});
registerInvestigations(connection, documents, views, settingsFor);
registerTimeline(connection, settingsFor);

// (A document opened from disk opens through the same handler as a didOpen.)
documents.listen(diskOpens.documentConnection());
// Temporary files (decompressed copies, Collate File outputs) go when the server stops.
connection.onShutdown(() => large.dispose());
connection.onExit(() => large.dispose());
connection.listen();
