import { CliError } from './errors';
import { l10n } from '../engine/l10n';

export interface ParsedArgs {
  options: Record<string, string | boolean>;
  positional: string[];
}

/** Long options only: `--name value` / `--name=value` for strings, `--name` for flags; `--` ends options. */
export function parseArgs(argv: readonly string[], spec: Record<string, 'string' | 'boolean'>): ParsedArgs {
  const options: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const kind = spec[name];
      if (!kind) throw new CliError(l10n.t('unknown option --{0} (see --help)', name));
      if (kind === 'boolean') {
        if (eq >= 0) throw new CliError(l10n.t('--{0} takes no value', name));
        options[name] = true;
      } else if (eq >= 0) {
        options[name] = a.slice(eq + 1);
      } else {
        if (i + 1 >= argv.length) throw new CliError(l10n.t('--{0} needs a value', name));
        options[name] = argv[++i];
      }
    } else if (a.startsWith('-') && a !== '-') {
      throw new CliError(l10n.t('unknown option {0} (see --help)', a));
    } else {
      positional.push(a);
    }
  }
  return { options, positional };
}
