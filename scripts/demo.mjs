// `npm run demo`: the CLI on the sample logs that ship in samples/ (run after the build).
import { execFileSync } from 'node:child_process';

const cli = (args) => execFileSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
const show = (title, args) => {
  console.log(`\n\x1b[1m$ zimbra-logs ${args.join(' ')}\x1b[0m   # ${title}`);
  process.stdout.write(cli(args));
};

show('every Postfix transaction of the sample MTA log, grouped as collate.pl does', ['collate', 'samples/zimbra.log']);
show("the article's workflow: the transaction that carries one Message-ID", ['collate', '--grep', '<a1b2c3@laptop\\.example\\.com>', 'samples/zimbra.log']);
show('every failed delivery with its cause, grouped by cause and destination domain', ['failures', 'samples/zimbra.log']);
