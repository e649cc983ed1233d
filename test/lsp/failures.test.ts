// Protocol test: delivery-failure diagnostics carry their cause as the code (VS Code shows
// `zimbra-logs(recipient-unknown)`), the explanation in the message; zimbraLogs.failures.ignoreCauses
// turns causes off; a hover on a failed recipient gives cause, explanation, remedy and our link.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DidChangeConfigurationNotification, HoverRequest, MarkupContent, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { root, TestServer } from './client';

const log = path.join(root, 'test', 'fixtures', 'failures', 'zimbra.log.1');

test('delivery-failure diagnostics: cause as code, source zimbra-logs, explanation; ignoreCauses; hover on the recipient', async () => {
  const published: PublishDiagnosticsParams[] = [];
  let wake = () => {};
  const server = await TestServer.start({}, (c) =>
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      published.push(p);
      wake();
    }),
  );
  const next = async (n: number) => {
    const deadline = Date.now() + 10_000;
    while (published.length < n) {
      if (Date.now() > deadline) throw new Error('no diagnostics');
      await new Promise<void>((r) => ((wake = r), setTimeout(r, 200)));
    }
    return published[n - 1];
  };
  try {
    const uri = await server.open(log);
    const d = await next(1);
    assert.equal(d.uri, uri);
    assert.deepEqual(d.diagnostics.map((x) => [x.range.start.line, x.code, x.source]), [
      [6, 'authentication-policy', 'zimbra-logs'],
      [7, 'connection-failed', 'zimbra-logs'],
    ]);
    assert.match(d.diagnostics[0].message, /^Gmail refused the message: the sender is not authenticated/);
    assert.match(d.diagnostics[0].message, /3A1B2C3D4E: bounced for <carol@gmail\.com> \(dsn=5\.7\.26\)/);

    // A pushed setting: connection failures are no longer warned about.
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { zimbraLogs: { failures: { ignoreCauses: ['connection-failed'] } } } });
    const quiet = await next(2);
    assert.deepEqual(quiet.diagnostics.map((x) => x.code), ['authentication-policy']);

    const lineText = 'Oct 13 10:00:02 mta01 postfix/smtp[4300]: 3A1B2C3D4E: to=<carol@gmail.com>';
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: lineText.indexOf('carol') } });
    const value = (h!.contents as MarkupContent).value;
    assert.match(value, /cause \*\*authentication-policy\*\*/);
    assert.match(value, /Remedy: Publish SPF and sign with DKIM/);
    assert.match(value, /See \[https:\/\/support\.google\.com\/a\/answer\/3726730\]\(https:\/\/support\.google\.com\/a\/answer\/3726730\)/);
    assert.deepEqual(h!.range, { start: { line: 6, character: lineText.indexOf('to=<') }, end: { line: 6, character: lineText.length } });
    // The reply (log text) is quoted and escaped: its parentheses and dots cannot make a link.
    assert.ok(!/\]\(http:\/\/[^)]*gsmtp/.test(value));
  } finally {
    await server.stop();
  }
});
