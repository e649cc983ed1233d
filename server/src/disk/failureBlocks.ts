// A log read for its failed deliveries (cli/failures.ts, lsp/deliveryProblems.ts): its blocks of
// whole lines handed to the engine's FailureScan, each member of a tar archive a file of its own
// (its lines numbered from its own start, as the editor opens it).
import { FailureScan } from '../engine/causes/failureScan';
import type { LineBlock } from '../io/read';

/**
 * Feeds `blocks` to `scan`; `begin(member)` names a new file (member '' outside archives) and
 * returns its index, called at the first block and at each new member. `after` runs after each block.
 */
export async function scanFailureBlocks(scan: FailureScan, blocks: AsyncIterable<LineBlock>, begin: (member: string) => number, after?: () => Promise<void>): Promise<void> {
  let member: string | undefined;
  for await (const block of blocks) {
    if (block.member !== member) {
      member = block.member;
      scan.beginFile(begin(member));
    }
    const b = block.buf;
    // A Buffer view: the CLI's finder is Buffer's native search.
    scan.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length), block.start, block.end);
    if (after) await after();
  }
}
