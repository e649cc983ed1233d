import { LinePattern } from './format';

// SMTP AUTH (SASL) failures, as the MTA host logs them. One failure is often logged twice: by
// saslauthd, which checks the password against Zimbra (it names the account), and by Postfix's
// smtpd (it names the client address, and the account too since Postfix 3.x). The successful
// login is Postfix's `client=..., sasl_method=..., sasl_username=...` line (postfixClient in
// postfix.ts). Both patterns read the message of the syslog line (after `program[pid]: `).

/** smtpd_sasl_glue.c: `msg_warn("%s: SASL %s authentication failed: %s%s%s", namaddr, method, reply, ", sasl_username=", username)`. */
export const postfixSaslFailed: LinePattern = {
  name: 'postfix-sasl-failed',
  description: 'The message of a Postfix smtpd warning: a client failed SMTP AUTH',
  regex: /^warning: (?<clientName>[^\s\[]*)\[(?<clientIp>[^\]\s]+)\](?::\d+)?: SASL (?<mechanism>[\w-]+) authentication failed:(?: ?(?<reason>.*?))?(?:, sasl_username=(?<saslUsername>\S+))?$/,
  fields: {
    clientName: 'client host name (unknown when it has no PTR)',
    clientIp: 'client address',
    mechanism: 'SASL mechanism (LOGIN, PLAIN, CRAM-MD5, ...)',
    reason: "the SASL server's reply (often base64 of the last challenge, or empty)",
    saslUsername: 'the account it tried (Postfix 3.x and later)',
  },
  samples: [
    { line: 'warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: authentication failure', fields: { clientName: 'unknown', clientIp: '203.0.113.9', mechanism: 'LOGIN', reason: 'authentication failure' } },
    { line: 'warning: unknown[203.0.113.80]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=grace@example.com', fields: { clientIp: '203.0.113.80', reason: '(reason unavailable)', saslUsername: 'grace@example.com' } },
    { line: 'warning: unknown[203.0.113.81]: SASL PLAIN authentication failed: ', fields: { mechanism: 'PLAIN', reason: '' } },
    { line: 'warning: unknown[203.0.113.81]: SASL PLAIN authentication failed:', fields: { mechanism: 'PLAIN' } },
    { line: 'warning: scan.example.net[198.51.100.4]:51234: SASL CRAM-MD5 authentication failed: UGFzc3dvcmQ6, sasl_username=bob', fields: { clientName: 'scan.example.net', clientIp: '198.51.100.4', mechanism: 'CRAM-MD5', reason: 'UGFzc3dvcmQ6', saslUsername: 'bob' } },
    { line: 'warning: unknown[2001:db8::7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6', fields: { clientIp: '2001:db8::7', reason: 'UGFzc3dvcmQ6' } },
  ],
  counterSamples: [
    'warning: SASL authentication failure: Password verification failed',
    'warning: unknown[203.0.113.9]: SASL LOGIN authentication aborted',
    'warning: hostname 203-0-113-9.example does not resolve to address 203.0.113.9',
    'lost connection after AUTH from unknown[203.0.113.9]',
  ],
};

/** saslauthd with Zimbra's auth_zimbra mechanism: `auth_zimbra: USER auth failed: REASON` (`auth OK` when it succeeds). */
export const saslauthdFailed: LinePattern = {
  name: 'saslauthd-failed',
  description: 'The message of a saslauthd line: Zimbra refused the password of an SMTP AUTH login',
  regex: /^auth_zimbra: (?<account>\S+) auth failed: (?<reason>.*)$/,
  fields: { account: 'the account (as the client gave it: with or without its domain)', reason: "Zimbra's answer" },
  samples: [
    { line: 'auth_zimbra: bob@example.com auth failed: authentication failed for [bob@example.com]', fields: { account: 'bob@example.com', reason: 'authentication failed for [bob@example.com]' } },
    { line: 'auth_zimbra: henry auth failed: account not found', fields: { account: 'henry', reason: 'account not found' } },
  ],
  counterSamples: ['auth_zimbra: frank@example.com auth OK', 'zmauth: authenticating bob@example.com'],
};
