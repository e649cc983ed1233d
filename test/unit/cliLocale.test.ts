// The CLI's language: LC_ALL, then LC_MESSAGES, then LANG; --lang ru|en overrides them; --json stays English.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, fixtures, root } from './helpers';

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
  // The summary's section on failures says the same in the same words.
  assert.match(run(['--lang', 'ru', 'summary', ...logs], {}), /^ +3 {2}connection-failed \(временных: 2, постоянных: 1\), Oct 13 10:00:03 — Oct 18 10:00:04\n +основные домены: far\.example 3\n +что делать: Проверьте исходящий порт 25/m);
  const en = run(['failures', ...logs], { LANG: 'C.UTF-8' });
  assert.match(en, /^By cause\n-{8}\n/m);
  assert.match(en, /^ {2}Remedy: Check the spelling of the address/m);
  assert.equal(run(['failures', '--json', ...logs], { LANG: 'ru_RU.UTF-8' }), run(['failures', '--json', ...logs], { LANG: 'C.UTF-8' }));
});

test('timeline in Russian: the table and its series, the restarts; the --html page gets its words in Russian; --json stays English', () => {
  const logs = ['zimbra.log', 'mailbox.log'].map((f) => path.join(root, 'samples', f));
  const args = ['timeline', ...logs, '--bucket', '3600', '--year', '2026'];
  const ru = run(['--lang', 'ru', ...args], {});
  assert.match(ru, /^интервал 3600 с; строк: \d+; доставлено \d+, отложено \d+, возвращено \d+, отклонено \d+, ERROR\/FATAL \d+, неудачные входы \d+\n/);
  assert.match(ru, /^ {2}начало {2,}доставлено {2,}отложено {2,}возвращено {2,}отклонено {2,}ERROR\/FATAL {2,}неудачные входы$/m);
  assert.match(ru, /^Перезапуски: 2026-10-13T10:21:45$/m);
  const en = run(args, { LANG: 'C.UTF-8' });
  assert.match(en, /^bucket 3600 s; \d+ lines; delivered \d+, deferred \d+/);
  assert.match(en, /^Restarts: 2026-10-13T10:21:45$/m);
  assert.equal(run([...args, '--json'], { LANG: 'ru_RU.UTF-8' }), run([...args, '--json'], { LANG: 'C.UTF-8' }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'timeline-ru-'));
  try {
    const words = (lang: string) => {
      const html = path.join(dir, `${lang}.html`);
      run(['--lang', lang, ...args, '--html', html], {});
      const page = fs.readFileSync(html, 'utf8');
      const json = /<script type="application\/json" id="timeline-text">(.*?)<\/script>/.exec(page);
      assert.ok(json, 'the page carries its words');
      return { page, words: JSON.parse(json[1]) as { lang: string; resetZoom: string; series: Record<string, string>; status: string } };
    };
    const r = words('ru');
    assert.match(r.page, /<html lang="ru">/);
    assert.match(r.page, /<title>Хронология: zimbra\.log, mailbox\.log<\/title>/);
    assert.equal(r.words.resetZoom, 'Сбросить масштаб');
    assert.equal(r.words.series.failedLogins, 'неудачные входы');
    assert.match(r.words.status, /^Строк: \{0\}, файлов: \{1\}; интервалы по \{2\}\./);
    const e = words('en');
    assert.match(e.page, /<html lang="en">/);
    assert.equal(e.words.resetZoom, 'Reset zoom');
    assert.equal(e.words.series.failedLogins, 'failed logins');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const COMMANDS = ['collate', 'trace', 'summary', 'accounts', 'failures', 'timeline', 'activity', 'restarts', 'changes', 'logins', 'redact'];

test("every subcommand's --help in Russian, its options and --json shapes unchanged", () => {
  for (const name of COMMANDS) {
    const ru = run([name, '--help'], { LANG: 'ru_RU.UTF-8' });
    const en = run([name, '--help'], { LANG: 'C.UTF-8' });
    assert.match(en, new RegExp(`^Usage: zimbra-logs ${name} `));
    assert.match(ru, new RegExp(`^Использование: zimbra-logs ${name} `));
    assert.match(ru, /Код возврата: 0 /, name);
    // The options are the same words in both languages.
    const options = (text: string) => [...new Set(text.match(/--[a-z][a-z-]+/g))].sort();
    assert.deepEqual(options(ru), options(en), name);
  }
  // Defaults are filled in, in both languages.
  assert.match(run(['logins', '--help'], { LANG: 'ru_RU.UTF-8' }), /--burst-count N +сколько неудач составляют всплеск \(по умолчанию \d+\)/);
  assert.match(run(['accounts', '--help'], { LANG: 'C.UTF-8' }), /--max-addresses-per-hour N .*\(default \d+\)/);
});

test('usage and input errors in Russian: one line, exit status 2', () => {
  const fail = (args: string[], env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    return r.stderr;
  };
  const ru = { LANG: 'ru_RU.UTF-8' };
  assert.equal(fail(['collate', '--bogus'], ru), 'zimbra-logs: неизвестный параметр --bogus (см. --help)\n');
  assert.equal(fail(['collate', '--bogus'], { LANG: 'C.UTF-8' }), 'zimbra-logs: unknown option --bogus (see --help)\n');
  assert.match(fail(['frobnicate'], ru), /^zimbra-logs: неизвестная команда «frobnicate» \(команды: collate, trace/);
  assert.match(fail(['trace'], ru), /trace требует ЗАПРОС/);
  assert.match(fail(['summary', '--top', 'x', logs[0]], ru), /--top требует целое число/);
  assert.match(fail(['--lang', 'fr', 'summary'], ru), /--lang: ru или en, а не «fr»/);
  const missing = path.join(os.tmpdir(), 'zimbra-logs-no-such.log');
  assert.equal(fail(['summary', missing], ru), `zimbra-logs: ${missing}: нет такого файла\n`);
  assert.equal(fail(['summary', missing], {}), `zimbra-logs: ${missing}: no such file\n`);
});

test("the account report's body lines in Russian", () => {
  const hijack = ['zimbra.log', 'mailbox.log', 'audit.log'].map((f) => path.join(fixtures, 'investigate', 'hijack', f));
  const ru = run(['accounts', ...hijack], { LANG: 'ru_RU.UTF-8' });
  assert.match(ru, /^ {2}входы: успешных \d+, неудачных \d+/m);
  assert.match(ru, /^ {2}адреса: /m);
  assert.match(ru, /^ {2}отправлено писем: \d+, получателей: \d+ \(веб-почта \d+\/\d+, SMTP AUTH \d+\/\d+\); на бесплатную почту \d+ %, возвращено \d+ %, отложено \d+ %$/m);
  assert.match(ru, /^ {2}получателей в час: \d+h \d+/m);
  assert.doesNotMatch(ru, /^ {2}(?:logins|addresses|clients|sent|recipients per hour):/m);
  const en = run(['accounts', ...hijack], { LANG: 'C.UTF-8' });
  assert.match(en, /^ {2}logins: \d+ ok, \d+ failed/m);
  assert.match(en, /^ {2}sent: \d+ messages to \d+ recipients/m);
});
