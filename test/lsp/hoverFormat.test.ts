// Hover content format over the protocol: a client whose `textDocument.hover.contentFormat` puts
// plaintext first gets plain text (no Markdown, no backslashes); the default is Markdown, where a
// sender with backticks is one code span. No bidi or control character of the log reaches either,
// nor the diagnostics.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { HoverRequest, MarkupContent, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TestServer } from './client';

const HIDDEN = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const log = [
  'Oct 13 10:17:08 mta01 postfix/smtpd[21777]: 5B6C7D8E9F: client=mail.x.org[198.51.100.7]',
  'Oct 13 10:17:08 mta01 postfix/qmgr[9946]: 5B6C7D8E9F: from=<a``b`c\u202Egnp.exe\u0085@x.org>, size=3606, nrcpt=1 (queue active)',
  'Oct 13 10:17:09 mta01 postfix/smtp[31001]: 5B6C7D8E9F: to=<bob@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.1.1, status=bounced (host said: 550 \u2067no such user\u2069 *x*)',
  'Oct 13 10:17:09 mta01 postfix/qmgr[9946]: 5B6C7D8E9F: removed',
].join('\n') + '\n';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.stop())));

async function hoverWith(contentFormat?: string[]): Promise<{ contents: MarkupContent; diagnostics: PublishDiagnosticsParams }> {
  const server = await TestServer.start({ capabilities: contentFormat ? { textDocument: { hover: { contentFormat: contentFormat as ('plaintext' | 'markdown')[] } } } : {} });
  servers.push(server);
  const diagnostics = new Promise<PublishDiagnosticsParams>((r) => server.connection.onNotification(PublishDiagnosticsNotification.type, r));
  const uri = await server.open('test/fixtures/hostile-zimbra.log', 'postfix-log', log);
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 45 } });
  assert.ok(h);
  return { contents: h.contents as MarkupContent, diagnostics: await diagnostics };
}

test('a client that prefers plaintext hovers gets plain text: no Markdown syntax, no backslashes, no bidi or control characters', async () => {
  const { contents, diagnostics } = await hoverWith(['plaintext', 'markdown']);
  assert.equal(contents.kind, 'plaintext');
  assert.doesNotMatch(contents.value, /\\|\*\*|\|---|^> |^- /m);
  assert.doesNotMatch(contents.value, HIDDEN);
  assert.match(contents.value, /^ {2}From: <a``b`c\uFFFDgnp\.exe\uFFFD@x\.org>$/m);
  assert.match(contents.value, /^ {2}host said: 550 \uFFFDno such user\uFFFD \*x\*$/m);
  assert.ok(diagnostics.diagnostics.length > 0);
  for (const d of diagnostics.diagnostics) assert.doesNotMatch(d.message, HIDDEN);
});

test('a client that prefers Markdown (or says nothing) gets Markdown: the sender with backticks is one code span', async () => {
  for (const format of [['markdown', 'plaintext'], undefined]) {
    const { contents } = await hoverWith(format);
    assert.equal(contents.kind, 'markdown');
    assert.doesNotMatch(contents.value, HIDDEN);
    // A fence of three backticks (longer than the run of two), no escapes inside.
    assert.match(contents.value, /^- From: ```<a``b`c\uFFFDgnp\.exe\uFFFD@x\.org>```$/m);
    // The reply quoted as one code span: no backslash escapes.
    assert.match(contents.value, /^> `host said: 550 \uFFFDno such user\uFFFD \*x\*`$/m);
  }
});
