// The language server's investigation requests: registered by server.ts with one call. Failures
// are logged and answered with an error the client shows; a cancelled request stops.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationToken, Connection, LSPErrorCodes, ResponseError, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { redact } from '../engine/investigate/redact';
import type { SecurityScan } from '../engine/investigate/security';
import { failedLoginsDocument, securityScan } from '../features/investigate/failedLogins';
import { logRestartsDocument } from '../features/investigate/restarts';
import { AccountReportRequest, ActivityRequest, ResultPartRequest, DeliveryProblemsRequest, FailedLoginsRequest, MailboxChangesRequest, RedactRequest, RestartsRequest } from '../../../common/investigateProtocol';
import { deliveryProblems } from './deliveryProblems';
import { folderAccountReport, folderActivity, folderFailedLogins, folderMailboxChanges, folderRestarts, mailboxTimelines } from './investigateFiles';
import type { LogViews } from './workspace';
import { parseSettings, Settings } from './settings';
import { ResultParts } from './resultParts';

function toPath(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : path.isAbsolute(uri) ? uri : undefined;
  } catch {
    return undefined;
  }
}

/** The folder a request is about: `folder`, else the directory of the log `uri`. */
function folderOf(p: { folder?: string; uri?: string }): string | undefined {
  return toPath(p.folder) ?? (toPath(p.uri) ? path.dirname(toPath(p.uri)!) : undefined);
}

const baseName = (uri: string) => decodeURIComponent(uri.split(/[\/\\]/).pop() || uri);

export function registerInvestigations(connection: Connection, documents: TextDocuments<TextDocument>, views: LogViews, settingsFor: (uri: string) => Promise<Settings>): void {
  /** The settings of the request's log (or folder), overridden by the values the request gives (invalid ones ignored). */
  const settingsOf = async (p: { folder?: string; uri?: string }, given: Partial<Record<keyof Settings, unknown>>): Promise<Settings> => {
    const folder = toPath(p.folder);
    const scope = p.uri ?? (folder ? pathToFileURL(folder).toString() : undefined);
    return parseSettings(given, scope ? await settingsFor(scope) : undefined);
  };
  const fail = (name: string, e: unknown) => {
    if ((e as Error)?.message === 'cancelled') return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    connection.console.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
    return new ResponseError(-32603, `Zimbra Logs: ${(e as Error)?.message ?? e}`);
  };
  /** A handler whose exception answers as an error (logged), the server serving on. */
  const guarded =
    <P, R>(name: string, handler: (p: P, token: CancellationToken) => R | Promise<R>) =>
    async (p: P, token: CancellationToken): Promise<R | ResponseError> => {
      try {
        return await handler(p, token);
      } catch (e) {
        return fail(name, e);
      }
    };

  /** Large answers asked in parts. */
  const parts = new ResultParts();
  connection.onRequest(ActivityRequest, guarded('activity', async (p, token) => {
    const folder = folderOf(p);
    if (!folder) throw new Error('account activity needs a folder (open a folder or a log file)');
    return parts.split(await folderActivity(folder, p, () => token.isCancellationRequested), p.parts);
  }));
  connection.onRequest(ResultPartRequest, (p) => parts.part(p?.id, p?.part));

  connection.onRequest(MailboxChangesRequest, guarded('mailboxChanges', async (p, token) => {
    const folder = folderOf(p);
    if (!folder) throw new Error('mailbox changes need a folder (open a folder or a log file)');
    return await folderMailboxChanges(folder, p, () => token.isCancellationRequested);
  }));

  connection.onRequest(AccountReportRequest, guarded('accountReport', async (p) => {
    const folder = folderOf(p);
    if (!folder) throw new Error('the account report needs a folder (open a folder or a log file)');
    return await folderAccountReport(folder, (await settingsOf(p, { accounts: p.thresholds })).accounts);
  }));

  connection.onRequest(FailedLoginsRequest, guarded('failedLogins', async (p) => {
    const settings = (await settingsOf(p, { security: { burstCount: p.burstCount, burstMinutes: p.burstMinutes } })).security;
    const doc = p.uri ? documents.get(p.uri) : undefined;
    if (!p.folder && doc) {
      const view = views.get(doc);
      const scan: SecurityScan = securityScan(view);
      return failedLoginsDocument(scan, [{ label: baseName(doc.uri), uri: doc.uri }], settings, baseName(doc.uri));
    }
    const folder = folderOf(p);
    if (!folder) throw new Error('failed logins need a folder or an open audit.log');
    return await folderFailedLogins(folder, settings);
  }));

  connection.onRequest(RestartsRequest, guarded('restarts', async (p, token) => {
    const keep = Number(p.keep) >= 1 ? Math.floor(Number(p.keep)) : 5;
    // The folder's mailbox.log files, when the log is one of them (or none is given); else the open log alone.
    const folder = toPath(p.folder);
    const log = toPath(p.uri);
    if (folder && (!p.uri || (log && mailboxTimelines(folder).flat().includes(path.resolve(log))))) return await folderRestarts(folder, keep, () => token.isCancellationRequested);
    const doc = p.uri ? documents.get(p.uri) : undefined;
    if (!doc) return new ResponseError(-32602, `Zimbra Logs: ${p.uri ?? 'no log'} is not open`);
    return logRestartsDocument(views.get(doc), baseName(doc.uri), keep);
  }));

  connection.onRequest(DeliveryProblemsRequest, guarded('deliveryProblems', async (p, token) => {
    const folder = toPath(p.folder);
    const log = toPath(p.uri);
    if (!folder && !log) throw new Error('delivery problems need a folder or a log file');
    return await deliveryProblems(folder, folder ? undefined : log, () => token.isCancellationRequested);
  }));

  connection.onRequest(RedactRequest, guarded('redact', (p) => redact(String(p.text ?? ''))));
}
