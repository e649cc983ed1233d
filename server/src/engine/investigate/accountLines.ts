// The words of the account report's body, in the user's language: the CLI's `accounts` and the
// editor's account report document write the same lines. Each takes the figures and a way to
// write a time (the document shortens them to MM-DD HH:MM:SS); values taken from the log (client
// names, addresses) are left as they are: the caller makes them visible.
import { l10n } from '../l10n';
import type { LoginFigures, SentFigures } from './accountFigures';
import type { SaslAddress } from './accountReport';

type Time = (t: string) => string;
const asIs: Time = (t) => t;
const span = (first: string, last: string, time: Time) => l10n.t('{0} to {1}', time(first), time(last));
const percent = (share: number) => Math.round(share * 100);

/** `  logins: 3 ok, 1 failed: activesync 3 (+1 failed); FIRST to LAST`. */
export function loginsLine(l: LoginFigures, time: Time = asIs): string {
  const protos = Object.entries(l.byProtocol)
    .map(([p, v]) => (v.failed ? l10n.t('{0} {1} (+{2} failed)', p, l10n.n(v.ok), l10n.n(v.failed)) : `${p} ${l10n.n(v.ok)}`))
    .join(', ');
  const counts = l10n.t('logins: {0} ok, {1} failed', l10n.n(l.ok), l10n.n(l.failed));
  return `  ${counts}${protos ? `: ${protos}` : ''}${l.first && l.last ? `; ${span(l.first, l.last, time)}` : ''}`;
}

/** `  addresses: 192.0.2.55 2 (1 failed) FIRST to LAST, …`, or nothing without addresses. */
export function addressesLine(l: LoginFigures, time: Time = asIs): string | undefined {
  const list = Object.entries(l.addresses).map(([ip, v]) => {
    const failed = v.failed ? ` ${l10n.t('({0} failed)', l10n.n(v.failed))}` : '';
    return `${ip} ${l10n.n(v.ok + v.failed)}${failed} ${span(v.first, v.last, time)}`;
  });
  return list.length ? `  ${l10n.t('addresses: {0}', list.join(', '))}` : undefined;
}

/** `  clients: Thunderbird/128.3 2, …` (most used first), or nothing. */
export function clientsLine(l: LoginFigures): string | undefined {
  const list = Object.entries(l.clients)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${l10n.n(v)}`);
  return list.length ? `  ${l10n.t('clients: {0}', list.join(', '))}` : undefined;
}

/** `  sent: 2 messages to 1 recipients (webmail 1/0, SMTP AUTH 1/1); free-mail 0 %, bounced 100 %, deferred 0 %`. */
export function sentLine(s: SentFigures): string {
  return `  ${l10n.t(
    'sent: {0} messages to {1} recipients (webmail {2}/{3}, SMTP AUTH {4}/{5}); free-mail {6} %, bounced {7} %, deferred {8} %',
    l10n.n(s.messages),
    l10n.n(s.recipients),
    l10n.n(s.webmail.messages),
    l10n.n(s.webmail.recipients),
    l10n.n(s.smtpAuth.messages),
    l10n.n(s.smtpAuth.recipients),
    percent(s.freemailShare),
    percent(s.bounceShare),
    percent(s.deferredShare),
  )}`;
}

/** `  recipients per hour: 10h 1, 11h 4`, or nothing when nothing was sent. */
export function perHourLine(s: SentFigures): string | undefined {
  const hours = Object.entries(s.perHour);
  return hours.length ? `  ${l10n.t('recipients per hour: {0}', hours.map(([h, v]) => `${h.slice(11)}h ${l10n.n(v.recipients)}`).join(', '))}` : undefined;
}

/** The heading of the failed SMTP AUTH logins per client address. */
export const saslHeading = (addresses: number): string => l10n.t('Failed SMTP AUTH (SASL) logins per client address: {0}', l10n.n(addresses));

/** `  203.0.113.9 1 failed (eve@example.com), FIRST to LAST`. */
export function saslLine(ip: string, v: SaslAddress, time: Time = asIs): string {
  const accounts = v.accounts.length ? ` (${v.accounts.join(', ')})` : '';
  return `  ${ip} ${l10n.t('{0} failed', l10n.n(v.failed))}${accounts}, ${span(v.first, v.last, time)}`;
}

/** ` and 12 more` (line references left out). */
export const moreRefs = (count: number): string => ` ${l10n.t('and {0} more', l10n.n(count))}`;
