// The server's temporary files (decompressed copies of compressed logs, Collate File outputs), all
// in one folder of its own, made with mkdtemp on first use: each file in a numbered folder inside it.
// Only what is inside that folder is ever deleted; the whole folder goes when the process exits.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let own: string | undefined;
let made = 0;

function folder(): string {
  if (!own) {
    own = fs.mkdtempSync(path.join(os.tmpdir(), `zimbra-logs-${process.pid}-`));
    process.once('exit', removeAllTemporary);
  }
  return own;
}

/** The folder, once something was made in it. */
export function temporaryFolder(): string | undefined {
  return own;
}

/** A new file path in the folder, named after `name` (its last part; '', '.' and '..' become "log"). */
export function temporaryFile(name: string): string {
  const base = path.basename(name.replace(/\0/g, ''));
  const dir = path.join(folder(), String(++made));
  fs.mkdirSync(dir);
  return path.join(dir, base === '' || base === '.' || base === '..' ? 'log' : base);
}

/** The numbered folder of `file` when it is one of ours, else undefined. */
function ownFolder(file: string): string | undefined {
  if (!own) return undefined;
  const rel = path.relative(own, path.resolve(file));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return path.join(own, rel.split(path.sep)[0]);
}

/** Whether `file` was made by temporaryFile (and not removed since). */
export function isTemporary(file: string): boolean {
  const dir = ownFolder(file);
  return dir !== undefined && fs.existsSync(dir);
}

/** Deletes `file` (with its numbered folder) if temporaryFile made it; anything else is left alone. */
export function removeTemporary(file: string): void {
  const dir = ownFolder(file);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Deletes the whole folder (when the server stops). */
export function removeAllTemporary(): void {
  if (own) fs.rmSync(own, { recursive: true, force: true });
  own = undefined;
}
