// A language server that does nothing but answer didOpen with empty diagnostics: the cost of
// moving a document over the protocol, the floor for bench/lsp.mjs.
import ls from 'vscode-languageserver/node.js';

const connection = ls.createConnection(ls.ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: ls.TextDocumentSyncKind.Full } }));
connection.onDidOpenTextDocument((p) => connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] }));
connection.listen();
