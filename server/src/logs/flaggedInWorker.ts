// The flagged accounts of a timeline made in a worker thread (flaggedWorker.ts): the account
// report is a third of the timeline's work. This thread's TimelineScan records what its parse
// tells the report (an AccountEventLog), and the worker replays it at the same lines, which it
// reads itself (engine/investigate/accountEvents.ts). The CLI's `timeline` of large files uses
// it, when the worker's bundle is there.
import { Worker } from 'node:worker_threads';
import type { ReportThresholds } from '../engine/investigate/accountFigures';
import { AccountEvent, AccountEventLog } from '../engine/investigate/accountEvents';
import type { TimelineFlag } from '../engine/timeline/types';
import { workerScript } from '../io/threads';
import { l10n } from '../engine/l10n';

export interface FlaggedJob {
  /** The files the timeline reads (the events name them by index). */
  files: readonly string[];
  accounts?: ReportThresholds;
  /** The language of the reasons (l10n.locale). */
  locale: string;
}

/** What the worker is sent: the log's events, then `done`. */
export type FlaggedMessage = AccountEvent | { kind: 'done' };
/** What it answers. */
export type FlaggedAnswer = { flagged: TimelineFlag[] } | { error: string };

export interface FlaggedWork {
  /** What the timeline's scan tells its account report (TimelineOptions.accountFeed). */
  feed: AccountEventLog;
  /** Once every line was fed: the flagged accounts (rejects with the worker's error). */
  flagged(): Promise<TimelineFlag[]>;
  stop(): void;
}

/** A worker for the flagged accounts of `job.files`; undefined when there is no worker bundle. */
export function flaggedInWorker(job: FlaggedJob): FlaggedWork | undefined {
  const script = workerScript('flaggedWorker.js');
  if (!script) return undefined;
  // A young generation large enough that a hit's garbage dies there (the default's scavenges took a tenth of the worker's time).
  const w = new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  const post = (m: FlaggedMessage) => w.postMessage(m);
  const feed = new AccountEventLog(post);
  let settled = false;
  let stop!: () => void;
  const answer = new Promise<TimelineFlag[]>((resolve, reject) => {
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void w.terminate();
    };
    stop = () => settle(() => reject(new Error('stopped')));
    w.on('message', (m: FlaggedAnswer) => settle(() => ('flagged' in m ? resolve(m.flagged) : reject(new Error(m.error)))));
    w.once('error', (e) => settle(() => reject(e)));
    w.once('exit', (code) => settle(() => reject(new Error(l10n.t('the worker thread of the flagged accounts stopped (exit code {0})', code)))));
  });
  // (Not left unhandled while this thread reads: its own errors come first, naming the file.)
  answer.catch(() => undefined);
  return {
    feed,
    flagged: () => {
      post({ kind: 'done' });
      return answer;
    },
    stop: () => stop(),
  };
}
