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
  assert.match(ru.hover, /Задержки последней доставки: `0\.01` с до менеджера очереди, 0 с в менеджере очереди/);
  assert.match(ru.hover, /Откуда: /);
  assert.match(ru.hover, /Предыдущий шаг: 17B8ED411FA6 \(строка \d+\)/);
  // (delivery failures carry their cause as the code, issue 15)
  const bounced = ru.diagnostics.find((d) => d.message.includes('<lost@gone.example>'));
  // The wording is Russian; the quoted reply of the remote server and the code stay as the log has them.
  assert.match(bounced!.message, /\n5A1C2D3E4F: получатель <lost@gone\.example> \(dsn=5\.4\.4\) — возвращено: Host or domain name not found\. Name service error/);
  const deferred = ru.diagnostics.filter((d) => /\n[0-9A-F]+: получатель <(?:carol|frank)@example\.com> /.test(d.message));
  assert.ok(deferred.length > 0 && deferred.every((d) => / — отложено: /.test(d.message)), ru.diagnostics.map((d) => d.message).join('\n'));
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
    assert.match(en.diagnostics.find((d) => d.message.includes('<lost@gone.example>'))!.message, /\n5A1C2D3E4F: bounced for <lost@gone\.example>/);
    assert.ok(en.titles.some((t) => / ✓ sent/.test(t)));
  }
  const ru = await answers({ locale: 'en', initializationOptions: { locale: 'ru-RU' } });
  assert.match(ru.hover, /Откуда: /);
});

test('locale "ru": a failed delivery\'s diagnostic and hover give our explanation and remedy in Russian; the cause, the reply and the link stay', async () => {
  const failed = async (locale?: string) => {
    let diagnostics!: (p: PublishDiagnosticsParams) => void;
    const published = new Promise<PublishDiagnosticsParams>((r) => (diagnostics = r));
    const server = await TestServer.start(locale ? { locale } : {}, (c) => c.onNotification(PublishDiagnosticsNotification.type, (p) => diagnostics(p)));
    servers.push(server);
    const uri = await server.open(path.join(root, 'test', 'fixtures', 'failures', 'zimbra.log.1'));
    const lineText = 'Oct 13 10:00:02 mta01 postfix/smtp[4300]: 3A1B2C3D4E: to=<carol@gmail.com>';
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 6, character: lineText.indexOf('carol') } });
    return { diagnostics: (await published).diagnostics, hover: (hover!.contents as MarkupContent).value };
  };
  const ru = await failed('ru');
  const bounced = ru.diagnostics.find((d) => d.code === 'authentication-policy')!;
  assert.match(bounced.message, /^Gmail отклонил письмо: отправитель не прошёл аутентификацию/);
  assert.match(bounced.message, /\n3A1B2C3D4E: получатель <carol@gmail\.com> \(dsn=5\.7\.26\) — возвращено: host gmail-smtp-in/);
  const deferred = ru.diagnostics.find((d) => d.code === 'connection-failed')!;
  assert.match(deferred.message, /^Сервер получателя недоступен или разорвал соединение\.\n/);
  assert.match(ru.hover, /: \*\*возвращено\*\*, причина \*\*authentication-policy\*\*/);
  assert.match(ru.hover, /Что делать: Опубликуйте SPF и подписывайте почту DKIM/);
  assert.match(ru.hover, /См\. \[https:\/\/support\.google\.com\/a\/answer\/3726730\]/);
  assert.match(ru.hover, /This mail has been blocked because the sender is unauthenticated/);
  const en = await failed();
  assert.match(en.diagnostics.find((d) => d.code === 'authentication-policy')!.message, /^Gmail refused the message: the sender is not authenticated/);
  assert.match(en.hover, /: \*\*bounced\*\*, cause \*\*authentication-policy\*\*/);
  assert.match(en.hover, /Remedy: Publish SPF and sign with DKIM/);
});
