// The reports in Russian: the same facts and links as in English (each link still on its label),
// worded in Russian with the right plural forms.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SecurityScan } from '../../server/src/engine/investigate/security';
import { failedLoginsDocument } from '../../server/src/features/investigate/failedLogins';
import { logRestartsDocument } from '../../server/src/features/investigate/restarts';
import { LogView } from '../../server/src/lsp/workspace';
import { setLanguage } from '../../server/src/l10n/locale';
import { fixtures } from './helpers';

const dir = path.join(fixtures, 'investigate', 'logs');
const readText = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

setLanguage('ru');
after(() => setLanguage(undefined));

test('the Failed Logins document in Russian: counts, bursts with Russian plurals, tables, links on their labels', () => {
  const scan = SecurityScan.of(readText('audit.log').split('\n'));
  const doc = failedLoginsDocument(scan, [{ label: 'audit.log', uri: 'file:///logs/audit.log' }], { burstCount: 5, burstMinutes: 10 }, 'audit.log');
  const lines = doc.text.split('\n');
  assert.equal(lines[0], 'Входы в audit.log: неудачных 13, успешных 2');
  assert.equal(doc.bursts, 2);
  assert.match(doc.text, /\n {2}2026-10-13 08:10:00 {2}audit\.log:2 {2}6 неудачных входов за [\d,]+ мин с /);
  assert.match(doc.text, /\nПо учётным записям: \d+\n {2} +неудачно {2}успешно {2}протоколы +адреса · последний неудачный вход\n/);
  assert.match(doc.text, /\n {2}carol@example\.com +5 +0 +soap 5 +198\.51\.100\.71 1, 198\.51\.100\.72 1/);
  assert.ok(doc.links.length > 5);
  for (const l of doc.links) assert.equal(lines[l.line].slice(l.start, l.end), l.label);
});

test('the Restarts document in Russian: links on "строка N" in the middle of Russian sentences', () => {
  const v = new LogView(TextDocument.create('file:///logs/mailbox.log', 'zimbra-log', 1, readText('mailbox.log')));
  const doc = logRestartsDocument(v, 'mailbox.log');
  assert.match(doc.text, /^Перезапуски в mailbox\.log: 2\n/);
  assert.match(doc.text, /1\. 2026-10-13 08:41:45 остановка \(строка 27\), снова запущен 2026-10-13 08:43:02 \(строка 28\)/);
  assert.match(doc.text, /строка 24 {2}2026-10-13 08:41:44,001 FATAL system - Unable to start servlet\n {7}Первопричина: java\.sql\.SQLException/);
  assert.match(doc.text, /2\. 2026-10-13 09:12:00 запуск без корректной остановки перед ним/);
  const lines = doc.text.split('\n');
  assert.equal(doc.links.length, 7);
  for (const l of doc.links) assert.equal(lines[l.line].slice(l.start, l.end), `строка ${l.logLine + 1}`);
});
