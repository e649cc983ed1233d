// VS Code runs in a language only when a language pack for it is installed: without one,
// `--locale ru` leaves the display language (vscode.env.language) English, and with it the
// extension's package.nls.ru.json and l10n/bundle.l10n.ru.json unused. The Russian language pack
// is not available offline, so ZIMBRA_LOGS_E2E_LOCALE=ru installs an empty one: a language pack
// extension with no translations (VS Code's own UI stays English), and the languagepacks.json that
// VS Code reads at start (it writes that file itself only after it has scanned the extensions).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function installEmptyLanguagePack(extensionsDir, userData, locale) {
  const name = `language-pack-${locale}-empty`;
  const dir = join(extensionsDir, `zimbra-logs-e2e.${name}-0.0.1`);
  const translations = join(dir, 'translations', 'main.i18n.json');
  mkdirSync(join(dir, 'translations'), { recursive: true });
  mkdirSync(userData, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name,
    publisher: 'zimbra-logs-e2e',
    version: '0.0.1',
    engines: { vscode: '*' },
    contributes: { localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }] },
  }, null, 2));
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify({
    [locale]: { hash: `empty-${locale}`, extensions: [{ extensionIdentifier: { id: `zimbra-logs-e2e.${name}` }, version: '0.0.1' }], translations: { vscode: translations }, label: locale },
  }, null, 2));
}
