// The language server's long reads work in steps of a bounded size (issue 19: one expensive
// request never blocks the others for long): checked by counting, not timing. A ticker runs once
// in every turn of the event loop and notes the bytes of log handed over in steps (io/pace.ts)
// since its last run: for each expensive path (openLarge's index, Collate File, the trace index,
// the folder read for paths across files, account activity, the timeline, delivery problems) the
// most bytes between two turns stay within STEP_BYTES, and every byte of the logs went through a
// step (a path that reads without steps would show as bytes missing, one that skips the turns as
// many steps in one turn). An open document's passes (generators the server runs in slices)
// pause after at most STEP_LINES lines.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { root } from './helpers';
import { pace, turnBetweenSteps } from '../../server/src/io/pace';
import { STEP_BYTES, STEP_LINES, Steps } from '../../server/src/engine/steps';
import { DocumentPass } from '../../server/src/engine/index/documentPass';
import { collateText, formatSteps } from '../../server/src/engine/collateText';
import { DiskView } from '../../server/src/disk/diskView';
import { collateToFile } from '../../server/src/disk/collateFile';
import { indexFile } from '../../server/src/logs/indexFile';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { scanFiles } from '../../server/src/logs/timelineFiles';
import { folderActivity, investigationLogs } from '../../server/src/lsp/investigateFiles';
import { deliveryProblems } from '../../server/src/lsp/deliveryProblems';
import { removeTemporary } from '../../server/src/disk/temporary';

let dir: string;
let log: string;
let mailbox: string;
let gz: string;

before(() => {
  // As the language server runs (lsp/server.ts).
  turnBetweenSteps();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-steps-'));
  log = path.join(dir, 'zimbra.log');
  mailbox = path.join(dir, 'mailbox.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '3M', '--seed', '5', '--out', log, '--mailbox', mailbox], { stdio: 'ignore' });
  // A rotated, compressed log too: read as a stream (gunzip), not by offsets.
  gz = path.join(dir, 'zimbra.log.1.gz');
  fs.writeFileSync(gz, gzipSync(fs.readFileSync(log).subarray(0, 1 << 20)));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `work` with a ticker in every turn of the event loop: the most bytes handed over in one turn, and all of them. */
async function metered(work: () => Promise<unknown>): Promise<{ most: number; total: number; turns: number }> {
  const start = pace.bytes;
  let last = start;
  let most = 0;
  let turns = 0;
  let running = true;
  const tick = () => {
    most = Math.max(most, pace.bytes - last);
    last = pace.bytes;
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  tick();
  return { most, total: pace.bytes - start, turns };
}

const size = (...files: string[]) => files.reduce((n, f) => n + fs.statSync(f).size, 0);
const plainBytes = () => size(log) + (1 << 20);

function assertStepped(name: string, m: { most: number; total: number; turns: number }, bytes: number): void {
  const show = `${name}: ${m.total} bytes in steps (of ${bytes}), at most ${m.most} in one turn, ${m.turns} turns`;
  assert.ok(m.total >= bytes, show);
  assert.ok(m.most <= STEP_BYTES, show);
  assert.ok(m.turns >= bytes / STEP_BYTES, show);
}

test('openLarge: the disk index of a plain and of a compressed log is built in steps', async () => {
  for (const file of [log, gz]) {
    let view: DiskView | undefined;
    const m = await metered(async () => (view = await DiskView.build('file:///x', file)));
    try {
      assertStepped(`DiskView.build ${path.basename(file)}`, m, file === gz ? 1 << 20 : size(log));
      assert.ok(view!.lineCount > 1000);
    } finally {
      view?.dispose();
    }
  }
});

test('Collate File of a log from disk is made in steps', async () => {
  let out = '';
  const m = await metered(async () => (out = (await collateToFile(log, 'zimbra.log', () => false)).path));
  try {
    assertStepped('collateToFile', m, size(log));
    assert.ok(fs.statSync(out).size > size(log) / 2);
  } finally {
    removeTemporary(out);
  }
});

test('the trace index of each log, and the folder read for paths across files, are made in steps', async () => {
  const m = await metered(async () => {
    for (const f of [log, mailbox, gz]) assert.ok((await indexFile(f))[0].index.lineCount > 1000);
  });
  assertStepped('indexFile', m, size(log, mailbox) + (1 << 20));
  const w = await metered(() => readTraceSet([gz, log, mailbox]));
  assertStepped('readTraceSet', w, size(log, mailbox) + (1 << 20));
});

test('account activity, the timeline and delivery problems of a folder read it in steps', async () => {
  const files = investigationLogs(dir);
  assert.deepEqual(files.map((f) => path.basename(f)).sort(), ['mailbox.log', 'zimbra.log', 'zimbra.log.1.gz']);
  const a = await metered(() => folderActivity(dir, { folder: dir, query: 'bob@example.com' }));
  assertStepped('activity', a, plainBytes() + size(mailbox));
  const t = await metered(() => scanFiles(files));
  assertStepped('timeline', t, plainBytes() + size(mailbox));
  const d = await metered(() => deliveryProblems(dir, undefined));
  assertStepped('delivery problems', d, plainBytes());
});

/** Runs `steps` to their end: the most `progress()` grew between two pauses. */
function mostPerStep(steps: Steps<unknown>, progress: () => number): number {
  let most = 0;
  let last = progress();
  for (;;) {
    const r = steps.next();
    const now = progress();
    most = Math.max(most, now - last);
    last = now;
    if (r.done) return most;
  }
}

test("an open document's passes and its collated text pause every STEP_LINES lines at most", () => {
  const text = fs.readFileSync(log, 'utf8');
  const lines = text.split('\n').length - 1;
  const pass = new DocumentPass();
  const read = mostPerStep(pass.appendSteps(text), () => pass.lineCount);
  assert.equal(pass.lineCount, lines);
  assert.ok(read <= STEP_LINES, `first pass: ${read} lines in a step`);
  const indexed = mostPerStep(pass.indexSteps(text), () => pass.stream.lineCount);
  assert.equal(pass.stream.lineCount, lines);
  assert.ok(indexed <= STEP_LINES, `index: ${indexed} lines in a step`);
  // Collate File's text: a step ends after the transaction that reaches STEP_LINES lines.
  const ts = collateText(text);
  const longest = Math.max(...ts.map((t) => t.lines.length));
  let written = 0;
  const formatted = mostPerStep(formatSteps(ts, () => (written++, '')), () => written);
  assert.equal(written, ts.reduce((n, t) => n + t.lines.length, 0));
  assert.ok(formatted < STEP_LINES + longest, `collated text: ${formatted} lines in a step`);
});
