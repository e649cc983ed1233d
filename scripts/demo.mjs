// `npm run demo`: the CLI on the sample logs that ship in samples/ (run after the build).
import { spawnSync } from 'node:child_process';

/** Runs one subcommand and prints what it printed; a status other than 0 (found) is shown. */
const show = (title, args, lines = Infinity) => {
  console.log(`\n\x1b[1m$ zimbra-logs ${args.join(' ')}\x1b[0m   # ${title}`);
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  const out = r.stdout.split('\n');
  process.stdout.write(out.length > lines ? `${out.slice(0, lines).join('\n')}\n[... ${out.length - lines} more lines]\n` : r.stdout);
  process.stderr.write(r.stderr);
  if (r.status !== 0) console.log(`(exit status ${r.status})`);
};

show('every Postfix transaction of the sample MTA log, grouped as collate.pl does', ['collate', 'samples/zimbra.log']);
show("the article's workflow: the transaction that carries one Message-ID", ['collate', '--grep', '<a1b2c3@laptop\\.example\\.com>', 'samples/zimbra.log']);
show('one message followed across its queue IDs to its delivery', ['trace', '<a1b2c3@laptop.example.com>', 'samples/zimbra.log', 'samples/mailbox.log']);
show('totals, per hour, top senders and recipients, errors, failed logins', ['summary', 'samples/zimbra.log', 'samples/mailbox.log', 'samples/audit.log'], 25);
show('per account: logins, mail sent, whether it looks hijacked', ['accounts', 'samples/audit.log', 'samples/mailbox.log', 'samples/zimbra.log'], 25);
show('everything one account did, in all the logs, in time order', ['activity', 'bob@example.com', 'samples/audit.log', 'samples/mailbox.log', 'samples/zimbra.log']);
show('what preceded each restart of the mailbox server', ['restarts', 'samples/mailbox.log']);
show('who deleted, moved or redirected mail, changed filters or settings', ['changes', 'bob@example.com', 'samples/mailbox.log', 'samples/audit.log']);
show('failed logins per account and per address, and the bursts', ['logins', 'samples/audit.log', 'samples/mailbox.log', 'samples/zimbra.log']);
show('the log with addresses, hosts and accounts replaced by pseudonyms, to share', ['redact', 'samples/zimbra.log'], 8);
show('every failed delivery with its cause, grouped by cause and destination domain', ['failures', 'samples/zimbra.log']);
show('events per time bucket across the logs, and the restarts (--html OUT writes a chart)', ['timeline', 'samples/zimbra.log', 'samples/mailbox.log', 'samples/audit.log']);
