// The message catalog of everything the server and the CLI write for people. Pure: the host (the
// language server at initialize, the CLI at start: server/src/l10n/locale.ts) installs a catalog
// in the user's language; until then messages are English. Call sites write
// `l10n.t('English message {0}', arg)` with a literal message: `npm run l10n` reads them into
// l10n/bundle.l10n.json, and l10n/bundle.l10n.ru.json holds their Russian.

/** What a catalog does: @vscode/l10n's `t` (the same `{0}` placeholders). */
export interface Catalog {
  t(message: string, ...args: (string | number)[]): string;
}

function format(message: string, args: (string | number)[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

const english: Catalog = { t: (message, ...args) => format(message, args) };

/**
 * The catalog in use, kept on the global object: the CLI's subcommands are bundles of their own
 * (dist/cli/NAME.js), each with its copy of this module, and all write in the language dist/cli.js chose.
 */
interface State {
  catalog: Catalog;
  locale: string;
  /** The locale's number format and plural rules, made at their first use (making one takes a while: the diagnostics of a log format thousands of numbers). */
  numbers?: Intl.NumberFormat;
  plurals?: { rules: Intl.PluralRules; categories: Intl.LDMLPluralRule[] };
}
const slot = globalThis as { [key: symbol]: State | undefined };
const KEY = Symbol.for('zimbra-logs.l10n');
const state = (): State => (slot[KEY] ??= { catalog: english, locale: 'en' });

/** Installs the catalog of `locale` (a BCP 47 tag: `ru`, `en`); English without one. */
export function useCatalog(catalog: Catalog | undefined, locale = 'en'): void {
  slot[KEY] = { catalog: catalog ?? english, locale: catalog ? locale : 'en' };
}

/** Plural categories in the order a plural message lists its forms. */
const ORDER: Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

export const l10n = {
  t: (message: string, ...args: (string | number)[]): string => state().catalog.t(message, ...args),
  /** The language messages are written in. */
  get locale(): string {
    return state().locale;
  },
  /** A number as the language writes it: `12 345` in Russian, `12,345` in English (four digits are not grouped). */
  n: (value: number): string => {
    const s = state();
    return (s.numbers ??= new Intl.NumberFormat(s.locale, { useGrouping: 'min2' } as unknown as Intl.NumberFormatOptions)).format(value);
  },
  /**
   * The form of a plural message for `count`: `forms` is a translated message whose forms are
   * separated by `|`, one per plural category of the language in CLDR order (English: one|other;
   * Russian: one|few|many|other), e.g. `l10n.plural(n, l10n.t('{0} recipient|{0} recipients', l10n.n(n)))`.
   * Every form has the count's `{0}` (that is how tests tell a plural message). A message with
   * fewer forms than categories uses its last form for the others.
   */
  plural(count: number, forms: string): string {
    const list = forms.split('|');
    const s = state();
    if (!s.plurals) {
      const rules = new Intl.PluralRules(s.locale);
      s.plurals = { rules, categories: ORDER.filter((c) => rules.resolvedOptions().pluralCategories.includes(c)) };
    }
    const { rules, categories } = s.plurals;
    const i = categories.indexOf(rules.select(count));
    return list[Math.min(i < 0 ? list.length - 1 : i, list.length - 1)];
  },
};

/**
 * Marks an English message for translation without translating it (gettext's N_): for tables
 * built at module load (the failure causes), translated where they are shown with `l10n.t(text)`.
 * `npm run l10n` reads `msg('...')` as it reads `l10n.t('...')`.
 */
export const msg = (message: string): string => message;
