import { shape } from './format';

// Cheap first tests: which lines a feature reads at all (the patterns of the other formats files
// then take those lines apart).

/** Lines the account report reads: SMTP AUTH, Postfix deliveries and removals, logins, webmail sends, ActiveSync. */
export const reportLine = shape('report-line', 'A line the account report reads', /sasl_username=|: to=<|: removed$| security - cmd=|Sending message to MTA|DeviceID=/, {
  'Oct  3 10:17:03 mta01 postfix/lmtp[2210]: 4FF14284F45: to=<bob@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.2, dsn=2.1.5, status=sent (250 2.1.5 OK)': {},
  'Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed': {},
}, ['Oct  3 10:17:02 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<alice@partner.org>, size=3606, nrcpt=1 (queue active)', 'Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed later']);

/** Of those, the lines that mean the log has accounts to report on (a log of deliveries alone has none). */
export const reportSubject = shape('report-subject', 'A line that names an account the report is about', /sasl_username=|Sending message to MTA| security - cmd=|DeviceID=/, {
  'Oct  3 10:17:02 mta01 postfix/smtpd[21777]: 4FF14284F45: client=laptop.example.com[192.0.2.55], sasl_method=PLAIN, sasl_username=dave@example.com': {},
  '2021-11-15 09:00:01,123 INFO  [qtp1-12] [name=bob@example.com;] security - cmd=Auth; account=bob@example.com; protocol=soap;': {},
}, ['Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed']);

/** Lines with logins (audit.log, mailbox.log, SMTP AUTH), whose accounts and addresses have a hover. */
export const loginLine = shape('login-line', 'A line about a login', / security - |authentication failed|auth_zimbra: |sasl_username=/, {
  'Oct  3 10:17:02 mta01 saslauthd[1234]: auth_zimbra: bob@example.com auth failed: authentication failed for [bob@example.com]': {},
}, ['Oct  3 10:17:04 mta01 postfix/qmgr[9946]: 4FF14284F45: removed']);
