// Whether a second thread would have a core to itself: the CLI's work in two threads (redact's
// search, the timeline's account report) costs more CPU in all than in one, and is faster only
// when a core is free; on a machine whose cores are all busy, measured, it was slower.
import * as os from 'node:os';

/** Whether the machine's cores are not all busy on average (the load average of the last minute). */
export function aCoreIsFree(): boolean {
  return os.loadavg()[0] < (os.availableParallelism?.() ?? os.cpus().length);
}
