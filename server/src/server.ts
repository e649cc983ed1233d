// The Zimbra Logs language server: connection and one-line handlers over the engine. Every
// handler is guarded: a failure is logged and answers empty, a cancelled request stops.
import {
  CancellationToken,
  createConnection,
  ProposedFeatures,
  ResponseError,
  LSPErrorCodes,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CollateRequest, TransactionsRequest } from './protocol';
import { LogView, LogViews } from './workspace';
import { collate, transactionSummaries } from './features/collate';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const views = new LogViews();

function runSafe<T>(name: string, token: CancellationToken | undefined, fallback: T, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  try {
    return fn();
  } catch (e) {
    connection.console.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
    return fallback;
  }
}

/** The view of an open document, or an error the client can show. */
function view(uri: string): LogView {
  const doc = documents.get(uri);
  if (!doc) throw new ResponseError(-32602, `Zimbra Logs: ${uri} is not open`);
  return views.get(doc);
}

function guarded<P extends { uri: string }, R>(name: string, fallback: R, fn: (v: LogView, p: P) => R) {
  return (params: P, token?: CancellationToken) => {
    let v: LogView;
    try {
      v = view(params.uri);
    } catch (e) {
      return e as ResponseError<void>;
    }
    return runSafe(name, token, fallback, () => fn(v, params));
  };
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
  },
  serverInfo: { name: 'zimbra-logs' },
}));

connection.onRequest(CollateRequest, guarded('collate', null, collate));
connection.onRequest(TransactionsRequest, guarded('transactions', [], transactionSummaries));

documents.onDidClose((e) => views.delete(e.document.uri));
documents.listen(connection);
connection.listen();
