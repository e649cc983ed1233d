// `zimbra-logs redact FILE...`: the logs with e-mail addresses, IP addresses, host and domain names
// and account names replaced by pseudonyms, consistent across every file given: the editor's
// "Redact" command's text (engine/investigate/redact.ts, one Redactor for the whole run), streamed.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Redactor } from '../engine/investigate/redact';
import { Events } from '../engine/investigate/redactFind';
import { CliError } from './errors';
import type { FromWorker, ToWorker } from './redactWorker';
import { ByteOut } from '../engine/byteOut';
import { visibleLines } from '../engine/visible';
import { parseArgs } from './args';
import { found, write } from './investigateCommon';

export const redactHelp = `Usage: zimbra-logs redact [FILE...]

Prints the logs (any Zimbra or Postfix log; plain, gzip or an archive; "-" or no FILE
reads standard input) with e-mail addresses (Message-IDs' too), IPv4 and IPv6 addresses
(not 127.x), host and domain names, syslog host names and account names replaced by
pseudonyms: user7@domain2.example, 198.18.0.3, 2001:db8::4, domain5.example, host1,
account2. One value gets the same pseudonym everywhere, in every file given, so the
story stays readable: the text the editor's "Redact" command makes. Files follow one
another in the order given. On a terminal, control characters show as U+FFFD.

Exit status: 0 when something was replaced, 1 when nothing was, 2 on a usage or input error.
`;

const AREA = 8 << 20;

/** dist/cli/redactWorker.js, beside this bundle. */
const WORKER = path.join(__dirname, 'redactWorker.js');

export async function redactCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {});
  const files = args.positional.length ? args.positional : ['-'];
  const r = new Redactor();
  // A worker reads and finds the runs to redact (redactWorker.ts) while this thread replaces them
  // in the block before and writes: two cores at work (bench/investigate.mjs).
  const stdin = files.includes('-');
  const worker = new Worker(WORKER, { workerData: { files }, stdin });
  // A worker's standard input is what this thread gives it.
  if (stdin && worker.stdin) process.stdin.pipe(worker.stdin);
  const inbox = new Inbox<FromWorker>();
  worker.on('message', (m: FromWorker) => inbox.put(m));
  worker.on('error', (e) => inbox.put({ error: e.message, usage: false }));
  // Two outputs: one block is redacted into one while the other is being written.
  const outs = [new ByteOut(AREA), new ByteOut(AREA)];
  const written: (Promise<void> | undefined)[] = [undefined, undefined];
  const events = new Events();
  const tty = process.stdout.isTTY === true;
  let replaced = 0;
  try {
    for (let n = 0; ; n++) {
      const m = await inbox.take();
      if (m.done) break;
      if (m.error !== undefined) throw m.usage ? new CliError(m.error) : new Error(m.error);
      const k = n & 1;
      await written[k];
      outs[k].clear();
      events.list = new Int32Array(m.events);
      events.count = m.count;
      replaced += r.apply(new Uint8Array(m.bytes), 0, m.length, events, outs[k]);
      worker.postMessage({ bytes: m.bytes, events: m.events } satisfies ToWorker, [m.bytes, m.events]);
      written[k] = tty ? write(visibleLines(Buffer.from(outs[k].view()).toString())) : writeBytes(outs[k].view());
    }
    await Promise.all(written);
  } finally {
    await worker.terminate();
  }
  return found(replaced);
}

/** Messages in the order they came, each taken once. */
class Inbox<T> {
  private readonly queue: T[] = [];
  private wake: (() => void) | undefined;

  put(m: T): void {
    this.queue.push(m);
    this.wake?.();
  }

  async take(): Promise<T> {
    while (!this.queue.length) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.queue.shift()!;
  }
}

/** Writes `b`; settles once it is written (until then `b` must not change). */
function writeBytes(b: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(b, (e) => (e ? reject(e) : resolve())));
}
