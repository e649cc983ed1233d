// `zimbra-logs logins FILE... [--json]`: failed logins per account and per client address, per
// protocol, and the bursts (engine/investigate/security.ts: the failed-login definition the
// account report uses, parseLogin and smtpAuth.ts; read through the byte prefilter).
import { loginScan } from '../disk/investigateScan';
import { Burst, BurstSettings, defaultBurstSettings, LoginAttempt, SecurityScan } from '../engine/investigate/security';
import { visible } from '../engine/visible';
import { counts } from '../features/investigate/logLike';
import { CliError } from './errors';
import { found, groupsOf, investigateArgs, jsonTime, time, writeJson } from './investigateCommon';

export const loginsHelp = `Usage: zimbra-logs logins FILE... [--json] [--burst-count N] [--burst-minutes M] [--year YYYY]

Failed logins, as the account report counts them: audit.log (cmd=Auth), mailbox.log
("authentication failed for [...]"), and the MTA's SMTP AUTH (Postfix and saslauthd in
zimbra.log, one failure logged by both counted once); successful logins too. Per account
and per client address, per protocol, and the bursts: N failures within M minutes from
one address or against one account, as Fail2Ban counts them.

  --json             {"accounts": {ACCOUNT: {"failed", "ok", "byProtocol", "addresses"}},
                      "addresses": {IP: {"failed", "accounts"}},
                      "bursts": [{"kind": "account" | "address", "key", "count", "first", "last"}]}
  --burst-count N    failures that make a burst (default ${defaultBurstSettings.burstCount})
  --burst-minutes M  within this many minutes (default ${defaultBurstSettings.burstMinutes})
  --year YYYY        the year of the last syslog line of each log (default: from the
                     modification time of its newest file)

"-" reads standard input. Exit status: 0 when some failed login was found, 1 when none
was, 2 on a usage or input error.
`;

const bump = (r: Record<string, number>, k: string) => (r[k] = (r[k] ?? 0) + 1);

/** The --json shape. */
function loginsJson(scan: SecurityScan, bursts: readonly Burst[]) {
  const accounts: Record<string, { failed: number; ok: number; byProtocol: Record<string, { failed: number; ok: number }>; addresses: Record<string, { failed: number; ok: number }> }> = {};
  const addresses: Record<string, { failed: number; accounts: Record<string, number> }> = {};
  for (const a of scan.attempts) {
    const kind = a.ok ? 'ok' : 'failed';
    if (a.account) {
      const x = (accounts[a.account] ??= { failed: 0, ok: 0, byProtocol: {}, addresses: {} });
      x[kind]++;
      (x.byProtocol[a.protocol ?? 'unknown'] ??= { failed: 0, ok: 0 })[kind]++;
      if (a.ip) (x.addresses[a.ip] ??= { failed: 0, ok: 0 })[kind]++;
    }
    if (a.ip && !a.ok) {
      const x = (addresses[a.ip] ??= { failed: 0, accounts: {} });
      x.failed++;
      if (a.account) bump(x.accounts, a.account);
    }
  }
  return {
    accounts,
    addresses,
    bursts: bursts.map((b) => ({ kind: b.by === 'ip' ? 'address' : 'account', key: b.key, count: b.failures.length, first: jsonTime(b.failures[0].time), last: jsonTime(b.failures[b.failures.length - 1].time) })),
  };
}

function loginsText(scan: SecurityScan, bursts: readonly Burst[], s: BurstSettings, files: readonly string[]): string {
  const failures = scan.failures;
  const at = (a: LoginAttempt) => visible(`${files[a.file]}:${a.line + 1}`);
  const out = [`${failures.length} failed logins, ${scan.attempts.length - failures.length} successful`, '', `Bursts (at least ${s.burstCount} failures within ${s.burstMinutes} minutes): ${bursts.length}`];
  for (const b of bursts) {
    const f = b.failures;
    const who = b.by === 'ip' ? `from ${b.key}${b.accounts.length ? ` against ${b.accounts.join(', ')}` : ''}` : `against ${b.key}${b.ips.length ? ` from ${b.ips.join(', ')}` : ''}`;
    out.push(`  ${time(f[0].time)} to ${time(f[f.length - 1].time)}  ${f.length} failed ${visible(who)}${b.protocols.length ? ` (${visible(b.protocols.join(', '))})` : ''} · ${at(f[0])}`);
  }
  for (const [title, by] of [['Per account', 'account'], ['Per client address', 'ip']] as const) {
    const rows = scan.tally(by).filter((t) => t.failed > 0);
    out.push('', `${title}, with failures: ${rows.length}`);
    for (const t of rows) out.push(`  ${visible(t.key)}: ${t.failed} failed, ${t.ok} ok; ${visible(counts(t.protocols))}; ${by === 'ip' ? 'accounts' : 'addresses'}: ${visible(counts(t.others)) || '-'}`);
  }
  return out.join('\n') + '\n';
}

export async function loginsCommand(argv: string[]): Promise<number> {
  const args = investigateArgs(argv, { 'burst-count': 'string', 'burst-minutes': 'string' });
  const settings: BurstSettings = { ...defaultBurstSettings };
  for (const [opt, key] of [['burst-count', 'burstCount'], ['burst-minutes', 'burstMinutes']] as const) {
    const v = args.options[opt];
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${opt} needs a positive number`);
    settings[key] = n;
  }
  const groups = groupsOf(args.positional, 'logins');
  const scan = await loginScan(groups, args.scan);
  const bursts = scan.bursts(settings);
  if (args.json) writeJson(loginsJson(scan, bursts));
  else process.stdout.write(loginsText(scan, bursts, settings, groups.flat()));
  return found(scan.failures.length);
}
