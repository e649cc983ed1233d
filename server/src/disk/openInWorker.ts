// Runs disk/openWorker.ts for a document opened from disk: its quick diagnostics, then its stream
// index, each a promise (undefined when the worker failed or was stopped).
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { StreamIndex, StreamIndexData } from '../engine/index/streamIndex';
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
  index: Promise<StreamIndex | undefined>;
  stop(): void;
}

/** Undefined when there is no worker script (the caller does the work itself). */
export function openInWorker(job: OpenJob): WorkerOpen | undefined {
  const script = workerScript('openWorker.js');
  if (!script) return undefined;
  const w = new Worker(script);
  let diagnosed!: (d: WorkerDiagnostics | undefined) => void;
  let indexed!: (ix: StreamIndex | undefined) => void;
  const diagnostics = new Promise<WorkerDiagnostics | undefined>((r) => (diagnosed = r));
  const index = new Promise<StreamIndex | undefined>((r) => (indexed = r));
  const end = () => {
    diagnosed(undefined);
    indexed(undefined);
    void w.terminate();
  };
  w.on('message', (m: { diagnostics?: Diagnostic[]; fingerprint?: TextFingerprint; index?: StreamIndexData; error?: string }) => {
    if (m.diagnostics) diagnosed({ diagnostics: m.diagnostics, fingerprint: m.fingerprint });
    else if (m.index) indexed(StreamIndex.fromData(m.index));
    if (!m.diagnostics) end();
  });
  w.once('error', end);
  w.once('exit', end);
  w.postMessage(job);
  return { diagnostics, index, stop: end };
}
