// Where the server gets its settings, the one place: pulled with `workspace/configuration` for
// the document's scope when the client answers it; else the last `workspace/didChangeConfiguration`
// push (`settings.zimbraLogs`), else `initializationOptions.settings`, else the defaults. Pulled
// values missing or invalid take the pushed (or initial) ones. A value that is ignored is said
// once in the client's log.
import { Connection, DidChangeConfigurationNotification, DidChangeConfigurationParams, InitializeParams } from 'vscode-languageserver/node';
import type { InitializationOptions } from '../../../common/protocol';
import { defaultSettings, isObject, parseSettings, Settings } from './settings';

export const SECTION = 'zimbraLogs';

/** The `zimbraLogs` object of a settings tree: `{ zimbraLogs: {...} }`, or that object itself. */
function section(v: unknown): unknown {
  return isObject(v) && SECTION in v ? v[SECTION] : v;
}

export class ClientSettings {
  private canPull = false;
  private canRegister = false;
  /** The settings pushed last (or given at initialize): the pulled ones' fallback. */
  private pushed: Settings = defaultSettings;
  private readonly said = new Set<string>();

  constructor(private readonly connection: Connection) {}

  /** Reads the client's capabilities and the settings of its initialization options. */
  initialize(params: InitializeParams): void {
    const workspace = params.capabilities.workspace;
    this.canPull = !!workspace?.configuration;
    this.canRegister = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const options = params.initializationOptions as (InitializationOptions & Record<string, unknown>) | undefined;
    // `settings` as documented; a client (Helix) handing its whole configuration has `zimbraLogs` at the top.
    const given = options?.settings ?? (isObject(options) && SECTION in options ? options : undefined);
    if (given !== undefined) this.pushed = this.parse(section(given), defaultSettings);
  }

  /** After `initialized`: asks for the section's changes, only from a client that registers dynamically. */
  initialized(): void {
    if (this.canRegister) void this.connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
  }

  /** A push: its `zimbraLogs` object replaces the settings pushed before; one without it (VS Code's `null` when it pulls) keeps them. */
  changed(params: DidChangeConfigurationParams): void {
    const settings: unknown = params?.settings;
    if (isObject(settings) && SECTION in settings) this.pushed = this.parse(settings[SECTION], defaultSettings);
  }

  /** The settings for a document (or folder) URI. */
  async for(uri: string): Promise<Settings> {
    if (!this.canPull) return this.pushed;
    try {
      const pulled: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION });
      return isObject(pulled) ? this.parse(pulled, this.pushed) : this.pushed;
    } catch {
      return this.pushed;
    }
  }

  private parse(raw: unknown, fallback: Settings): Settings {
    const ignored: string[] = [];
    const s = parseSettings(raw, fallback, ignored);
    for (const m of ignored) {
      if (this.said.has(m)) continue;
      this.said.add(m);
      this.connection.console.warn(`Zimbra Logs: ${m}`);
    }
    return s;
  }
}
