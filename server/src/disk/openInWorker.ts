// Runs disk/openWorker.ts for a document opened from disk: its quick diagnostics, a promise
// (undefined when the worker failed or was stopped). A worker is kept ready when the client opens
// documents that way: starting one (its bundle loaded and compiled) took 200 ms of the 300 ms
// between a 50 MB log's open and its diagnostics.
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { workerScript } from '../io/threads';
import type { OpenJob } from './openWorker';
import type { TextFingerprint } from '../../../common/textFingerprint';

export interface WorkerDiagnostics {
  diagnostics: Diagnostic[];
  /** The file's text's, when it is ASCII (else the server's own read checks the text). */
  fingerprint?: TextFingerprint;
}

export interface WorkerOpen {
  diagnostics: Promise<WorkerDiagnostics | undefined>;
  stop(): void;
}

/** A worker started ahead of its job (it does not keep the process alive). */
let ready: Worker | undefined;
/** A worker is made ready this long after the last one was taken (not while the open it serves still runs). */
const READY_AFTER_MS = 5000;

/** Starts a worker for the next document opened from disk, if none is ready. */
export function keepWorkerReady(): void {
  const script = workerScript('openWorker.js');
  if (ready || !script) return;
  const w = (ready = new Worker(script));
  w.unref();
  w.once('error', () => {
    if (ready === w) ready = undefined;
  });
}

/** Undefined when there is no worker script (the caller does the work itself). */
export function openInWorker(job: OpenJob): WorkerOpen | undefined {
  const script = workerScript('openWorker.js');
  if (!script) return undefined;
  const w = ready ?? new Worker(script);
  if (ready) {
    ready = undefined;
    setTimeout(keepWorkerReady, READY_AFTER_MS).unref();
  }
  let diagnosed!: (d: WorkerDiagnostics | undefined) => void;
  const diagnostics = new Promise<WorkerDiagnostics | undefined>((r) => (diagnosed = r));
  const end = () => {
    diagnosed(undefined);
    void w.terminate();
  };
  w.on('message', (m: { diagnostics?: Diagnostic[]; fingerprint?: TextFingerprint; error?: string }) => {
    if (m.diagnostics) diagnosed({ diagnostics: m.diagnostics, fingerprint: m.fingerprint });
    end();
  });
  w.once('error', end);
  w.once('exit', end);
  w.postMessage(job);
  return { diagnostics, stop: end };
}
