// The failure-cause table, part 2: wording every MTA uses, Postfix's own wording for failures it
// finds itself (DNS, connections, TLS, size), and last the enhanced status codes alone
// (RFC 3463, registered per RFC 5248) for replies whose text says nothing we know.
import type { CauseRule } from './rule';

const RFC3463 = 'https://www.rfc-editor.org/rfc/rfc3463';

/** Common wording (any MTA), in the order it is tried: a blocklist named in a 5.1.1 reply is a blocklist. */
export const WORDING_RULES: CauseRule[] = [
  {
    id: 'common-blocklist',
    provider: 'common wording',
    cause: 'blocklisted',
    text: /blocked using|spamhaus|barracuda|spamcop|block ?list|black ?list|blacklisted|listed (?:at|on|in) |\bRBL\b|\bDNSBL\b|poor reputation|bad reputation/i,
    samples: [
      // smtp.codes/exchangeonline (Exchange Online Protection).
      'host example-com.mail.protection.outlook.com[52.101.68.5] said: 550 5.7.1 Service unavailable, Client host [198.51.100.7] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/198.51.100.7 (AS16012611) (in reply to MAIL FROM command)',
      '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
      'host mx.example.net[203.0.113.5] said: 554 Your access to this mail system has been rejected due to the sending MTA\'s poor reputation. (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'common-authentication',
    provider: 'common wording',
    cause: 'authentication-policy',
    text: /\bSPF\b|\bDKIM\b|\bDMARC\b|unauthenticated|sender authentication|reverse DNS|\bPTR\b|domain owner policy/i,
    samples: [
      // wordtothewise.com (XS4ALL and Hotmail rejecting under Yahoo's p=reject).
      'host mx.xs4all.nl[194.109.24.5] said: 550 5.7.1 DMARC failure for domain yahoo.com, policy reject (in reply to end of DATA command)',
      'host mx4.hotmail.com[65.55.92.184] said: 550 5.7.0 (COL0-MC6-F31) Unfortunately, messages from (198.51.100.7) on behalf of (yahoo.com) could not be delivered due to domain owner policy restrictions. (in reply to end of DATA command)',
      'host mx.example.org[203.0.113.9] said: 550 5.7.23 The message was rejected because of Sender Policy Framework violation (SPF fail) (in reply to end of DATA command)',
    ],
  },
  {
    id: 'common-spam',
    provider: 'common wording',
    cause: 'spam-content',
    text: /spam|unsolicited|\bUCE\b|content rejected|message content|junk mail/i,
    samples: [
      'host mx.example.net[203.0.113.5] said: 550 5.7.1 Message rejected as spam by Content Filtering. (in reply to end of DATA command)',
      'host mx.example.net[203.0.113.5] said: 554 5.7.1 Spam detected (in reply to end of DATA command)',
    ],
  },
  {
    id: 'common-greylisted',
    provider: 'common wording',
    cause: 'greylisted',
    text: /gr[ae]ylist/i,
    samples: [
      // postgrey's reply (postgrey.schweikert.ch).
      'host mx.example.net[203.0.113.5] said: 450 4.2.0 <bob@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html (in reply to RCPT TO command)',
      'host mx.example.org[203.0.113.9] said: 451 4.7.1 Greylisting in action, please come back later (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'common-rate',
    provider: 'common wording',
    cause: 'rate-limited',
    text: /rate limit|rate-limit|too many (?:connections|messages|recipients|concurrent)|throttl|too fast|sending limit|exceeded the rate/i,
    samples: [
      'host mx.example.net[203.0.113.5] said: 421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later. (in reply to MAIL FROM command)',
    ],
  },
  {
    id: 'common-tls',
    provider: 'common wording',
    cause: 'tls',
    text: /\bTLS\b|STARTTLS|certificate|handshake/i,
    samples: [
      // Gmail's list (support.google.com/a/answer/3726730).
      'host alt1.gmail-smtp-in.l.google.com[142.250.153.26] said: 421 4.7.0 TLS required for RCPT domain, closing connection. (in reply to RCPT TO command)',
      'host mx.example.net[203.0.113.5] said: 530 5.7.0 Must issue a STARTTLS command first (in reply to MAIL FROM command)',
    ],
  },
  {
    id: 'common-relay',
    provider: 'common wording',
    cause: 'relay-denied',
    text: /relay access denied|relaying denied|relay not permitted|relaying not allowed|not permitted to relay|unable to relay|relay prohibited/i,
    samples: [
      'host mx.example.net[203.0.113.5] said: 554 5.7.1 <bob@example.net>: Relay access denied (in reply to RCPT TO command)',
      'host mx.example.net[203.0.113.5] said: 550 5.7.1 Unable to relay for bob@example.net (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'common-user-unknown',
    provider: 'common wording',
    cause: 'recipient-unknown',
    text: /user unknown|unknown user|no such user|user not found|unknown recipient|recipient not found|invalid recipient|no such (?:mailbox|recipient|address)|does ?n[o']t exist|address rejected|mailbox unavailable|mailbox not found|account (?:is )?disabled|no mailbox/i,
    samples: [
      'host mx0.partner.org[203.0.113.20] said: 550 5.1.1 <invoice@partner.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)',
      'host mx.example.net[203.0.113.5] said: 550 No such user here (in reply to RCPT TO command)',
      // Gmail's 5.1.1 (support.google.com/a/answer/3726730).
      'host gmail-smtp-in.l.google.com[142.250.27.26] said: 550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient\'s email address for typos or unnecessary spaces. (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'common-quota',
    provider: 'common wording',
    cause: 'mailbox-full',
    text: /over ?quota|quota exceeded|exceeded (?:the |their |its )?(?:storage|quota)|mailbox (?:is )?full|mailbox size limit|out of storage|insufficient (?:system )?storage|user has exhausted/i,
    samples: [
      // Zimbra's LMTP (mailbox.log `rejecting message ...: overquota`).
      '452 4.2.2 Over quota',
      'host mx.example.net[203.0.113.5] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)',
      // Gmail's list (support.google.com/a/answer/3726730).
      'host gmail-smtp-in.l.google.com[142.250.27.26] said: 452-4.2.2 The recipient\'s inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'common-too-large',
    provider: 'common wording',
    cause: 'message-too-large',
    text: /message size|too large|too big|exceeds (?:the )?(?:fixed )?maximum (?:message )?size|size limit/i,
    samples: [
      'host mx.example.net[203.0.113.5] said: 552 5.3.4 Message size exceeds fixed maximum message size (in reply to end of DATA command)',
      // Postfix itself (smtp(8)) when the server's SIZE is smaller.
      'message size 31457280 exceeds size limit 20971520 of server mx.example.net[203.0.113.5]',
    ],
  },
];

/** Postfix's wording for failures it finds itself: DNS, connections, TLS (before the codes: its DSNs are generic). */
export const POSTFIX_RULES: CauseRule[] = [
  {
    id: 'postfix-host-not-found',
    provider: 'Postfix',
    cause: 'domain-not-found',
    text: /host or domain name not found|name service error|domain not found|\bNXDOMAIN\b|no mx host|MX host .{0,64}? not found|has no valid MX/i,
    samples: [
      'Host or domain name not found. Name service error for name=exmaple.com type=MX: Host not found, try again',
      'delivery temporarily suspended: Host or domain name not found. Name service error for name=mx.example.net type=A: Host not found, try again',
    ],
  },
  {
    id: 'postfix-connect',
    provider: 'Postfix',
    cause: 'connection-failed',
    text: /connect to |connection timed out|connection refused|no route to host|network is unreachable|lost connection|conversation with|timed out while|connection reset|server greeting|unable to look up|host not found/i,
    samples: [
      'connect to mx.example.net[203.0.113.5]:25: Connection timed out',
      'delivery temporarily suspended: connect to mx.example.net[203.0.113.5]:25: Connection refused',
      'lost connection with mx.example.net[203.0.113.5] while receiving the initial server greeting',
      'conversation with mx.example.net[203.0.113.5] timed out while sending end of data -- message may be sent more than once',
    ],
  },
];

/** The enhanced status codes alone (RFC 3463 subjects and details), when no wording matched. */
export const CODE_RULES: CauseRule[] = [
  { id: 'rfc3463-x.1.1', provider: 'RFC 3463', cause: 'recipient-unknown', code: /^[45]\.1\.(?:1|10|6)$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 550 5.1.1 Rejected (in reply to RCPT TO command)'] },
  { id: 'rfc3463-x.1.2', provider: 'RFC 3463', cause: 'domain-not-found', code: /^[45]\.1\.2$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 550 5.1.2 Bad destination system address (in reply to RCPT TO command)'] },
  { id: 'rfc3463-x.2.2', provider: 'RFC 3463', cause: 'mailbox-full', code: /^[45]\.2\.2$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 452 4.2.2 Try later (in reply to RCPT TO command)'] },
  { id: 'rfc3463-x.3.4', provider: 'RFC 3463', cause: 'message-too-large', code: /^[45]\.(?:3\.4|2\.3)$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 552 5.3.4 Rejected (in reply to end of DATA command)'] },
  { id: 'rfc3463-x.4.1', provider: 'RFC 3463', cause: 'connection-failed', code: /^4\.4\.[12]$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 451 4.4.2 Timeout (in reply to end of DATA command)'] },
  { id: 'rfc3463-x.7.1-relay', provider: 'RFC 3463', cause: 'relay-denied', code: /^5\.7\.64$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 550 5.7.64 TenantAttribution; ATTR36 (in reply to RCPT TO command)'] },
  { id: 'rfc7372-auth', provider: 'RFC 7372', cause: 'authentication-policy', code: /^5\.7\.(?:2[0-9]|9)$/, link: 'https://www.rfc-editor.org/rfc/rfc7372', samples: ['host mx.example.net[203.0.113.5] said: 550 5.7.20 Message rejected by policy (in reply to end of DATA command)'] },
  { id: 'rfc3463-x.7.10-tls', provider: 'RFC 3463', cause: 'tls', code: /^[45]\.7\.10$/, link: RFC3463, samples: ['host mx.example.net[203.0.113.5] said: 530 5.7.10 Encryption needed (in reply to MAIL FROM command)'] },
];

/** Vague wording, tried after the codes: "try again later" alone says only that the receiver is holding back. */
export const LATE_RULES: CauseRule[] = [
  {
    id: 'common-try-later',
    provider: 'common wording',
    cause: 'rate-limited',
    text: /try again later|try later|server busy|temporarily deferred|temporarily rejected|come back later/i,
    samples: [
      // Gmail's list (support.google.com/a/answer/3726730): a generic temporary refusal at the HELO stage.
      'host gmail-smtp-in.l.google.com[142.250.27.26] said: 421-4.7.0 Try again later, closing connection. (EHLO) (in reply to EHLO command)',
      'host mx0.partner.org[203.0.113.20] said: 421 4.7.0 Try again later (in reply to end of DATA command)',
    ],
  },
  {
    id: 'postfix-refused-to-talk',
    provider: 'Postfix',
    cause: 'connection-failed',
    text: /refused to talk to me/i,
    samples: ['host mx.example.net[203.0.113.5] refused to talk to me: 554 mx.example.net ESMTP not accepting messages'],
  },
];
