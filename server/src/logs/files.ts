// Which files make a set of logs: the Zimbra and Postfix logs of a folder, and their rotations
// grouped into timelines (zimbra.log.2.gz, zimbra.log.1, zimbra.log: oldest first).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `name.N`, `name.N.gz`, `name-YYYYMMDD[.gz]`, `name.YYYY-MM-DD[.gz]`, `name.gz`. */
const ROTATED = /^(.*?)(?:\.(\d{1,3})|-(\d{8})|\.(\d{4}-\d\d-\d\d))?(?:\.gz)?$/;

/** The timeline a file belongs to and its place in it (smaller is older). */
export function rotation(file: string): { group: string; order: [number, number] } {
  const dir = path.dirname(file);
  const m = ROTATED.exec(path.basename(file))!;
  const base = path.join(dir, m[1]);
  if (m[3] || m[4]) return { group: base, order: [0, Number((m[3] ?? m[4]).replace(/-/g, ''))] };
  if (m[2]) return { group: base, order: [1, -Number(m[2])] };
  return { group: base, order: [2, 0] };
}

/** The files grouped into timelines, each oldest first. */
export function timelines(files: readonly string[]): string[][] {
  const groups = new Map<string, { file: string; order: [number, number] }[]>();
  for (const f of files) {
    const r = rotation(f);
    const g = groups.get(r.group);
    if (g) g.push({ file: f, order: r.order });
    else groups.set(r.group, [{ file: f, order: r.order }]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]).map((x) => x.file));
}

/** The mailbox server's logs (log4j: mailbox.log, audit.log, sync.log), by name. */
export const isMailboxLog = (f: string) => /mailbox|audit|(?:^|[.-])sync\.log/.test(path.basename(f));

/**
 * The timelines of the account report's reading order: the mailbox server's logs first (so that
 * webmail Message-IDs are known when the MTA's lines come), then each MTA timeline.
 */
export function accountOrder(files: readonly string[]): string[][] {
  return [...timelines(files.filter(isMailboxLog)), ...timelines(files.filter((f) => !isMailboxLog(f)))];
}

/** Names of Zimbra and Postfix logs, after the rotation suffix. */
const LOG_NAME = /(?:^|[.-])(?:zimbra\.log|maillog|mail\.log|mail\.info|mail\.warn|mail\.err|mailbox\.log)$/;
const SKIP_DIR = new Set(['node_modules', '.git', '.vscode']);

/** The Zimbra/Postfix logs under `dir` (a few levels deep), as absolute paths; `names` tests the name without its rotation suffix. */
export function findLogs(dir: string, names: RegExp = LOG_NAME, depth = 3): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (depth > 0 && !e.name.startsWith('.') && !SKIP_DIR.has(e.name)) out.push(...findLogs(full, names, depth - 1));
    } else if (e.isFile()) {
      const base = ROTATED.exec(e.name)![1];
      if (names.test(base)) out.push(full);
    }
  }
  return out.sort();
}
