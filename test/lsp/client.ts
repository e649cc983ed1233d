// A real LSP client for tests: starts `node dist/server.js --stdio` and speaks the protocol.
import { spawn, ChildProcess, execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  ClientCapabilities,
  ExitNotification,
  InitializeResult,
  ShutdownRequest,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export const root = path.resolve(__dirname, '..', '..', '..');

/** A zimbra.log written by bench/generate.mjs into a new temporary folder `dir` (the caller removes it). */
export function generatedLog(size: string, seed: number): { dir: string; log: string; text: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-generated-'));
  const log = path.join(dir, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', size, '--seed', String(seed), '--out', log], { stdio: 'ignore' });
  return { dir, log, text: fs.readFileSync(log, 'utf8') };
}

export class TestServer {
  readonly connection: ProtocolConnection;
  private readonly proc: ChildProcess;
  private versions = new Map<string, number>();
  /** The server's answer to initialize. */
  initializeResult?: InitializeResult;

  constructor() {
    this.proc = spawn(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.connection.listen();
  }

  /**
   * Starts and initializes a server; `init` gives the client's capabilities and initialization
   * options, `setup` installs handlers before the server can send anything (a request it makes
   * that no handler answers gets an error).
   */
  static async start(init: { capabilities?: ClientCapabilities; initializationOptions?: unknown; locale?: string } = {}, setup?: (c: ProtocolConnection) => void): Promise<TestServer> {
    const s = new TestServer();
    setup?.(s.connection);
    s.initializeResult = await s.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: init.capabilities ?? {}, initializationOptions: init.initializationOptions, workspaceFolders: null, ...(init.locale ? { locale: init.locale } : {}) });
    await s.connection.sendNotification(InitializedNotification.type, {});
    return s;
  }

  /** Opens a file of the repository (or given text) as a document; returns its URI. */
  async open(file: string, languageId = 'postfix-log', text?: string): Promise<string> {
    const full = path.isAbsolute(file) ? file : path.join(root, file);
    const uri = pathToFileURL(full).toString();
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: text ?? fs.readFileSync(full, 'utf8') },
    });
    return uri;
  }

  /** The server's process ID. */
  get pid(): number {
    return this.proc.pid!;
  }

  async replace(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    await new Promise((r) => (this.proc.exitCode !== null ? r(undefined) : this.proc.once('exit', r)));
  }
}
