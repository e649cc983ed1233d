// Large answers over the protocol (issue 19: one expensive request never blocks the others for
// more than about 50 ms): the whole document's collation in pages (zimbraLogs/collatePage) is
// zimbraLogs/collate's one answer and the CLI's output, byte for byte; account activity asked in
// parts is the same answer; and a hover sent right after an expensive request (a cold trace,
// activity, the whole collation) is answered before it: ordering, not time.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { HoverRequest, MarkupContent, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { COLLATE_PAGE_CHARS, CollatePageRequest, CollatePageResult, CollatePageStart, CollateRequest, TraceRequest } from '../../common/protocol';
import { ActivityRequest, ResultPartRequest, SourceLink } from '../../common/investigateProtocol';
import { root, TestServer } from './client';

let dir: string;
let log: string;
let text: string;
const sample = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'utf8');
const cheap = { uri: 'untitled:cheap', position: { line: 2, character: sample.split('\n')[2].indexOf('4FF14284F45') } };

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-paged-'));
  log = path.join(dir, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '4M', '--seed', '3', '--out', log, '--mailbox', path.join(dir, 'mailbox.log')], { stdio: 'ignore' });
  text = fs.readFileSync(log, 'utf8');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A server with the small sample open (untitled: no folder of its own) for cheap hovers. */
async function serverWithSample(): Promise<{ server: TestServer; hover: () => Promise<string> }> {
  const server = await TestServer.start();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: cheap.uri, languageId: 'postfix-log', version: 1, text: sample } });
  const hover = async () => ((await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cheap.uri }, position: cheap.position }))!.contents as MarkupContent).value;
  assert.match(await hover(), /4FF14284F45/);
  return { server, hover };
}

/** Every page of the whole collation of `uri`, from the start. */
async function pages(server: TestServer, uri: string, size?: number): Promise<CollatePageResult[]> {
  const out: CollatePageResult[] = [];
  for (let from: CollatePageStart | null = { transaction: 0, line: 0 }; from; ) {
    const page: CollatePageResult | null = await server.connection.sendRequest(CollatePageRequest, { uri, from, size });
    assert.ok(page);
    out.push(page);
    from = page.next;
  }
  return out;
}

test('the whole collation in pages is zimbraLogs/collate\'s one answer and the CLI\'s output, byte for byte; a page says the version it comes from', async () => {
  const server = await TestServer.start();
  try {
    let published!: () => void;
    const diagnostics = new Promise<void>((r) => (published = r));
    server.connection.onNotification(PublishDiagnosticsNotification.type, () => published());
    const uri = await server.open(log, 'postfix-log', text);
    await diagnostics;
    const whole = (await server.connection.sendRequest(CollateRequest, { uri }))!;
    const cli = execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'collate', log], { maxBuffer: 1 << 30 }).toString('utf8');
    assert.equal(whole.text, cli);
    const longest = Math.max(...text.split('\n').map((l) => l.length + 1));
    for (const size of [undefined, 100_000]) {
      const got = await pages(server, uri, size);
      const limit = size ?? COLLATE_PAGE_CHARS;
      assert.ok(got.length >= Math.floor(cli.length / limit) && got.length > 2, `${got.length} pages of ${limit} for ${cli.length} characters`);
      for (const p of got) assert.ok(p.text.length <= limit + longest, `a page of ${p.text.length} characters`);
      assert.equal(got.map((p) => p.text).join(''), cli, `pages of ${limit}`);
      assert.deepEqual(got.flatMap((p) => p.keys), whole.keys);
      assert.deepEqual(new Set(got.map((p) => p.version)), new Set([1]));
    }
    // Asked before its didOpen came (as Collate File of a document just opened may): answered once it comes.
    const copy = path.join(dir, 'copy.log');
    const early = server.connection.sendRequest(CollatePageRequest, { uri: pathToFileURL(copy).toString(), size: 100_000 });
    await server.open(copy, 'postfix-log', text);
    assert.equal((await early)?.text, (await server.connection.sendRequest(CollatePageRequest, { uri, size: 100_000 }))?.text);
    // The document changes between two pages: the next one says so.
    const first = (await server.connection.sendRequest(CollatePageRequest, { uri, size: 100_000 }))!;
    await server.replace(uri, sample);
    const second = (await server.connection.sendRequest(CollatePageRequest, { uri, from: first.next!, size: 100_000 }))!;
    assert.equal(second.version, 2);
    assert.equal((await pages(server, uri)).map((p) => p.text).join(''), execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'collate', path.join(root, 'samples', 'zimbra.log')]).toString('utf8'));
  } finally {
    await server.stop();
  }
});

test('a hover sent right after an expensive request is answered first: a cold trace, account activity (in parts, the same answer), the whole collation', async () => {
  const { server, hover } = await serverWithSample();
  try {
    const order: string[] = [];
    /** Sends `expensive`, then at once a hover; the order their answers came in. */
    const race = async <T>(name: string, expensive: () => Promise<T>): Promise<T> => {
      const slow = expensive().then((r) => (order.push(name), r));
      const quick = hover().then(() => order.push(`hover during ${name}`));
      await quick;
      return await slow;
    };
    const folder = pathToFileURL(dir).toString();
    const messageId = /message-id=(<[^>\s]+>)/.exec(text.slice(text.length >> 1))![1];
    const traced = await race('trace', () => server.connection.sendRequest(TraceRequest, { query: messageId, folder }));
    assert.ok(traced.messages >= 1 && traced.text.includes(messageId), traced.text.slice(0, 200));

    const query = { folder, query: '192.0.2.10' };
    const inParts = await race('activity', () => server.connection.sendRequest(ActivityRequest, { ...query, parts: true }));
    assert.ok(inParts.parts && inParts.parts.count >= 2, JSON.stringify(inParts.parts));
    assert.equal(inParts.text, '');
    const texts: string[] = [];
    const links: SourceLink[] = [];
    for (let part = 0; part < inParts.parts.count; part++) {
      const p = (await server.connection.sendRequest(ResultPartRequest, { id: inParts.parts.id, part }))!;
      texts.push(p.text);
      links.push(...p.links);
    }
    const once = await server.connection.sendRequest(ActivityRequest, query);
    assert.equal(once.parts, undefined);
    assert.ok(once.entries > 4096 && once.text.length > 1 << 20, `${once.entries} entries, ${once.text.length} characters`);
    assert.equal(texts.join(''), once.text);
    assert.deepEqual(links, once.links);
    assert.equal(inParts.entries, once.entries);

    const uri = await server.open(log, 'postfix-log', text);
    const first = await race('collation', () => server.connection.sendRequest(CollatePageRequest, { uri }));
    assert.ok(first?.next && first.text.length >= COLLATE_PAGE_CHARS);
    assert.deepEqual(order, ['hover during trace', 'trace', 'hover during activity', 'activity', 'hover during collation', 'collation']);
  } finally {
    await server.stop();
  }
});
