// Runs disk/openWorker.ts for a document opened from disk: its quick diagnostics, a promise
// (undefined when the worker failed or was stopped).
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { workerScript } from '../logs/indexParts';
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

/** Undefined when there is no worker script (the caller does the work itself). */
export function openInWorker(job: OpenJob): WorkerOpen | undefined {
  const script = workerScript('openWorker.js');
  if (!script) return undefined;
  const w = new Worker(script);
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
