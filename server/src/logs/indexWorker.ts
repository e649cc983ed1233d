// Worker thread entry (dist/indexWorker.js): indexes a byte range of a plain file and hands the
// index back with its lookup's buckets, their typed arrays transferred (not copied).
import { parentPort } from 'node:worker_threads';
import { indexRange } from './indexRange';
import { bucketKeys } from '../engine/index/buckets';
import { BUCKETED } from '../engine/index/lookup';
import { dataBuffers } from '../engine/index/streamIndex';

parentPort?.on('message', (job: { id: number; path: string; from: number; to: number }) => {
  try {
    const index = indexRange(job.path, job.from, job.to);
    // The lookup's buckets too, here rather than in the thread that joins the parts.
    const buckets = BUCKETED.map((list) => bucketKeys(index[list].hashes));
    const data = index.toData();
    parentPort!.postMessage({ id: job.id, data, buckets }, [...dataBuffers(data), ...buckets.flatMap((b) => [b.positions.buffer, b.starts.buffer] as ArrayBuffer[])]);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: { message: String((e as Error)?.message ?? e), code: (e as NodeJS.ErrnoException)?.code } });
  }
});
