// The server writes in the client's language: InitializeParams.locale (VS Code's display language),
// or initializationOptions.locale, which the extension sends and which wins; English without one.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLens, CodeLensRequest, CodeLensResolveRequest, DocumentSymbolRequest, HoverRequest, MarkupContent, PublishDiagnosticsNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { root, TestServer } from './client';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.stop())));

/** A server started with `init`, samples/zimbra.log open: its first diagnostics, a hover on a queue ID, the lens titles. */
async function answers(init: Parameters<typeof TestServer.start>[0]) {
  let diagnostics!: (p: PublishDiagnosticsParams) => void;
  const published = new Promise<PublishDiagnosticsParams>((r) => (diagnostics = r));
  const server = await TestServer.start(init, (c) => c.onNotification(PublishDiagnosticsNotification.type, (p) => diagnostics(p)));
  servers.push(server);
  const uri = await server.open('samples/zimbra.log');
  const lines = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('EFAF89FC43C: to=<bob@example.com>'));
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: lines[line].indexOf('EFAF89FC43C') + 2 } });
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
  const titles = await Promise.all(lenses.map(async (l) => (await server.connection.sendRequest(CodeLensResolveRequest.type, l)).command?.title ?? ''));
  const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  const details = (symbols ?? []).map((s) => ('detail' in s ? s.detail ?? '' : ''));
  return { diagnostics: (await published).diagnostics, hover: (hover!.contents as MarkupContent).value, titles, details };
}

test('a server initialized with locale "ru" answers hovers, diagnostics, code lenses and outline details in Russian', async () => {
  const ru = await answers({ locale: 'ru' });
  assert.match(ru.hover, /\*\*EFAF89FC43C\*\* на mta01/);
  assert.match(ru.hover, /- Размер: 4120 байт\n/);
  assert.match(ru.hover, /\| получатель \| статус \| dsn \| relay \| задержка \|/);
  assert.match(ru.hover, /Задержки последней доставки: 0\\\.01 с до менеджера очереди, 0 с в менеджере очереди/);
  assert.match(ru.hover, /Откуда: /);
  assert.match(ru.hover, /Предыдущий шаг: 17B8ED411FA6 \(строка \d+\)/);
  const bounced = ru.diagnostics.find((d) => d.code === 'status=bounced');
  // The wording is Russian; the quoted reply of the remote server and the code stay as the log has them.
  assert.match(bounced!.message, /^5A1C2D3E4F: получатель <lost@gone\.example> \(dsn=5\.4\.4\) — возвращено: Host or domain name not found\. Name service error/);
  assert.ok(ru.diagnostics.filter((d) => d.code === 'status=deferred').every((d) => / — отложено: /.test(d.message)));
  assert.ok(ru.titles.some((t) => / ✓ доставлено/.test(t)), ru.titles.join('\n'));
  assert.ok(ru.titles.every((t) => !/ ✓ sent/.test(t)));
  assert.ok(ru.details.some((d) => /доставлено/.test(d)));
});

test('without a locale, and with "en", the same answers are English; initializationOptions.locale wins over InitializeParams.locale', async () => {
  for (const init of [{}, { locale: 'en-US' }, { locale: 'ru', initializationOptions: { locale: 'en' } }]) {
    const en = await answers(init);
    assert.match(en.hover, /\*\*EFAF89FC43C\*\* on mta01/);
    assert.match(en.hover, /- Size: 4120 bytes\n/);
    assert.match(en.hover, /Came from: /);
    assert.match(en.diagnostics.find((d) => d.code === 'status=bounced')!.message, /^[0-9A-F]+: bounced for <[^>]+>/);
    assert.ok(en.titles.some((t) => / ✓ sent/.test(t)));
  }
  const ru = await answers({ locale: 'en', initializationOptions: { locale: 'ru-RU' } });
  assert.match(ru.hover, /Откуда: /);
});
