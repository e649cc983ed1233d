// The language of the server's and the CLI's messages: a locale tag (LSP's InitializeParams.locale,
// the extension's initializationOptions.locale, LC_ALL/LC_MESSAGES/LANG, --lang) picks a bundle of
// l10n/, read into the build (dist/server.js and dist/cli.js need no file beside them), and
// installs it through @vscode/l10n as the engine's catalog. English is the default and the fallback.
import * as vscodeL10n from '@vscode/l10n';
import { useCatalog } from '../engine/l10n';
import ru from '../../../l10n/bundle.l10n.ru.json';

const BUNDLES: Record<string, vscodeL10n.l10nJsonFormat> = { ru };

/** The language of a locale tag we have messages for (`ru-RU`, `ru_RU.UTF-8` -> `ru`), else English. */
export function languageOf(tag: string | undefined): string {
  const lang = (tag ?? '').toLowerCase().split(/[-_.@]/)[0];
  return lang in BUNDLES ? lang : 'en';
}

/** Writes every later message in the language of `tag`; returns that language. */
export function setLanguage(tag: string | undefined): string {
  const lang = languageOf(tag);
  if (lang === 'en') {
    useCatalog(undefined);
  } else {
    vscodeL10n.config({ contents: BUNDLES[lang] });
    useCatalog(vscodeL10n, lang);
  }
  return lang;
}

/** The locale of a process's environment, as gettext reads it: LC_ALL, then LC_MESSAGES, then LANG. */
export function environmentLocale(env: Record<string, string | undefined>): string | undefined {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || undefined;
}
