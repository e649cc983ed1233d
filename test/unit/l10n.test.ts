// Russian is complete: every string of the manifest and every message the sources pass to
// vscode.l10n.t / l10n.t has a translation with the same placeholders, and plurals take the
// right form. A new string without its Russian fails here, naming it.
import { test, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './helpers';
import { l10n } from '../../server/src/engine/l10n';
import { languageOf, setLanguage, environmentLocale } from '../../server/src/l10n/locale';
import { recipientCount } from '../../server/src/engine/trace';

const json = (file: string): Record<string, string | { message: string }> => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
const text = (v: string | { message: string }) => (typeof v === 'string' ? v : v.message);
/** A plural message (engine/l10n.ts): forms separated by `|`, each with the count `{0}`. */
const isPlural = (s: string) => s.includes('|') && s.split('|').every((f) => f.includes('{0}'));

after(() => setLanguage(undefined));

test('every %key% of package.json is in package.nls.json, and every key of package.nls.json is in package.nls.ru.json', () => {
  const manifest = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const en = json('package.nls.json');
  const ru = json('package.nls.ru.json');
  const used = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(used.length >= 30, 'the manifest names its strings by key');
  assert.deepEqual(used.filter((k) => !(k in en)), [], 'keys used in package.json but missing from package.nls.json');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'keys of package.nls.json missing from package.nls.ru.json');
  assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'keys of package.nls.ru.json that package.nls.json no longer has');
  for (const k of Object.keys(en)) assert.ok(text(ru[k]).trim(), `empty Russian for ${k}`);
});

test('l10n/bundle.l10n.json is what @vscode/l10n-dev exports from the sources today (npm run l10n)', async () => {
  const script = await import(pathToFileURL(path.join(root, 'scripts', 'l10n-bundle.mjs')).href);
  const exported = script.serialize(await script.exportBundle());
  assert.equal(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8'), exported, 'a message was added or changed in the sources: run npm run l10n, then translate it in l10n/bundle.l10n.ru.json');
  // The client's vscode.l10n.t and the server's and CLI's l10n.t are both read.
  const keys = Object.keys(JSON.parse(exported));
  assert.ok(keys.includes('Zimbra Logs: open a log first.'));
  assert.ok(keys.includes('Came from: {0}'));
  assert.ok(keys.includes('{0} recipient|{0} recipients'));
  assert.ok(keys.filter(isPlural).length >= 4);
});

test('every message of the bundle has a Russian translation with the same placeholders; plural messages have the forms one|few|many|other', () => {
  const en = json('l10n/bundle.l10n.json');
  const ru = json('l10n/bundle.l10n.ru.json');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in ru)), [], 'messages without a Russian translation in l10n/bundle.l10n.ru.json');
  assert.deepEqual(Object.keys(ru).filter((k) => !(k in en)), [], 'translations of messages the sources no longer use');
  for (const [k, v] of Object.entries(en)) {
    const r = text(ru[k]);
    assert.deepEqual(placeholders(r), placeholders(text(v)), `placeholders of ${JSON.stringify(k)}`);
    if (isPlural(text(v))) assert.equal(r.split('|').length, 4, `Russian plural forms (one|few|many|other) of ${JSON.stringify(k)}`);
    assert.notEqual(r, text(v), `${JSON.stringify(k)} is not translated`);
  }
});

test('plurals in Russian: 1 получатель, 2 получателя, 5 получателей; 21, 22, 25, 111; English one/other', () => {
  setLanguage('ru');
  assert.deepEqual([1, 2, 4, 5, 11, 12, 21, 22, 25, 111, 1001].map(recipientCount), ['1 получатель', '2 получателя', '4 получателя', '5 получателей', '11 получателей', '12 получателей', '21 получатель', '22 получателя', '25 получателей', '111 получателей', '1001 получатель']);
  assert.equal(l10n.n(12345), '12\u00a0345');
  setLanguage('en');
  assert.deepEqual([1, 2, 5, 21].map(recipientCount), ['1 recipient', '2 recipients', '5 recipients', '21 recipients']);
  assert.equal(l10n.n(12345), '12,345');
});

test('the language of a locale tag, and of the environment as gettext reads it', () => {
  assert.deepEqual(['ru', 'ru-RU', 'ru_RU.UTF-8', 'RU', 'en-US', 'C.UTF-8', 'C', 'POSIX', 'de_DE.UTF-8', '', undefined].map(languageOf), ['ru', 'ru', 'ru', 'ru', 'en', 'en', 'en', 'en', 'en', 'en', 'en']);
  assert.equal(environmentLocale({ LC_ALL: 'ru_RU.UTF-8', LC_MESSAGES: 'C', LANG: 'C' }), 'ru_RU.UTF-8');
  assert.equal(environmentLocale({ LC_ALL: '', LC_MESSAGES: 'ru_RU.UTF-8', LANG: 'C.UTF-8' }), 'ru_RU.UTF-8');
  assert.equal(environmentLocale({ LANG: 'ru_RU.UTF-8' }), 'ru_RU.UTF-8');
  assert.equal(environmentLocale({}), undefined);
});
