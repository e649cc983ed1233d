// A large plain file is indexed in parts, one worker thread each, and the parts' indexes are joined
// in order: the machine's cores share the pass, and the thread that asked (the language server's,
// answering requests meanwhile) does none of it.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { StreamIndex, StreamIndexData } from '../engine/index/streamIndex';
import { indexRangeInTurns } from './indexRange';
import { workerScript } from '../io/threads';
import type { KeyBucketsData } from '../engine/index/buckets';
import { BUCKETED, lookupOf } from '../engine/index/lookup';

/** Below this a file is indexed in one part. */
const MIN_PART = 32 << 20;


/** Idle workers, kept for the next part (unreferenced: they do not keep the process alive). */
const idle: Worker[] = [];
let nextJob = 0;
/** Parts running, and parts waiting for a core. */
let running = 0;
const waiting: (() => void)[] = [];
const CORES = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));

/** Runs `job` when fewer parts than cores are running. */
async function onACore<T>(job: () => Promise<T>): Promise<T> {
  if (running >= CORES) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** A part's index, and the buckets of its posting lists (BUCKETED's order), built in the worker too. */
interface IndexedPart {
  index: StreamIndex;
  buckets: KeyBucketsData[];
}

function inWorker(script: string, file: string, from: number, to: number): Promise<IndexedPart> {
  return onACore(() => inWorkerNow(script, file, from, to));
}

function inWorkerNow(script: string, file: string, from: number, to: number): Promise<IndexedPart> {
  return new Promise((resolve, reject) => {
    const w = idle.pop() ?? new Worker(script);
    w.ref();
    const id = ++nextJob;
    const done = (m: { id: number; data?: StreamIndexData; buckets?: KeyBucketsData[]; error?: { message: string; code?: string } }) => {
      if (m.id !== id) return;
      w.off('message', done);
      w.off('error', failed);
      w.unref();
      idle.push(w);
      if (m.data) resolve({ index: StreamIndex.fromData(m.data), buckets: m.buckets ?? [] });
      else reject(Object.assign(new Error(m.error?.message ?? 'worker failed'), { code: m.error?.code }));
    };
    const failed = (e: Error) => {
      w.off('message', done);
      void w.terminate();
      reject(e);
    };
    w.on('message', done);
    w.once('error', failed);
    w.postMessage({ id, path: file, from, to });
  });
}

/**
 * The index of a plain file of `size` bytes, in parts (of `minPart` bytes at least) on the
 * available cores when it is large; with `offThread`, in a worker even when it is one part (this
 * thread has other work meanwhile).
 */
export async function indexPlainFile(file: string, size: number, { offThread = false, minPart = MIN_PART } = {}): Promise<StreamIndex> {
  const parts = Math.max(offThread ? 1 : 0, Math.min(CORES, Math.floor(size / minPart)));
  const script = parts > 1 || offThread ? workerScript('indexWorker.js') : undefined;
  if (!script) return indexRangeInTurns(file, 0, Infinity);
  const bounds = Array.from({ length: parts + 1 }, (_, i) => (i === parts ? Infinity : Math.floor((size * i) / parts)));
  const indexed = await Promise.all(bounds.slice(0, -1).map((from, i) => inWorker(script, file, from, bounds[i + 1])));
  const whole = indexed[0].index;
  // Each part's buckets start where its postings land in the joined lists.
  const starts = indexed.map((part, i) => {
    if (i === 0) return BUCKETED.map(() => 0);
    const at = BUCKETED.map((list) => whole[list].length);
    whole.append(part.index);
    return at;
  });
  const lookup = lookupOf(whole);
  indexed.forEach((part, i) => part.buckets.forEach((b, j) => lookup.adopt(BUCKETED[j], starts[i][j], b)));
  return whole;
}
