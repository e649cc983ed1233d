// Compressed logs (`.gz`, and members of `.tar.gz`/`.tgz`/`.tar` archives) as read-only files of
// their own scheme, so that they open as text with every feature. Archives are read whole,
// within `zimbraLogs.compressed.maxSize`; a corrupt or truncated one is an error and opens nothing.
//
//   zimbra-logs-gz:/var/log/zimbra.log.2?{"archive":"/var/log/zimbra.log.2.gz"}
//   zimbra-logs-gz:/tmp/logs.tar.gz/logs/mailbox.log?{"archive":"/tmp/logs.tar.gz","member":"logs/mailbox.log"}
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { isTarName, listTar, TarError } from '../../common/tar';
import { decompressedSize } from './compressedSize';
import { COMPRESSED_SCHEME } from '../../common/compressedUri';

export const SCHEME = COMPRESSED_SCHEME;

export type { CompressedQuery } from './compressedSize';
import type { CompressedQuery } from './compressedSize';

/** Decompressed bytes allowed, from `zimbraLogs.compressed.maxSize` (MB). */
export function maxSize(): number {
  const mb = vscode.workspace.getConfiguration('zimbraLogs').get<number>('compressed.maxSize', 1024);
  return Math.max(1, mb) * 1048576;
}

export function compressedUri(archive: vscode.Uri, member?: string): vscode.Uri {
  const path = member !== undefined ? `${archive.path}/${member}` : archive.path.replace(/\.gz$/i, '') || archive.path;
  const query: CompressedQuery = { archive: archive.fsPath, member };
  return vscode.Uri.from({ scheme: SCHEME, path, query: JSON.stringify(query) });
}

/** Where a link to line `line` (0-based) of log `uri` should go: a .gz log opens decompressed, read-only. */
export function logLineTarget(uri: vscode.Uri, line: number): vscode.Uri {
  const target = uri.scheme === 'file' && /\.gz$/i.test(uri.path) && !/\.t(ar\.)?gz$/i.test(uri.path) ? compressedUri(uri) : uri;
  return target.with({ fragment: `L${line + 1}` });
}

export function compressedQuery(uri: vscode.Uri): CompressedQuery {
  return JSON.parse(uri.query) as CompressedQuery;
}

function gunzip(data: Uint8Array, limit: number): Uint8Array {
  if (!(data[0] === 0x1f && data[1] === 0x8b)) return data; // a plain .tar
  try {
    return zlib.gunzipSync(data, { maxOutputLength: limit });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || /larger than|maxOutputLength/i.test(err.message)) {
      throw new Error(`decompressed size over the limit of ${Math.round(limit / 1048576)} MB (zimbraLogs.compressed.maxSize): refused`);
    }
    if (err.code === 'Z_BUF_ERROR' || /unexpected end of file/.test(err.message)) throw new Error('truncated gzip data (unexpected end of file)');
    throw new Error(`corrupt gzip data (${err.message})`);
  }
}

/** The members of an archive (regular files), read and listed; throws a clear error on a bad one. */
export async function archiveMembers(archive: vscode.Uri): Promise<string[]> {
  const data = gunzip(await vscode.workspace.fs.readFile(archive), maxSize());
  try {
    return listTar(data).map((m) => m.entry.name);
  } catch (e) {
    throw new Error(`${archive.fsPath}: ${(e as Error).message}`);
  }
}

export class CompressedLogs implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  /** The last few decompressed files (opening a document reads it more than once). */
  private readonly cache = new Map<string, Uint8Array>();

  private async content(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    const hit = this.cache.get(key);
    if (hit) return hit;
    const q = compressedQuery(uri);
    const archive = vscode.Uri.file(q.archive);
    let data: Uint8Array;
    try {
      data = gunzip(await vscode.workspace.fs.readFile(archive), maxSize());
      if (q.member !== undefined || isTarName(q.archive)) {
        const m = listTar(data).find((x) => x.entry.name === q.member);
        if (!m) throw new Error(q.member === undefined ? 'an archive: say which member to open' : `no member ${q.member} in the archive`);
        data = data.subarray(m.offset, m.offset + m.entry.size);
      }
    } catch (e) {
      if (e instanceof vscode.FileSystemError) throw e;
      const message = `${q.archive}: ${(e as Error).message}`;
      void vscode.window.showErrorMessage(`Zimbra Logs: ${message}`);
      throw e instanceof TarError || e instanceof Error ? vscode.FileSystemError.Unavailable(message) : e;
    }
    this.cache.set(key, data);
    while (this.cache.size > 3) this.cache.delete(this.cache.keys().next().value!);
    return data;
  }

  /** The size without decompressing the file into memory (the editor asks it before it opens a file). */
  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const q = compressedQuery(uri);
    const st = await vscode.workspace.fs.stat(vscode.Uri.file(q.archive));
    const hit = this.cache.get(uri.toString());
    const size = hit ? hit.length : await decompressedSize(q).catch(async () => (await this.content(uri)).length);
    return { type: vscode.FileType.File, ctime: st.ctime, mtime: st.mtime, size, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.content(uri);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

/**
 * "Zimbra Logs: Open Compressed Log": a `.gz` opens at once; an archive first asks which member
 * (or takes `{ uri, member }`). Returns the URI opened.
 */
export async function openCompressed(arg?: vscode.Uri | string | { uri: vscode.Uri | string; member?: string }): Promise<vscode.Uri | undefined> {
  const given = typeof arg === 'string' || arg instanceof vscode.Uri ? { uri: arg } : arg;
  let archive = given?.uri ? (typeof given.uri === 'string' ? (given.uri.includes(':') && !given.uri.startsWith('/') ? vscode.Uri.parse(given.uri) : vscode.Uri.file(given.uri)) : given.uri) : undefined;
  if (!archive) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Compressed logs')]: ['gz', 'tgz', 'tar'] }, openLabel: vscode.l10n.t('Open Compressed Log') });
    archive = picked?.[0];
  }
  if (!archive) return undefined;
  let member = given?.member;
  try {
    if (member === undefined && isTarName(archive.path)) {
      const members = await archiveMembers(archive);
      if (!members.length) throw new Error(`${archive.fsPath}: no file in the archive`);
      member = members.length === 1 ? members[0] : await vscode.window.showQuickPick(members, { placeHolder: vscode.l10n.t('Which log of the archive?') });
      if (member === undefined) return undefined;
    }
    const uri = compressedUri(archive, member);
    await vscode.commands.executeCommand('vscode.open', uri, { preview: false });
    return uri;
  } catch (e) {
    void vscode.window.showErrorMessage(`Zimbra Logs: ${(e as Error).message}`);
    return undefined;
  }
}

export function registerCompressedLogs(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(SCHEME, new CompressedLogs(), { isReadonly: true, isCaseSensitive: true }),
    vscode.commands.registerCommand('zimbraLogs.openCompressed', openCompressed),
  );
}
