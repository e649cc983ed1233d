// Worker thread entry (dist/indexWorker.js): indexes a byte range of a plain file and hands the
// index back, its typed arrays transferred (not copied).
import { parentPort } from 'node:worker_threads';
import { indexRange } from './indexRange';
import { dataBuffers } from '../engine/index/streamIndex';

parentPort?.on('message', (job: { id: number; path: string; from: number; to: number }) => {
  try {
    const data = indexRange(job.path, job.from, job.to).toData();
    parentPort!.postMessage({ id: job.id, data }, dataBuffers(data));
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: { message: String((e as Error)?.message ?? e), code: (e as NodeJS.ErrnoException)?.code } });
  }
});
