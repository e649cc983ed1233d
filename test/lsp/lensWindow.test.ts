// Code lenses of a large log over the protocol: a client that opts in (initializationOptions
// { visibleRanges: true }) and says what its editors show (zimbraLogs/visibleRanges) gets the
// lenses around that, and a workspace/codeLens/refresh when it scrolls far; any other client
// gets every lens.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CodeLens, CodeLensRefreshRequest, CodeLensRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { LineRange, VisibleRangesNotification } from '../../common/protocol';
import { LENS_MARGIN } from '../../server/src/features/lensWindow';
import { root, TestServer } from './client';

let dir: string;
let log: string;
let lines: string[];
let lineCount: number;
/** The lines of every lens, as a client that does not opt in gets them. */
let every: number[];

/** A client like VS Code: opts in and declares refreshSupport; counts the refresh requests it gets. */
class WindowedClient {
  refreshes = 0;
  private waiters: (() => void)[] = [];
  private constructor(readonly server: TestServer) {
    server.connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.refreshes++;
      this.waiters.splice(0).forEach((w) => w());
      return null;
    });
  }

  static async start(refreshSupport = true): Promise<WindowedClient> {
    const server = await TestServer.start({ capabilities: { workspace: { codeLens: { refreshSupport } } }, initializationOptions: { visibleRanges: true } });
    return new WindowedClient(server);
  }

  /** Resolves once `n` refresh requests came in all (fails after a while). */
  async refreshed(n: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.refreshes < n) {
      if (Date.now() > deadline) throw new Error(`${this.refreshes} refresh requests, waited for ${n}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  show(uri: string, ranges: LineRange[]): Promise<void> {
    return this.server.connection.sendNotification(VisibleRangesNotification, { uri, ranges });
  }
}

const lensLines = async (s: TestServer, uri: string) => ((await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[]).map((l) => l.range.start.line);

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-lenswindow-'));
  log = path.join(dir, 'zimbra.log');
  // A generated log (made at test time, not committed): about 3,000 transactions over 29,000 lines.
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '4M', '--seed', '3', '--out', log], { stdio: 'ignore' });
  lines = fs.readFileSync(log, 'utf8').split('\n');
  lineCount = lines.length;
  const plain = await TestServer.start();
  try {
    every = await lensLines(plain, await plain.open(log));
  } finally {
    await plain.stop();
  }
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a client that does not opt in gets every lens, sorted by line', () => {
  assert.ok(every.length > 3000, `${every.length} lenses`);
  assert.deepEqual(every, [...every].sort((a, b) => a - b));
  assert.ok(every[every.length - 1] > lineCount - 100, 'down to the end of the log');
});

test('opted in: lenses near the top first, then around where the editor scrolls, with a refresh when it must', async () => {
  const c = await WindowedClient.start();
  try {
    const uri = await c.server.open(log);
    // After opening, the server reads the folder's logs for paths across files, then asks for lenses again.
    await c.refreshed(1);
    const top = await lensLines(c.server, uri);
    assert.deepEqual(top, every.filter((l) => l <= LENS_MARGIN), 'the top of the file before the client said anything');
    assert.ok(top.length > 100 && top.length < every.length / 4, `${top.length} of ${every.length}`);

    // The editor shows the top, then scrolls a little: the window covers it, no refresh.
    await c.show(uri, [{ start: 0, end: 45 }]);
    await c.show(uri, [{ start: 400, end: 445 }]);
    assert.deepEqual(await lensLines(c.server, uri), top);
    assert.equal(c.refreshes, 1, 'no refresh while the screen stays well inside the window');

    // Far down: the server moves the window and asks for lenses again.
    const far = { start: lineCount - 9000, end: lineCount - 8955 };
    await c.show(uri, [far]);
    await c.refreshed(2);
    const there = await lensLines(c.server, uri);
    assert.deepEqual(there, every.filter((l) => l >= far.start - LENS_MARGIN && l <= far.end + LENS_MARGIN));
    assert.ok(there.some((l) => l >= far.start && l <= far.end), 'lenses on the lines shown');

    // Two editors of the log (the top and far down): the lenses of both places.
    await c.show(uri, [{ start: 0, end: 45 }, far]);
    await c.refreshed(3);
    const both = every.filter((l) => l <= 45 + LENS_MARGIN || (l >= far.start - LENS_MARGIN && l <= far.end + LENS_MARGIN));
    assert.deepEqual(await lensLines(c.server, uri), both);
    assert.ok(both.length < top.length + there.length + 50);

    // Other requests are unaffected; nonsense ranges and unknown documents change nothing.
    await c.show(uri, [{ start: 'x', end: null } as unknown as LineRange]);
    await c.show('file:///nowhere/zimbra.log', [{ start: 5000, end: 5040 }]);
    assert.deepEqual(await lensLines(c.server, uri), both);
    const m = /: ([0-9A-F]{6,}): /.exec(lines[top[1]])!;
    assert.ok(await c.server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: top[1], character: m.index + 4 } }));
    assert.equal(c.refreshes, 3);

    // Closed and opened again: the top of the file.
    await c.server.close(uri);
    await c.server.open(log);
    assert.deepEqual(await lensLines(c.server, uri), top);
  } finally {
    await c.server.stop();
  }
});

test('opted in without refreshSupport: no refresh request, the next lens request gets the new window', async () => {
  const c = await WindowedClient.start(false);
  try {
    const uri = await c.server.open(log);
    assert.deepEqual(await lensLines(c.server, uri), every.filter((l) => l <= LENS_MARGIN));
    const far = { start: lineCount - 100, end: lineCount - 55 };
    await c.show(uri, [far]);
    assert.deepEqual(await lensLines(c.server, uri), every.filter((l) => l >= far.start - LENS_MARGIN));
    assert.equal(c.refreshes, 0);
  } finally {
    await c.server.stop();
  }
});

test('opted in, a small log: every lens wherever the editor is, and no refresh for it', async () => {
  const c = await WindowedClient.start();
  try {
    const uri = await c.server.open('samples/zimbra.log');
    await c.refreshed(1); // the folder's logs were read (samples/)
    const all = await lensLines(c.server, uri);
    assert.deepEqual(all, [1, 9, 15, 29, 35, 47]);
    await c.show(uri, [{ start: 40, end: 60 }]);
    await c.show(uri, [{ start: 9000, end: 9040 }]);
    assert.deepEqual(await lensLines(c.server, uri), all);
    assert.equal(c.refreshes, 1);
  } finally {
    await c.server.stop();
  }
});
