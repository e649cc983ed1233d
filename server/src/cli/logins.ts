// `zimbra-logs logins FILE... [--json]`: failed logins per account and per client address, per
// protocol, and the bursts (engine/investigate/security.ts: the failed-login definition the
// account report uses, parseLogin and smtpAuth.ts; read through the byte prefilter).
import { loginScan } from '../disk/investigateScan';
import { Burst, BurstSettings, defaultBurstSettings, LoginAttempt, SecurityScan } from '../engine/investigate/security';
import { visible } from '../engine/visible';
import { counts } from '../features/investigate/logLike';
import { l10n } from '../engine/l10n';
import { CliError } from './errors';
import { found, groupsOf, investigateArgs, jsonTime, time, writeJson } from './investigateCommon';

export const loginsHelp = (): string =>
  l10n.t(
    `Usage: zimbra-logs logins FILE... [--json] [--burst-count N] [--burst-minutes M] [--year YYYY]

Failed logins, as the account report counts them: audit.log (cmd=Auth), mailbox.log
("authentication failed for [...]"), and the MTA's SMTP AUTH (Postfix and saslauthd in
zimbra.log, one failure logged by both counted once); successful logins too. Per account
and per client address, per protocol, and the bursts: N failures within M minutes from
one address or against one account, as Fail2Ban counts them.

  --json             {"accounts": {ACCOUNT: {"failed", "ok", "byProtocol", "addresses"}},
                      "addresses": {IP: {"failed", "accounts"}},
                      "bursts": [{"kind": "account" | "address", "key", "count", "first", "last"}]}
  --burst-count N    failures that make a burst (default {0})
  --burst-minutes M  within this many minutes (default {1})
  --year YYYY        the year of the last syslog line of each log (default: from the
                     modification time of its newest file)

"-" reads standard input. Exit status: 0 when some failed login was found, 1 when none
was, 2 on a usage or input error.
`, defaultBurstSettings.burstCount, defaultBurstSettings.burstMinutes,
  );

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
  const out = [l10n.t('{0} failed logins, {1} successful', l10n.n(failures.length), l10n.n(scan.attempts.length - failures.length)), '', l10n.t('Bursts (at least {0} failures within {1} minutes): {2}', s.burstCount, s.burstMinutes, l10n.n(bursts.length))];
  for (const b of bursts) {
    const f = b.failures;
    const who = b.by === 'ip' ? `${l10n.t('from {0}', b.key)}${b.accounts.length ? ` ${l10n.t('against {0}', b.accounts.join(', '))}` : ''}` : `${l10n.t('against {0}', b.key)}${b.ips.length ? ` ${l10n.t('from {0}', b.ips.join(', '))}` : ''}`;
    out.push(`  ${l10n.t('{0} to {1}', time(f[0].time), time(f[f.length - 1].time))}  ${l10n.t('{0} failed', l10n.n(f.length))} ${visible(who)}${b.protocols.length ? ` (${visible(b.protocols.join(', '))})` : ''} · ${at(f[0])}`);
  }
  for (const by of ['account', 'ip'] as const) {
    const rows = scan.tally(by).filter((t) => t.failed > 0);
    out.push('', by === 'ip' ? l10n.t('Per client address, with failures: {0}', l10n.n(rows.length)) : l10n.t('Per account, with failures: {0}', l10n.n(rows.length)));
    for (const t of rows) out.push(`  ${visible(t.key)}: ${l10n.t('{0} failed, {1} ok', l10n.n(t.failed), l10n.n(t.ok))}; ${visible(counts(t.protocols))}; ${by === 'ip' ? l10n.t('accounts') : l10n.t('addresses')}: ${visible(counts(t.others)) || '-'}`);
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
    if (!Number.isFinite(n) || n <= 0) throw new CliError(l10n.t('--{0} needs a positive number', opt));
    settings[key] = n;
  }
  const groups = groupsOf(args.positional, 'logins');
  const scan = await loginScan(groups, args.scan);
  const bursts = scan.bursts(settings);
  if (args.json) writeJson(loginsJson(scan, bursts));
  else process.stdout.write(loginsText(scan, bursts, settings, groups.flat()));
  return found(scan.failures.length);
}
