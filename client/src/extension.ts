// Zimbra Logs: starts the language server and registers the commands and virtual documents.
// No log logic here: everything is asked of the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CollatedDocuments } from './documents';
import { registerCollateCommands } from './commands/collate';
import { registerNavigationCommands } from './commands/navigate';
import { registerTraceCommand } from './commands/trace';
import { registerTimelineCommand } from './commands/timeline';
import { registerInvestigationCommands } from './commands/investigate';
import { registerDeliveryProblems } from './commands/deliveryProblems';
import { registerCompressedLogs } from './compressed';
import { registerLargeLogs } from './large';
import { registerExplorer } from './explorer';
import { registerVisibleRanges } from './visibleRanges';
import { DiskOpenMiddleware } from './openFromDisk';
import { CloseFromDiskNotification, InitializationOptions, OpenFromDiskNotification, SendTextNotification } from '../../common/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient }> {
  // First, so that compressed logs restored in tabs can be read while the server starts.
  registerCompressedLogs(context);
  // A large log file's didOpen goes without its text: the server reads the file (client/src/openFromDisk.ts).
  const fromDisk = new DiskOpenMiddleware({
    openFromDisk: (p) => client!.sendNotification(OpenFromDiskNotification, p),
    closeFromDisk: (p) => client!.sendNotification(CloseFromDiskNotification, p),
    textBetween: (doc, a, b) => doc.getText(new vscode.Range(doc.positionAt(a), doc.positionAt(b))),
    decodedAsUtf8: (doc) => ['utf8', 'utf8bom'].includes((doc as { encoding?: string }).encoding ?? vscode.workspace.getConfiguration('files', doc.uri).get<string>('encoding', 'utf8')),
  });
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    // V8 keeps the heap small rather than growing it for speed: a 50 MB log then peaks near 270 MB
    // instead of 420 MB (bench/lsp.mjs starts the server the same way).
    run: { module, transport: TransportKind.ipc, options: { execArgv: ['--optimize-for-size'] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--optimize-for-size', '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every scheme: the collated virtual documents keep the features of the log they came from.
    documentSelector: [{ language: 'zimbra-log' }, { language: 'postfix-log' }],
    outputChannelName: 'Zimbra Logs',
    // The client says which lines the editors show (a large log's code lenses come for those), and
    // in which language the server writes (VS Code's display language). It runs the lenses'
    // command itself (the server offers it to other editors).
    initializationOptions: { visibleRanges: true, locale: vscode.env.language, clientCommands: ['zimbraLogs.showPath'], openFromDisk: true } satisfies InitializationOptions,
    middleware: { didOpen: fromDisk.didOpen, didChange: fromDisk.didChange, didClose: fromDisk.didClose },
  };
  client = new LanguageClient('zimbraLogs', 'Zimbra Logs', serverOptions, clientOptions);
  client.onNotification(SendTextNotification, (p) => void fromDisk.sendText(p.uri));
  startWithFirstLog(context, client);
  registerVisibleRanges(context, client);

  const documents = new CollatedDocuments(client);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(CollatedDocuments.scheme, documents), documents);
  registerTraceCommand(context, documents);
  registerInvestigationCommands(context, client);
  registerDeliveryProblems(context);
  registerTimelineCommand(context, client);
  const large = registerLargeLogs(context, client);
  registerExplorer(context, client, large);
  registerCollateCommands(context, client, large);
  registerNavigationCommands(context, client, large);
  return { client };
}

const LOG_LANGUAGES = new Set(['zimbra-log', 'postfix-log']);

/**
 * The extension is active in every window (a tab of a log too large to be a document opens no
 * document to activate it), but its server starts only with the first log document, or with the
 * first request a command or a view makes (the client starts on demand): a window without logs
 * runs no server process.
 */
function startWithFirstLog(context: vscode.ExtensionContext, c: LanguageClient): void {
  const start = () => {
    c.start().catch((e) => c.error(vscode.l10n.t('The Zimbra Logs language server did not start'), e, 'force'));
  };
  const isLog = (d: vscode.TextDocument) => LOG_LANGUAGES.has(d.languageId);
  if (vscode.workspace.textDocuments.some(isLog)) start();
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => isLog(d) && start()));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
