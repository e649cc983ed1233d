// The failure-cause table, part 1: the big providers' own replies, read from their public
// postmaster and error-code pages (facts only; the explanations and remedies are ours). These come
// before the generic entries: the same code (5.7.1 above all) means different things at each.
import { msg } from '../l10n';
import type { CauseRule } from './rule';

const GMAIL = 'https://support.google.com/a/answer/3726730';
const MICROSOFT = 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online';
const YAHOO = 'https://senders.yahooinc.com/smtp-error-codes';
const YANDEX = 'https://yandex.com/support/mail/';
const MAILRU = 'https://help.mail.ru/developers/';

export const PROVIDER_RULES: CauseRule[] = [
  // Gmail (support.google.com/a/answer/3726730: "Gmail SMTP errors and codes").
  {
    id: 'gmail-5.7.26',
    provider: 'Gmail',
    cause: 'authentication-policy',
    code: /^5\.7\.26$/,
    explanation: msg('Gmail refused the message: the sender is not authenticated (neither SPF nor DKIM passes, or DMARC fails).'),
    remedy: msg('Publish SPF and sign with DKIM for the sending domain, add a DMARC record; see Google\'s email sender guidelines.'),
    link: GMAIL,
    samples: [
      'host gmail-smtp-in.l.google.com[142.250.27.26] said: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. (in reply to end of DATA command)',
      'host gmail-smtp-in.l.google.com[142.250.27.26] said: 550-5.7.26 Unauthenticated email from example.com is not accepted due to domain\'s DMARC policy. (in reply to end of DATA command)',
    ],
  },
  {
    id: 'gmail-5.7.27',
    provider: 'Gmail',
    cause: 'authentication-policy',
    code: /^5\.7\.27$/,
    explanation: msg('Gmail refused the message: SPF for the sending domain does not allow this server\'s IP.'),
    remedy: msg('Add this server\'s public IP to the SPF record of the sending domain.'),
    link: GMAIL,
    samples: ['host gmail-smtp-in.l.google.com[142.250.27.26] said: 550-5.7.27 The sender\'s domain has an SPF record that does not authorize the sending IP address. (in reply to end of DATA command)'],
  },
  {
    id: 'gmail-5.7.25',
    provider: 'Gmail',
    cause: 'authentication-policy',
    code: /^[45]\.7\.25$/,
    explanation: msg('Gmail refused the message: the sending IP address has no reverse DNS (PTR) record.'),
    remedy: msg('Ask whoever owns the IP (hosting provider, ISP) for a PTR record naming this server, matching its HELO name.'),
    link: GMAIL,
    samples: ['host gmail-smtp-in.l.google.com[142.250.27.26] said: 550-5.7.25 The IP address sending this message does not have a PTR record setup. (in reply to end of DATA command)'],
  },
  {
    id: 'gmail-4.7.28',
    provider: 'Gmail',
    cause: 'rate-limited',
    code: /^4\.7\.28$/,
    explanation: msg('Gmail is rate-limiting this server: unusual volume or complaints from its IP or domain.'),
    remedy: msg('Let Postfix retry and slow down to gmail.com; check the domain in Google Postmaster Tools and whether an account sends spam.'),
    link: GMAIL,
    samples: ['host gmail-smtp-in.l.google.com[142.250.27.26] said: 421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. (in reply to end of DATA command)'],
  },
  {
    id: 'gmail-4.2.1',
    provider: 'Gmail',
    cause: 'rate-limited',
    code: /^4\.2\.1$/,
    text: /receiving mail (?:too quickly|at a rate)/i,
    explanation: msg('The Gmail recipient receives mail too fast; Gmail asks to retry later.'),
    remedy: msg('Nothing to fix: Postfix retries. If it lasts, the recipient may be flooded by a loop or a list.'),
    link: GMAIL,
    samples: ['host gmail-smtp-in.l.google.com[142.250.27.26] said: 450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. (in reply to RCPT TO command)'],
  },
  {
    id: 'gmail-unsolicited',
    provider: 'Gmail',
    cause: 'spam-content',
    code: /^5\.7\.1$/,
    text: /likely unsolicited mail|likely suspicious due to the very low reputation/i,
    explanation: msg('Gmail judged the message to be unsolicited mail (spam) and blocked it.'),
    remedy: msg('Check the message and the sender\'s recent mail (a hijacked account?); authenticate the domain; watch its reputation in Google Postmaster Tools.'),
    link: GMAIL,
    samples: [
      // wordtothewise.com, "Example bounces due to Yahoo p=reject" (2014).
      'host gmail-smtp-in.l.google.com[173.194.66.27] said: 550-5.7.1 Our system has detected that this message is 550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail, 550-5.7.1 this message has been blocked. (in reply to end of DATA command)',
    ],
  },
  {
    id: 'gmail-4.7.0-unsolicited-rate',
    provider: 'Gmail',
    cause: 'rate-limited',
    code: /^4\.7\.0$/,
    text: /unusual rate of unsolicited mail/i,
    explanation: msg('Gmail temporarily blocks this server for sending an unusual rate of unsolicited mail.'),
    remedy: msg('Find what sent the volume (a hijacked account, a list); slow down to Gmail and let Postfix retry.'),
    link: GMAIL,
    samples: ['host gmail-smtp-in.l.google.com[142.250.27.26] said: 421-4.7.0 Our system has detected an unusual rate of unsolicited mail originating from your IP address. (in reply to end of DATA command)'],
  },
  {
    id: 'gmail-5.2.1-disabled',
    provider: 'Gmail',
    cause: 'recipient-unknown',
    code: /^5\.2\.1$/,
    text: /account that you tried to reach is disabled/i,
    explanation: msg('The Gmail account exists but is disabled: it receives no mail.'),
    remedy: msg('Remove the address from lists; ask the recipient for another address.'),
    link: GMAIL,
    samples: ['host gmail-smtp-in.l.google.com[142.250.27.26] said: 550-5.2.1 The email account that you tried to reach is disabled. (in reply to RCPT TO command)'],
  },

  // Microsoft (Exchange Online / Outlook.com, learn.microsoft.com "Non-delivery reports in Exchange Online").
  {
    id: 'microsoft-5.4.1',
    provider: 'Microsoft',
    cause: 'recipient-unknown',
    code: /^5\.4\.1$/,
    text: /recipient address rejected: access denied/i,
    explanation: msg('Exchange Online does not know the recipient (directory-based edge blocking): the address does not exist there.'),
    remedy: msg('Check the address; if it should exist, the recipient\'s admin must check the accepted domain and the mailbox.'),
    link: MICROSOFT,
    samples: [
      // smtp.codes/exchangeonline.
      'host example-com.mail.protection.outlook.com[52.101.68.5] said: 550 5.4.1 Recipient address rejected: Access denied. [AM4PEPF00025F99.EURPRD83.prod.outlook.com] (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'microsoft-banned-ip',
    provider: 'Microsoft',
    cause: 'blocklisted',
    text: /\bS3150\b|banned sending IP|5\.7\.606|5\.7\.511/i,
    explanation: msg('Microsoft (Outlook.com / Exchange Online) blocks mail from this IP address.'),
    remedy: msg('Fix the cause (spam from a hijacked account?), then request delisting through Microsoft\'s sender support (sender.office.com for Exchange Online).'),
    link: MICROSOFT,
    samples: [
      'host outlook-com.olc.protection.outlook.com[52.101.9.5] said: 550 5.7.1 Unfortunately, messages from [198.51.100.7] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150). (in reply to MAIL FROM command)',
      // smtpfieldmanual.com/spamfilter/exchangeonline.
      'host example-com.mail.protection.outlook.com[52.101.68.5] said: 550 5.7.606 Access denied, banned sending IP [198.51.100.7]. (AS16012609) (in reply to RCPT TO command)',
    ],
  },
  {
    id: 'microsoft-4.7.650',
    provider: 'Microsoft',
    cause: 'rate-limited',
    code: /^4\.7\.65\d$/,
    explanation: msg('Microsoft temporarily limits mail from this IP because of its reputation.'),
    remedy: msg('Let Postfix retry; lower the volume to Microsoft domains and check the IP\'s reputation (Microsoft SNDS).'),
    link: MICROSOFT,
    samples: ['host outlook-com.olc.protection.outlook.com[52.101.9.5] said: 451 4.7.650 The mail server [198.51.100.7] has been temporarily rate limited due to IP reputation. (in reply to MAIL FROM command)'],
  },
  {
    id: 'microsoft-5.7.509',
    provider: 'Microsoft',
    cause: 'authentication-policy',
    code: /^5\.7\.5(?:09|15)$/,
    explanation: msg('Microsoft rejected the message: the sending domain fails DMARC (or lacks the authentication Outlook.com requires of bulk senders).'),
    remedy: msg('Align SPF and DKIM with the From domain and publish DMARC; see Microsoft\'s requirements for high-volume senders.'),
    link: MICROSOFT,
    samples: ['host outlook-com.olc.protection.outlook.com[52.101.9.5] said: 550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject. (in reply to end of DATA command)'],
  },
  {
    id: 'microsoft-mailbox-full',
    provider: 'Microsoft',
    cause: 'mailbox-full',
    code: /^5\.2\.2$/,
    text: /STOREDRV|QuotaExceeded/i,
    link: MICROSOFT,
    samples: ['host example-com.mail.protection.outlook.com[52.101.68.5] said: 552 5.2.2 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Mailbox full[EndDiagnosticData] (in reply to end of DATA command)'],
  },

  // Yahoo (senders.yahooinc.com/smtp-error-codes).
  {
    id: 'yahoo-tss04',
    provider: 'Yahoo',
    cause: 'rate-limited',
    text: /\[?TSS0[14]\]?/,
    explanation: msg('Yahoo temporarily defers mail from this server: unusual traffic or complaints from its IP.'),
    remedy: msg('Let Postfix retry and slow down; check for spam or complaints, see Yahoo\'s sender requirements.'),
    link: YAHOO,
    samples: ['host mta7.am0.yahoodns.net[67.195.204.72] said: 421 4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)'],
  },
  {
    id: 'yahoo-tss09',
    provider: 'Yahoo',
    cause: 'blocklisted',
    text: /\[?TSS09\]?|permanently deferred/i,
    explanation: msg('Yahoo permanently refuses mail from this IP; retrying will not help.'),
    remedy: msg('Stop sending to Yahoo from this IP, fix the cause (spam, hijacked account, authentication) and open a ticket with Yahoo\'s sender support.'),
    link: YAHOO,
    samples: [
      // suped.com, "What causes Yahoo to return TSS09 error".
      'host mta5.am0.yahoodns.net[67.195.228.106] said: 553 5.7.2 [TSS09] All messages from 198.51.100.7 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes (in reply to MAIL FROM command)',
    ],
  },
  {
    id: 'yahoo-5.7.9',
    provider: 'Yahoo',
    cause: 'authentication-policy',
    code: /^5\.7\.9$/,
    text: /policy reasons|DMARC|authentication/i,
    explanation: msg('Yahoo refused the message for policy reasons: typically a DMARC failure of the From domain or missing authentication.'),
    remedy: msg('Authenticate the sending domain (SPF, DKIM aligned with From, DMARC); never send From: a yahoo.com address through your own server.'),
    link: YAHOO,
    samples: [
      // wordtothewise.com, "Example bounces due to Yahoo p=reject" (2014).
      'host mta6.am0.yahoodns.net[98.136.96.91] said: 554 5.7.9 Message not accepted for policy reasons.  See http://postmaster.yahoo.com/errors/postmaster-28.html (in reply to end of DATA command)',
    ],
  },
  {
    id: 'yahoo-no-account',
    provider: 'Yahoo',
    cause: 'recipient-unknown',
    text: /doesn'?t have an? [\w.-]{1,64} account/i,
    link: YAHOO,
    samples: ['host mta6.am0.yahoodns.net[98.136.96.91] said: 554 delivery error: dd This user doesn\'t have a yahoo.com account (bob@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com (in reply to end of DATA command)'],
  },

  // Mail.ru (help.mail.ru, postmaster.mail.ru).
  {
    id: 'mailru-spam',
    provider: 'Mail.ru',
    cause: 'spam-content',
    text: /spam message rejected/i,
    explanation: msg('Mail.ru\'s filter judged the message to be spam and rejected it.'),
    remedy: msg('Check the message and the sender\'s recent mail; Mail.ru\'s reply links a form to appeal with the error code and message ID.'),
    link: MAILRU,
    samples: ['host mxs.mail.ru[94.100.180.31] said: 550 spam message rejected. Please visit https://help.mail.ru/notspam-support/id?c=abc or report details to abuse@corp.mail.ru. Error code: 1F2E3D. ID: 0A1B2C3D. (in reply to end of DATA command)'],
  },
  {
    id: 'mailru-ratelimit',
    provider: 'Mail.ru',
    cause: 'rate-limited',
    text: /too many (?:mails|messages|letters) from your IP|ratelimit/i,
    link: MAILRU,
    samples: ['host mxs.mail.ru[94.100.180.31] said: 421 4.7.0 Try again later, ratelimit exceeded (in reply to RCPT TO command)'],
  },

  // Yandex (yandex.com/support/mail/bounces).
  {
    id: 'yandex-spam',
    provider: 'Yandex',
    cause: 'spam-content',
    text: /suspicion of spam/i,
    explanation: msg('Yandex judged the message\'s content to be spam.'),
    remedy: msg('Check the message and the sender\'s recent mail; a mailbox sending only spam is blocked by Yandex for 24 hours.'),
    link: YANDEX,
    samples: ['host mx.yandex.ru[77.88.21.249] said: 554 5.7.1 [2] Message rejected under suspicion of SPAM; https://ya.cc/1IrBc 1700000000-AbCdEfGh (in reply to end of DATA command)'],
  },
  {
    id: 'yandex-spam-statistics',
    provider: 'Yandex',
    cause: 'blocklisted',
    text: /blocked by spam statistics/i,
    explanation: msg('Yandex blocks mail from this server for a while because of the spam it sent.'),
    remedy: msg('Find and stop what sent spam (a hijacked account); Yandex lifts the block after about a day.'),
    link: YANDEX,
    samples: ['host mx.yandex.ru[77.88.21.249] said: 554 5.7.1 [3] Blocked by spam statistics - see https://ya.cc/1IrBc (in reply to MAIL FROM command)'],
  },
  {
    id: 'yandex-no-such-user',
    provider: 'Yandex',
    cause: 'recipient-unknown',
    text: /no such user!/i,
    link: YANDEX,
    samples: ['host mx.yandex.ru[77.88.21.249] said: 550 5.7.1 No such user! (in reply to RCPT TO command)'],
  },
];
