// Worker thread entry (dist/flaggedWorker.js): the flagged accounts of the files the CLI's
// `timeline` reads (flaggedInWorker.ts). It reads each file as the main thread names it and feeds
// its lines to the account report with the calls the main thread's parse recorded at them
// (AccountEventReplay), never ahead of them; posts the flagged accounts, or the error that stopped it.
import { parentPort, workerData } from 'node:worker_threads';
import { AccountEventReplay } from '../engine/investigate/accountEvents';
import { defaultReportThresholds } from '../engine/investigate/accountFigures';
import { flaggedOf } from '../engine/timeline/flagged';
import { find } from '../disk/investigateScan';
import { areaBlocks, Block } from '../io/blocks';
import { setLanguage } from '../l10n/locale';
import type { FlaggedAnswer, FlaggedJob, FlaggedMessage } from './flaggedInWorker';

const port = parentPort!;
const job = workerData as FlaggedJob;
const queue: FlaggedMessage[] = [];
let wake: (() => void) | undefined;
port.on('message', (m: FlaggedMessage) => {
  queue.push(m);
  wake?.();
});

async function nextMessage(): Promise<FlaggedMessage> {
  while (!queue.length) await new Promise<void>((r) => (wake = r));
  wake = undefined;
  return queue.shift()!;
}

const replay = new AccountEventReplay(find);
const area = { buf: Buffer.allocUnsafe(4 << 20), start: 0, size: 4 << 20 };
/** The current file's blocks, the block at hand and where its next line starts. */
let blocks: AsyncIterator<Block> | undefined;
let block: Block | undefined;
let at = 0;

/** Feeds the current file's lines whose calls are here. */
async function feed(): Promise<void> {
  while (blocks && replay.ready) {
    if (!block || at >= block.end) {
      const r = await blocks.next();
      if (r.done) {
        blocks = undefined;
        break;
      }
      block = r.value;
      at = block.start;
    }
    at = replay.pushLines(block.buf, at, block.end);
  }
}

/** Feeds the rest of the current file (its calls are all here), then closes it. */
async function endFile(): Promise<void> {
  await feed();
  await blocks?.return?.();
  blocks = undefined;
  block = undefined;
}

async function run(): Promise<FlaggedAnswer> {
  setLanguage(job.locale);
  for (;;) {
    const m = await nextMessage();
    if (m.kind === 'done') {
      await endFile();
      return { flagged: flaggedOf(replay.accounts.report.flagged(job.accounts ?? defaultReportThresholds)) };
    }
    if (m.kind === 'file') {
      await endFile();
      blocks = areaBlocks(job.files[m.file], area)[Symbol.asyncIterator]();
    }
    replay.take(m);
    await feed();
  }
}

run().then(
  (answer) => port.postMessage(answer),
  (e: unknown) => port.postMessage({ error: String((e as Error)?.message ?? e) } satisfies FlaggedAnswer),
);
