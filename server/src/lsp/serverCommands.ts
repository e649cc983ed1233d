// workspace/executeCommand, for editors without the extension: the code lens's command
// (zimbraLogs.showPath, `{ uri, line }`) runs on the server. It answers the message's delivery path
// (zimbraLogs/path's result) and shows it: the collated path as a document when the client can
// open one (window/showDocument), else its one-line summary as a message. A client that runs the
// command itself (the VS Code extension) names it in `initializationOptions.clientCommands`: the
// server then does not offer it (vscode-languageclient would register it a second time).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationToken, Connection, ErrorCodes, ExecuteCommandOptions, ExecuteCommandParams, InitializeParams, MessageType, ResponseError, ShowMessageNotification } from 'vscode-languageserver/node';
import type { InitializationOptions, PathParams, PathResult } from '../../../common/protocol';
import { SHOW_PATH_COMMAND } from '../features/codeLens';
import { plain } from '../features/markdown';
import { isObject } from './settings';
import { l10n } from '../engine/l10n';

type PathOf = (p: PathParams, token: CancellationToken) => Promise<PathResult | null | ResponseError<void>>;

export class ServerCommands {
  private canShowDocument = false;
  private offered: string[] = [];
  /** The folder the collated paths are written to, made on first use. */
  private dir?: string;

  constructor(
    private readonly connection: Connection,
    private readonly pathOf: PathOf,
  ) {}

  /** The `executeCommandProvider` capability: the commands the client does not run itself. */
  initialize(params: InitializeParams): ExecuteCommandOptions | undefined {
    const options = params.initializationOptions as InitializationOptions | undefined;
    const own = Array.isArray(options?.clientCommands) ? options.clientCommands : [];
    this.canShowDocument = params.capabilities.window?.showDocument?.support === true;
    this.offered = [SHOW_PATH_COMMAND].filter((c) => !own.includes(c));
    return this.offered.length ? { commands: this.offered } : undefined;
  }

  async execute(p: ExecuteCommandParams, token: CancellationToken): Promise<PathResult | null | ResponseError<void>> {
    if (!this.offered.includes(p.command)) return new ResponseError(ErrorCodes.InvalidParams, l10n.t('Zimbra Logs: no command {0}', JSON.stringify(p.command)));
    const arg: unknown = p.arguments?.[0];
    if (!isObject(arg) || typeof arg.uri !== 'string' || typeof arg.line !== 'number') return new ResponseError(ErrorCodes.InvalidParams, l10n.t('Zimbra Logs: expected the argument {0}', '{ uri, line }'));
    const r = await this.pathOf({ uri: arg.uri, line: arg.line }, token);
    if (r && !(r instanceof ResponseError)) await this.show(r);
    return r;
  }

  private async show(r: PathResult): Promise<void> {
    if (this.canShowDocument) {
      try {
        const shown = await this.connection.window.showDocument({ uri: pathToFileURL(this.write(r)).href, takeFocus: true });
        if (shown.success) return;
      } catch (e) {
        this.connection.console.error(`showing the path failed: ${(e as Error)?.message ?? e}`);
      }
    }
    // A notification (window.showInformationMessage would be a request, which not every client answers).
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: plain(r.summary) });
  }

  /** The collated path in a file of its own (private to the user), named for its first queue ID. */
  private write(r: PathResult): string {
    this.dir ??= fs.mkdtempSync(nodePath.join(os.tmpdir(), 'zimbra-logs-paths-'));
    const name = `path-${(r.queueIds[0] ?? 'message').replace(/[^A-Za-z0-9]/g, '_').slice(0, 40)}.txt`;
    const file = nodePath.join(this.dir, name);
    fs.writeFileSync(file, r.text, { mode: 0o600 });
    return file;
  }
}
