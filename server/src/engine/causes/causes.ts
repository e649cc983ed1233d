// Why a delivery failed: the fixed list of causes (their names are part of the interface: CLI,
// JSON, diagnostic codes and settings use them) and what we say about each when no entry of the
// table (providers.ts, generic.ts) says something more precise. Every text shown to the user about
// a cause is here or in those tables.
import { msg } from '../l10n';

export const CAUSES = [
  'recipient-unknown',
  'mailbox-full',
  'domain-not-found',
  'connection-failed',
  'tls',
  'authentication-policy',
  'blocklisted',
  'rate-limited',
  'greylisted',
  'spam-content',
  'message-too-large',
  'relay-denied',
  'other',
] as const;

export type Cause = (typeof CAUSES)[number];

/** From the DSN (enhanced status code) class: 4.x.x temporary, 5.x.x permanent. */
export type FailureClass = 'temporary' | 'permanent';

export function isCause(s: string): s is Cause {
  return (CAUSES as readonly string[]).includes(s);
}

export interface CauseText {
  /** One line: what happened. */
  explanation: string;
  /** What the admin can do about it. */
  remedy: string;
}

/** The default texts of each cause (an entry of the table may give its own). */
export const CAUSE_TEXT: Record<Exclude<Cause, 'other'>, CauseText> = {
  'recipient-unknown': {
    explanation: msg('The receiving server says this address does not exist.'),
    remedy: msg('Check the spelling of the address and remove it from lists and aliases; ask the recipient for a working address.'),
  },
  'mailbox-full': {
    explanation: msg("The recipient's mailbox is over its quota."),
    remedy: msg('Nothing to fix on the sending side: the recipient must free space or get a larger quota (a local Zimbra account: raise zimbraMailQuota or clean the mailbox).'),
  },
  'domain-not-found': {
    explanation: msg('The domain of the address has no mail server in DNS (no MX or A record), or DNS did not answer.'),
    remedy: msg('Check the domain for typos; test with `dig MX domain`; if it should exist, check this server\'s DNS resolver.'),
  },
  'connection-failed': {
    explanation: msg('The receiving server could not be reached or dropped the connection.'),
    remedy: msg('Check outbound port 25 (firewall, provider blocks) and whether the remote server is up; Postfix retries temporary failures by itself.'),
  },
  tls: {
    explanation: msg('Encryption (STARTTLS) failed: required but not offered, a certificate that does not verify, or a failed handshake.'),
    remedy: msg('Compare the TLS policy (smtp_tls_security_level, smtp_tls_policy_maps) with what the remote server offers; check certificates and CA files.'),
  },
  'authentication-policy': {
    explanation: msg('The receiver refused the message because the sender is not authenticated: SPF, DKIM or DMARC failed, or the sending IP has no reverse DNS.'),
    remedy: msg('Publish SPF and DKIM for the sending domain (and DMARC), sign outgoing mail, give the sending IP a PTR record matching its HELO name; see the provider\'s sender guidelines.'),
  },
  blocklisted: {
    explanation: msg('The sending IP address or domain is on a blocklist the receiver uses, or banned by the receiver.'),
    remedy: msg('Look the sending IP up (Spamhaus, the provider\'s own tools), find why it was listed (a hijacked account, an open relay), fix that, then request delisting.'),
  },
  'rate-limited': {
    explanation: msg('The receiver is temporarily limiting mail from this server (volume or reputation).'),
    remedy: msg('Let Postfix retry; lower the rate to that destination (per-destination concurrency and rate delay) and check whether an account is sending unusual volume.'),
  },
  greylisted: {
    explanation: msg('Greylisting: the receiver refuses the first attempt from an unknown sender and accepts a retry after a few minutes.'),
    remedy: msg('Nothing to do: Postfix retries and the message goes through; only a failure after many hours needs a look.'),
  },
  'spam-content': {
    explanation: msg('The receiver judged the message to be spam.'),
    remedy: msg('Check the message (links, attachments, wording) and whether the account was hijacked to send spam; authenticate the domain (SPF, DKIM, DMARC).'),
  },
  'message-too-large': {
    explanation: msg('The message is larger than the receiving server (or this one) accepts.'),
    remedy: msg('Send large files as links, or raise the limit if the server is yours (Postfix message_size_limit, Zimbra zimbraMtaMaxMessageSize).'),
  },
  'relay-denied': {
    explanation: msg('The server refused to relay: it does not accept mail for that domain from this client.'),
    remedy: msg('Send through a server that is allowed to relay (mynetworks, SMTP AUTH); for inbound mail, check that the domain is one of the server\'s domains.'),
  },
};

/** `other`: the explanation depends on the DSN class. */
export const OTHER_TEXT: Record<FailureClass, CauseText> = {
  temporary: {
    explanation: msg('A temporary failure not in our table: Postfix keeps retrying until the queue lifetime ends.'),
    remedy: msg('Read the reply; if it repeats for hours, contact the receiving site\'s postmaster.'),
  },
  permanent: {
    explanation: msg('A permanent failure not in our table: the message was returned to its sender.'),
    remedy: msg('Read the reply for the reason; contact the receiving site\'s postmaster if it is unclear.'),
  },
};
