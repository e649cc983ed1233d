// Worker threads: where their scripts are, and whether a second thread would have a core to
// itself (the CLI's work in two threads, redact's search and the timeline's account report, costs
// more CPU in all than in one, and is faster only for large inputs and when a core is free; on a
// machine whose cores are all busy, measured, it was slower).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** dist/NAME (a worker's script), beside the bundle that runs (dist/, dist/cli/, or out/test/... after a build). */
export function workerScript(name: string): string | undefined {
  for (const p of [path.join(__dirname, name), path.join(__dirname, '..', name), path.join(__dirname, '..', '..', '..', 'dist', name)]) {
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** Whether the machine's cores are not all busy on average (the load average of the last minute). */
export function aCoreIsFree(): boolean {
  return os.loadavg()[0] < (os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Whether `files` (standard input, `-`, and files that cannot be read count nothing: their read
 * says why) hold `minBytes` or more on disk, and a core is free for a second thread.
 */
export function worthASecondThread(files: readonly string[], minBytes: number): boolean {
  const size = files.reduce((t, f) => t + (f === '-' ? 0 : (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0)), 0);
  return size >= minBytes && aCoreIsFree();
}
