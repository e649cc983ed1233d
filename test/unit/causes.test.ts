// The failure-cause table tests itself: each sample is classified by its own entry (an entry
// shadowed by an earlier one fails), then replies collected from public pages and real logs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafe, assertSafeSources } from './recheck';
import { CAUSE_RULES, classify, enhancedCode, replyText } from '../../server/src/engine/causes/classify';
import { CAUSES } from '../../server/src/engine/causes/causes';

test('every entry of the cause table classifies its own samples', () => {
  const ids = new Set<string>();
  for (const r of CAUSE_RULES) {
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    ids.add(r.id);
    assert.ok(r.samples.length > 0, `${r.id} has samples`);
    assert.ok(r.code || r.text, `${r.id} has a pattern`);
    for (const s of r.samples) {
      const c = classify(s, '', 'bounced');
      assert.equal(c.rule, r.id, `${s}\n  → ${c.rule} (${c.cause}), expected ${r.id}`);
      assert.equal(c.cause, r.cause);
      assert.ok(c.explanation.length > 10 && c.remedy.length > 10);
    }
  }
});

test('every cause but other has at least one entry, and every provider the issue names is in the table', () => {
  for (const cause of CAUSES) if (cause !== 'other') assert.ok(CAUSE_RULES.some((r) => r.cause === cause), cause);
  for (const p of ['Gmail', 'Microsoft', 'Yahoo', 'Mail.ru', 'Yandex', 'RFC 3463', 'Postfix']) assert.ok(CAUSE_RULES.some((r) => r.provider === p), p);
});

// Replies from public sources (not the table's own samples), with the cause each must get.
const PUBLIC: [string, string, string][] = [
  // Gmail, support.google.com/a/answer/3726730.
  ['host gmail-smtp-in.l.google.com[142.250.27.27] said: 550-5.7.1 [198.51.100.7] Gmail has detected that this message is likely suspicious due to the very low reputation of the sending IP address. (in reply to end of DATA command)', '5.7.1', 'spam-content'],
  ['host gmail-smtp-in.l.google.com[142.250.27.27] said: 421-4.7.0 IP not in whitelist for RCPT domain, closing connection. (in reply to RCPT TO command)', '4.7.0', 'other'],
  ['host gmail-smtp-in.l.google.com[142.250.27.27] said: 452-4.2.2 The email account that you tried to reach is over quota. (in reply to RCPT TO command)', '4.2.2', 'mailbox-full'],
  ['host gmail-smtp-in.l.google.com[142.250.27.27] said: 552-5.2.3 Your message exceeded Google\'s message size limits. (in reply to end of DATA command)', '5.2.3', 'message-too-large'],
  // Gmail 5.7.1 used for a custom domain policy (gcdp): not spam, not authentication.
  ['host aspmx.l.google.com[142.250.27.27] said: 550 5.7.1 This message violates example.com email policy. - gcdp abc - gsmtp (in reply to end of DATA command)', '5.7.1', 'other'],
  // Microsoft, smtpfieldmanual.com/spamfilter/exchangeonline and learn.microsoft.com NDR list.
  ['host example-com.mail.protection.outlook.com[52.101.68.5] said: 550 5.7.1 Service unavailable, Helo domain is listed in Spamhaus. (S8001) (in reply to MAIL FROM command)', '5.7.1', 'blocklisted'],
  ['host example-com.mail.protection.outlook.com[52.101.68.5] said: 451 4.7.500 Server busy. Please try again later from [198.51.100.7]. (AS77712344) (in reply to RCPT TO command)', '4.7.500', 'rate-limited'],
  ['host example-com.mail.protection.outlook.com[52.101.68.5] said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup (in reply to RCPT TO command)', '5.1.10', 'recipient-unknown'],
  // Yahoo, bentonow.com/smtp-errors/yahoo.
  ['host mta6.am0.yahoodns.net[67.195.204.77] said: 421 4.7.0 [TSS04] Messages from 198.51.100.7 temporarily deferred due to unexpected volume or user complaints (in reply to MAIL FROM command)', '4.7.0', 'rate-limited'],
  ['host mta6.am0.yahoodns.net[67.195.204.77] said: 554 5.7.9 Message not accepted for policy reasons. See https://postmaster.yahooinc.com/error-codes (in reply to end of DATA command)', '5.7.9', 'authentication-policy'],
  // Comcast under Yahoo's p=reject, wordtothewise.com (2014).
  ['host mx1.comcast.net[96.114.157.80] said: 550 5.2.0 meQj1n01053u42A0HeQj3v Message rejected due to DMARC. Please see http://postmaster.comcast.net/smtp-error-codes.php#DM000001 (in reply to end of DATA command)', '5.2.0', 'authentication-policy'],
  // Yandex, yandex.com/support/mail/bounces.
  ['host mx.yandex.ru[77.88.21.249] said: 554 5.7.1 Client host [198.51.100.7] blocked using; see https://ya.cc/1IrBc (in reply to MAIL FROM command)', '5.7.1', 'blocklisted'],
  // Postfix's own wording (postfix.org, smtp(8) and bounce logs in the shared corpus).
  ['connect to mx.example.net[203.0.113.5]:25: No route to host', '4.4.1', 'connection-failed'],
  ['TLS is required, but was not offered by host mx.example.net[203.0.113.5]', '4.7.4', 'tls'],
  ['Server certificate not verified', '4.7.5', 'tls'],
  ['unknown user: "bob"', '5.1.1', 'recipient-unknown'],
  ['mail for example.com loops back to myself', '5.4.6', 'other'],
  ['host mx.example.net[203.0.113.5] said: 550 5.7.1 <spam@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)', '5.7.1', 'recipient-unknown'],
];

