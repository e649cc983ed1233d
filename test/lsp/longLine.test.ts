// A 5 MB line (issue 19: logs are written by strangers) in a zimbra.log and in its mailbox.log,
// through the language server: the log opened in the editor (diagnostics, a hover after the long
// line, Collate File), the same log indexed from disk (openLarge: diagnostics, its lines, the
// message's collated transaction) and a trace over the folder all answer. What comes from disk
// holds the long line cut to its first MB (io/read.ts LONG_LINE) and every line after it keeps its
// number; the server's memory stays bounded.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, MarkupContent, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { CollateRequest, LinesRequest, OpenLargeRequest, TraceRequest } from '../../common/protocol';
import { root, TestServer } from './client';

const LONG = 5 << 20;
const MB = 1 << 20;
let dir: string;
let log: string;
let mailbox: string;
let text: string;
/** Where the long line is in each log (0-based). */
const at = { mta: 11, mailbox: 6 };

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-long-line-'));
  log = path.join(dir, 'zimbra.log');
  mailbox = path.join(dir, 'mailbox.log');
  const mta = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'utf8').split('\n');
  // A header of the traced message's first transaction, 5 MB long (a Subject logged by a header check).
  mta.splice(at.mta, 0, `Oct 13 10:17:08 mta01 postfix/cleanup[26776]: 17B8ED411FA6: warning: header Subject: ${'A'.repeat(LONG)} from mail.partner.org[198.51.100.7]`);
  text = mta.join('\n');
  fs.writeFileSync(log, text);
  const mb = fs.readFileSync(path.join(root, 'samples', 'mailbox.log'), 'utf8').split('\n');
  mb.splice(at.mailbox, 0, `2026-10-13 10:17:09,400 WARN  [LmtpServer-7] [ip=192.0.2.10;] lmtp - ${'<'.repeat(LONG)}`);
  fs.writeFileSync(mailbox, mb.join('\n'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function peakMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

test('a 5 MB line in zimbra.log and mailbox.log: diagnostics, hover, collate, lines and trace answer; from disk the line is cut to 1 MB, the lines after it keep their numbers', async () => {
  const published = new Map<string, PublishDiagnosticsParams>();
  let onPublished: () => void = () => undefined;
  const server = await TestServer.start({}, (c) =>
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.set(p.uri, p);
      onPublished();
    }),
  );
  const waitFor = (uri: string) => new Promise<void>((r) => (onPublished = () => published.has(uri) && r())).then(() => published.get(uri)!);
  try {
    // The trace over the folder: the message's path from the MTA into the mailbox.
    const trace = await server.connection.sendRequest(TraceRequest, { query: '<CAF1x9Qp-7@mail.partner.org>', folder: pathToFileURL(dir).toString() });
    assert.ok(trace.messages >= 1, trace.text.slice(0, 300));
    assert.ok(trace.text.includes('header Subject: AAAA'), 'the long line is in the path');
    assert.ok(trace.text.length < 2 * MB + 100_000, `the long lines cut: ${trace.text.length} characters`);
    const logUri = pathToFileURL(log).toString();
    const mailboxUri = pathToFileURL(mailbox).toString();
    assert.deepEqual([...trace.files].sort(), [logUri, mailboxUri].sort());
    const lines = trace.text.split('\n');
    // Every location after a long line names the line it shows (its number counted past the long line).
    const mtaLines = text.split('\n');
    const mailboxLines = fs.readFileSync(mailbox, 'utf8').split('\n');
    const after = trace.locations.filter((l) => (l.uri === logUri && l.logLine > at.mta) || (l.uri === mailboxUri && l.logLine > at.mailbox));
    assert.ok(after.some((l) => l.uri === mailboxUri) && after.some((l) => l.uri === logUri), JSON.stringify(trace.locations));
    for (const l of after) {
      const shown = lines[l.line];
      assert.ok(shown.includes((l.uri === logUri ? mtaLines : mailboxLines)[l.logLine]) && shown.endsWith(`:${l.logLine + 1}`), `line ${l.logLine} of ${l.uri}: ${shown}`);
    }

    // The log from disk (openLarge): its line count, diagnostics, the long line cut, the transaction collated.
    const diskDiagnostics = waitFor(logUri);
    const large = await server.connection.sendRequest(OpenLargeRequest, { uri: logUri, path: log });
    assert.equal(large.lines, mtaLines.length - 1, 'the text ends with a newline');
    assert.ok(large.problems > 0);
    assert.ok((await diskDiagnostics).diagnostics.every((d) => d.range.start.line !== at.mta));
    const longLine = await server.connection.sendRequest(LinesRequest, { uri: logUri, from: at.mta, to: at.mta + 2 });
    const [cut, next] = longLine.split('\n');
    assert.equal(Buffer.byteLength(cut) + 1, MB, 'cut to its first MB, newline included');
    assert.equal(next, mtaLines[at.mta + 1]);
    const one = await server.connection.sendRequest(CollateRequest, { uri: logUri, queueId: '17B8ED411FA6' });
    assert.ok(one!.text.includes(mtaLines[at.mta + 1]) && one!.text.includes('header Subject: AAAA'));
    assert.ok(one!.text.length < 2 * MB, `${one!.text.length}`);

    // The same log opened in the editor: the text is the editor's (whole), the answers come all the same.
    const docUri = 'untitled:zimbra-long.log';
    const docDiagnostics = waitFor(docUri);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docUri, languageId: 'postfix-log', version: 1, text } });
    assert.ok((await docDiagnostics).diagnostics.length > 0);
    const q = mtaLines.findIndex((l, i) => i > at.mta && l.includes(': EFAF89FC43C: '));
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: docUri }, position: { line: q, character: mtaLines[q].indexOf('EFAF89FC43C') } });
    assert.ok((hover!.contents as MarkupContent).value.includes('EFAF89FC43C'));
    const whole = await server.connection.sendRequest(CollateRequest, { uri: docUri });
    assert.ok(whole!.keys.length > 5 && whole!.text.includes('A'.repeat(LONG)), 'collate.pl prints the whole line');
    assert.ok(peakMb(server.pid) < 400, `peak ${peakMb(server.pid)} MB`);
  } finally {
    await server.stop();
  }
});
