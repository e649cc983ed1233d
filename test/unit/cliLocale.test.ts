// The CLI's language: LC_ALL, then LC_MESSAGES, then LANG; --lang ru|en overrides them; --json stays English.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, fixtures } from './helpers';

const logs = ['zimbra.log', 'mailbox.log'].map((f) => path.join(fixtures, 'trace', 'inbound', f));

/** `zimbra-logs ARGS` with only the locale variables given (none inherited). */
function run(args: string[], env: Record<string, string>, status = 0): string {
  const r = spawnSync(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  assert.equal(r.status, status, r.stderr);
  return r.stdout;
}
const trace = (env: Record<string, string>, ...extra: string[]) => run(['trace', ...extra, '1A2B3C4D5E6', ...logs], env);

const RUSSIAN = /^Источник: mail\.partner\.org \[198\.51\.100\.7\]\nПуть: .* → 2B3C4D5E6F7 → bob@example\.com: mbox01\.example\.com Inbox ✓ доставлено; carol@example\.com: mbox01\.example\.com ✗ превышена квота$/m;
const ENGLISH = /^Origin: mail\.partner\.org \[198\.51\.100\.7\]\nPath: .* → 2B3C4D5E6F7 → bob@example\.com: mbox01\.example\.com Inbox ✓ delivered; carol@example\.com: mbox01\.example\.com ✗ overquota$/m;

test('LANG=ru_RU.UTF-8 gives Russian, C.UTF-8 and no locale English', () => {
  const ru = trace({ LANG: 'ru_RU.UTF-8' });
  assert.match(ru, RUSSIAN);
  assert.match(ru, /^ {2}1A2B3C4D5E6 на mta01 · клиент mail\.partner\.org\[198\.51\.100\.7\]/m);
  // The log lines themselves are the log's.
  assert.match(ru, /postfix\/smtpd\[21777\]: 1A2B3C4D5E6: client=mail\.partner\.org/);
  assert.match(trace({ LANG: 'C.UTF-8' }), ENGLISH);
  assert.match(trace({}), ENGLISH);
});

test('LC_ALL, then LC_MESSAGES, then LANG', () => {
  assert.match(trace({ LC_ALL: 'C.UTF-8', LANG: 'ru_RU.UTF-8' }), ENGLISH);
  assert.match(trace({ LC_MESSAGES: 'ru_RU.UTF-8', LANG: 'C.UTF-8' }), RUSSIAN);
  assert.match(trace({ LC_ALL: 'ru_RU.UTF-8', LC_MESSAGES: 'C' }), RUSSIAN);
});

test('--lang overrides the environment, before or after the command', () => {
  assert.match(trace({ LANG: 'ru_RU.UTF-8' }, '--lang', 'en'), ENGLISH);
  assert.match(trace({ LANG: 'C.UTF-8' }, '--lang=ru'), RUSSIAN);
  assert.match(run(['--lang', 'ru', 'trace', '1A2B3C4D5E6', ...logs], { LC_ALL: 'C.UTF-8' }), RUSSIAN);
  const bad = spawnSync(process.execPath, [cli, 'trace', '--lang', 'fr', '1A2B3C4D5E6', ...logs], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--lang: ru or en/);
});

test('the summary and the help in Russian; --json keys and values stay English', () => {
  const summary = run(['summary', logs[0]], { LANG: 'ru_RU.UTF-8' });
  assert.match(summary, /^Итого \(строк: \d+\)\n-----\nписьма\n/);
  assert.match(summary, /^ +1 {3}доставлено$/m);
  assert.match(summary, /^ {2}час {18}принято {2}доставлено {2}отложено {2}возвращено {2}отклонено {2}отброшено$/m);
  assert.match(run(['--help'], { LANG: 'ru_RU.UTF-8' }), /^Использование: zimbra-logs <команда>/);
  for (const args of [['summary', '--json', logs[0]], ['trace', '--json', '1A2B3C4D5E6', ...logs]]) {
    assert.equal(run(args, { LANG: 'ru_RU.UTF-8' }), run(args, { LANG: 'C.UTF-8' }));
  }
  assert.match(run(['trace', '--json', '1A2B3C4D5E6', ...logs], { LANG: 'ru_RU.UTF-8' }), /"status": "sent"/);
  // The account report's reasons are sentences: English in --json, Russian in the text.
  const hijack = ['zimbra.log', 'mailbox.log', 'audit.log'].map((f) => path.join(fixtures, 'investigate', 'hijack', f));
  // (exit status 0: accounts are found, issue 17)
  const json = run(['accounts', '--json', ...hijack], { LANG: 'ru_RU.UTF-8' });
  assert.equal(json, run(['accounts', '--json', ...hijack], { LANG: 'C.UTF-8' }));
  assert.match(json, /"login from a new address 203\.0\.113\.11 at /);
  assert.match(run(['accounts', ...hijack], { LANG: 'ru_RU.UTF-8' }), /вход с нового адреса 203\.0\.113\.11 в /);
});

test('failures in Russian: the groups, our explanations and remedies, the statuses; --json stays English', () => {
  const logs = ['zimbra.log.1', 'zimbra.log'].map((f) => path.join(fixtures, 'failures', f));
  const ru = run(['--lang', 'ru', 'failures', ...logs], {});
  assert.match(ru, /^По причинам\n-{11}\n/m);
  assert.match(ru, /^По доменам получателей\n-{22}\n/m);
  assert.match(ru, /^recipient-unknown: 1 \(временных: 0, постоянных: 1\), Oct 13 09:58:01\n {2}Сервер получателя сообщает, что такого адреса нет\.\n {2}Что делать: Проверьте написание адреса/m);
  assert.match(ru, /^ {2}Что делать \(authentication-policy\): Опубликуйте SPF и подписывайте почту DKIM/m);
  assert.match(ru, /^far\.example: 3, Oct 13 10:00:03 — Oct 18 10:00:04; connection-failed 3$/m);
  assert.match(ru, /zimbra\.log\.1:7 {2}Oct 13 10:00:02 {2}возвращено {2}<carol@gmail\.com>$/m);
  // The replies quoted are the log's.
  assert.match(ru, /^ {2}Пример: 550 5\.1\.1 <nobody@example\.com>: Recipient address rejected: User unknown/m);
  const en = run(['failures', ...logs], { LANG: 'C.UTF-8' });
  assert.match(en, /^By cause\n-{8}\n/m);
  assert.match(en, /^ {2}Remedy: Check the spelling of the address/m);
  assert.equal(run(['failures', '--json', ...logs], { LANG: 'ru_RU.UTF-8' }), run(['failures', '--json', ...logs], { LANG: 'C.UTF-8' }));
});