test('replies collected from public sources get their cause', () => {
  for (const [reply, dsn, cause] of PUBLIC) assert.equal(classify(reply, dsn).cause, cause, reply);
});

test('5.7.1 means what its text says: spam, blocklist, relay, unknown user', () => {
  const said = (t: string) => `host mx.example.net[203.0.113.5] said: 550 5.7.1 ${t} (in reply to RCPT TO command)`;
  assert.equal(classify(said('Our system has detected that this message is likely unsolicited mail.'), '5.7.1').cause, 'spam-content');
  assert.equal(classify(said('Client host [198.51.100.7] blocked using zen.spamhaus.org'), '5.7.1').cause, 'blocklisted');
  assert.equal(classify(said('<x@example.net>: Relay access denied'), '5.7.1').cause, 'relay-denied');
  assert.equal(classify(said('Rejected'), '5.7.1').cause, 'other');
});

test('the class of other follows the DSN; the code comes from the reply before the DSN', () => {
  assert.equal(classify('host mx[203.0.113.5] said: 451 4.3.0 Mail server temporarily rejected message', '4.3.0').class, 'temporary');
  const p = classify('host mx[203.0.113.5] said: 554 5.0.0 Rejected', '5.0.0');
  assert.equal(p.cause, 'other');
  assert.equal(p.class, 'permanent');
  assert.notEqual(p.explanation, classify('host mx[203.0.113.5] said: 451 4.3.0 Refused', '4.3.0').explanation);
  assert.equal(enhancedCode('host x said: 550-5.7.26 This mail', '5.0.0'), '5.7.26');
  assert.equal(enhancedCode('connect to x: Connection refused', '4.4.1'), '4.4.1');
  assert.equal(replyText('host mx.spam.example[1.2.3.4] said: 550 <spam@x.example>: nope (bob@x.example)'), '550 <>: nope (@)');
});

test('the patterns stay linear on long hostile replies', () => {
  // recheck finds no super-linear worst case in the classifier's patterns, nor in the cause rules' (deterministic).
  assertSafeSources('server/src/engine/causes/classify.ts');
  for (const r of CAUSE_RULES) for (const re of Object.values(r).filter((v): v is RegExp => v instanceof RegExp)) assertSafe(re, `cause rule ${r.id}`);
  for (const u of ['a', 'a@', '<', 'a.', '5.', ' ', 'try again ', 'MX host ']) classify(u.repeat(100_000 / u.length), '5.0.0');
});
