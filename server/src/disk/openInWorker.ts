// Runs disk/openWorker.ts for a document opened from disk: its quick diagnostics, then its stream
// index, each a promise (undefined when the worker failed or was stopped).
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import { StreamIndex, StreamIndexData } from '../engine/index/streamIndex';
import { workerScript } from '../logs/indexParts';
import type { OpenJob } from './openWorker';

export interface WorkerOpen {
  diagnostics: Promise<Diagnostic[] | undefined>;
  index: Promise<StreamIndex | undefined>;
  stop(): void;
}

/** Undefined when there is no worker script (the caller does the work itself). */
export function openInWorker(job: OpenJob): WorkerOpen | undefined {
  const script = workerScript('openWorker.js');
  if (!script) return undefined;
  const w = new Worker(script);
  let diagnosed!: (d: Diagnostic[] | undefined) => void;
  let indexed!: (ix: StreamIndex | undefined) => void;
  const diagnostics = new Promise<Diagnostic[] | undefined>((r) => (diagnosed = r));
  const index = new Promise<StreamIndex | undefined>((r) => (indexed = r));
  const end = () => {
    diagnosed(undefined);
    indexed(undefined);
    void w.terminate();
  };
  w.on('message', (m: { diagnostics?: Diagnostic[]; index?: StreamIndexData; error?: string }) => {
    if (m.diagnostics) diagnosed(m.diagnostics);
    else if (m.index) indexed(StreamIndex.fromData(m.index));
    if (!m.diagnostics) end();
  });
  w.once('error', end);
  w.once('exit', end);
  w.postMessage(job);
  return { diagnostics, index, stop: end };
}
