// Protocol test: delivery-failure diagnostics carry their cause as the code (VS Code shows
// `zimbra-logs(recipient-unknown)`), the explanation in the message; zimbraLogs.failures.ignoreCauses
// turns causes off; a hover on a failed recipient gives cause, explanation, remedy and our link.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { DeliveryProblemsRequest } from '../../common/investigateProtocol';
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

test('zimbraLogs/deliveryProblems: the folder\'s MTA logs with their .gz rotations, grouped, each example linked to its line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-failures-'));
  const fixtures = path.join(root, 'test', 'fixtures', 'failures');
  fs.writeFileSync(path.join(dir, 'zimbra.log.1.gz'), zlib.gzipSync(fs.readFileSync(path.join(fixtures, 'zimbra.log.1'))));
  fs.copyFileSync(path.join(fixtures, 'zimbra.log'), path.join(dir, 'zimbra.log'));
  // Not an MTA log: never read.
  fs.writeFileSync(path.join(dir, 'mailbox.log'), '2026-10-13 10:00:00,000 INFO  [main] [] x - status=bounced\n');
  const server = await TestServer.start();
  try {
    for (const params of [{ folder: pathToFileURL(dir).toString() }, { uri: pathToFileURL(path.join(dir, 'zimbra.log')).toString() }]) {
      const r = await server.connection.sendRequest(DeliveryProblemsRequest, params);
      assert.equal(r.failures, 6, JSON.stringify(params));
      assert.deepEqual(r.files.map((f) => path.basename(new URL(f).pathname)), ['zimbra.log.1.gz', 'zimbra.log']);
      const lines = r.text.split('\n');
      assert.match(lines[0], /^Delivery problems of zimbra\.log\.1\.gz, zimbra\.log/);
      assert.ok(lines.includes('connection-failed: 3 (2 temporary, 1 permanent), Oct 13 10:00:03 to Oct 18 10:00:04'), r.text);
      // Every link covers its `file:line` text and goes to that line (0-based) of that file.
      assert.ok(r.links.length >= 6);
      for (const l of r.links) {
        const shown = lines[l.line].slice(l.start, l.end);
        assert.equal(shown, l.label);
        const [file, n] = l.label.split(':');
        assert.equal(path.basename(new URL(l.uri).pathname), file);
        assert.equal(l.logLine, Number(n) - 1);
      }
      const expired = r.links.find((l) => l.label === 'zimbra.log:6');
      assert.ok(expired && lines[expired.line].includes('expired  <dan@far.example>'));
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('zimbraLogs/deliveryProblems: each member of a tar archive is numbered from its own first line and linked as its own document', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-failures-tar-'));
  const fixtures = path.join(root, 'test', 'fixtures', 'failures');
  // Two members: the rotated log (failures at its lines 2, 7 and 8), then the current one (at its lines 1, 3 and 6).
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.copyFileSync(path.join(fixtures, 'zimbra.log.1'), path.join(dir, 'logs', 'old.log'));
  fs.copyFileSync(path.join(fixtures, 'zimbra.log'), path.join(dir, 'logs', 'new.log'));
  const archive = path.join(dir, 'mta.tar');
  execFileSync('tar', ['-cf', archive, '-C', dir, 'logs/old.log', 'logs/new.log']);
  const server = await TestServer.start();
  try {
    const r = await server.connection.sendRequest(DeliveryProblemsRequest, { uri: pathToFileURL(archive).toString() });
    assert.equal(r.failures, 6);
    assert.deepEqual(r.files, [pathToFileURL(archive).toString()]);
    const lines = r.text.split('\n');
    const targets = r.links.map((l) => {
      const uri = new URL(l.uri);
      const query = JSON.parse(decodeURIComponent(uri.search.slice(1))) as { archive: string; member: string };
      assert.equal(lines[l.line].slice(l.start, l.end), l.label);
      assert.equal(uri.protocol, 'zimbra-logs-gz:');
      assert.equal(decodeURIComponent(uri.pathname), `${pathToFileURL(archive).pathname}/${query.member}`);
      assert.equal(query.archive, archive);
      return `${query.member}:${l.logLine + 1} ${l.label}`;
    });
    // The second member's lines are its own: 1, 3 and 6, not 9, 11 and 14.
    for (const t of ['logs/old.log:2 mta.tar:logs/old.log:2', 'logs/old.log:7 mta.tar:logs/old.log:7', 'logs/old.log:8 mta.tar:logs/old.log:8', 'logs/new.log:1 mta.tar:logs/new.log:1', 'logs/new.log:3 mta.tar:logs/new.log:3', 'logs/new.log:6 mta.tar:logs/new.log:6']) {
      assert.ok(targets.includes(t), `${t} in ${targets.join(', ')}`);
    }
    assert.ok(targets.every((t) => /^logs\/(old\.log:[278]|new\.log:[136]) /.test(t)), targets.join(', '));
    const expired = r.links.find((l) => l.label === 'mta.tar:logs/new.log:6');
    assert.ok(expired && lines[expired.line].includes('expired  <dan@far.example>'), r.text);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
