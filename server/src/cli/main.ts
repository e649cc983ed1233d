// zimbra-logs: the log engine for terminals and servers. One file per subcommand, bundled on its
// own and loaded only when it runs (start-up time counts: collating a 50 MB log takes 0.2 s).
import * as path from 'node:path';
import { CliError } from './errors';
import { LogReadError } from '../io/errors';
import { l10n } from '../engine/l10n';
import { environmentLocale, setLanguage } from '../l10n/locale';

const help = () =>
  l10n.t(`Usage: zimbra-logs <command> [options] [FILE...]

Commands:
  collate [--grep REGEX] [FILE...]   Postfix transactions grouped as collate.pl does
  trace QUERY FILE... [--json]       follow a message across queue IDs, hosts and files
  summary [--json] [FILE...]         totals, per hour, top senders/recipients/hosts, errors, failed logins
  accounts [--json] FILE...          per account: logins, mail sent, and whether it looks hijacked
  failures [--json] FILE...          every failed delivery and reject with its cause, grouped by cause and domain
  timeline FILE... [--json] [--html OUT]  events per time bucket, restarts, bursts of failed logins
  activity QUERY FILE... [--json]    every entry of an account or a client address, in time order
  restarts [--json] FILE...          each mailbox server restart, the errors before it and their root causes
  changes ACCOUNT FILE... [--json]   deletions, moves, redirections, filter/preference/admin changes
  logins [--json] FILE...            failed logins per account, per address, per protocol; the bursts
  redact [FILE...]                   the logs with addresses, hosts and accounts replaced by pseudonyms

Run "zimbra-logs <command> --help" for a command's options.
Files may be gzip-compressed; "-" or no file reads standard input.
Exit status: 0 something found, 1 nothing found, 2 usage or input error.
Messages follow LC_ALL, LC_MESSAGES and LANG (ru or en); --lang ru|en, anywhere, overrides them.
--json output stays in English.
`);

/** Takes `--lang X` / `--lang=X` out of the arguments (every command accepts it): the language it names, if any. */
function takeLang(argv: string[]): string | undefined {
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') break;
    if (argv[i] === '--lang' && i + 1 < argv.length) lang = argv.splice(i--, 2)[1];
    else if (argv[i].startsWith('--lang=')) lang = argv.splice(i--, 1)[0].slice(7);
  }
  if (lang !== undefined && !/^(?:ru|en)(?:[-_].*)?$/i.test(lang)) throw new CliError(l10n.t('--lang: ru or en, not "{0}"', lang));
  return lang;
}

interface Command {
  run: (argv: string[]) => Promise<number>;
  help: () => string;
}

/**
 * A subcommand's own bundle, dist/cli/NAME.js (see esbuild.mjs), loaded only when it runs: the
 * others are never read or parsed, which a short run notices (collate on 50 MB: 4 ms of 0.2 s).
 */
function bundle<T>(name: string): T {
  return require(path.join(__dirname, 'cli', `${name}.js`)) as T;
}

const commands: Record<string, () => Command> = {
  collate: () => {
    const m = bundle<typeof import('./collate')>('collate');
    return { run: m.collateCommand, help: m.collateHelp };
  },
  trace: () => {
    const m = bundle<typeof import('./trace')>('trace');
    return { run: m.traceCommand, help: m.traceHelp };
  },
  summary: () => {
    const m = bundle<typeof import('./summary')>('summary');
    return { run: m.summaryCommand, help: m.summaryHelp };
  },
  accounts: () => {
    const m = bundle<typeof import('./accounts')>('accounts');
    return { run: m.accountsCommand, help: m.accountsHelp };
  },
  failures: () => {
    const m = bundle<typeof import('./failures')>('failures');
    return { run: m.failuresCommand, help: m.failuresHelp };
  },
  timeline: () => {
    const m = bundle<typeof import('./timeline')>('timeline');
    return { run: m.timelineCommand, help: m.timelineHelp };
  },
  activity: () => {
    const m = bundle<typeof import('./activity')>('activity');
    return { run: m.activityCommand, help: m.activityHelp };
  },
  restarts: () => {
    const m = bundle<typeof import('./restarts')>('restarts');
    return { run: m.restartsCommand, help: m.restartsHelp };
  },
  changes: () => {
    const m = bundle<typeof import('./changes')>('changes');
    return { run: m.changesCommand, help: m.changesHelp };
  },
  logins: () => {
    const m = bundle<typeof import('./logins')>('logins');
    return { run: m.loginsCommand, help: m.loginsHelp };
  },
  redact: () => {
    const m = bundle<typeof import('./redact')>('redact');
    return { run: m.redactCommand, help: m.redactHelp };
  },
};

async function main(argv: string[]): Promise<number> {
  setLanguage(environmentLocale(process.env)); // the language of an error in --lang itself
  const lang = takeLang(argv) ?? environmentLocale(process.env);
  // --json is an interface: English keys and values (reasons, notes) whatever the language.
  setLanguage(argv.includes('--json') ? 'en' : lang);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) throw new CliError(l10n.t('unknown command "{0}" (commands: {1})', name, Object.keys(commands).join(', ')));
  const command = load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help());
    return 0;
  }
  return command.run(rest);
}

/** A failure to write standard output: a closed pipe ends quietly (as with grep); a full disk is an error. */
function outputFailed(e: unknown): boolean {
  const err = e as NodeJS.ErrnoException | undefined;
  if (err?.syscall !== 'write' && err?.code !== 'EPIPE') return false;
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`zimbra-logs: ${l10n.t('standard output: {0}', err.code === 'ENOSPC' ? l10n.t('no space left on device') : err.message)}\n`);
  process.exit(2);
}

process.stdout.on('error', (e) => {
  if (!outputFailed(e)) throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (outputFailed(e)) return;
    if (e instanceof CliError || e instanceof LogReadError) {
      // A file that cannot be read is an input error (2), whichever reader met it.
      process.stderr.write(`zimbra-logs: ${e.message}\n`);
      process.exitCode = e instanceof CliError ? e.code : 2;
    } else {
      process.stderr.write(`zimbra-logs: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 70;
    }
  },
);
