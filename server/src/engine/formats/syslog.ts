import { LinePattern } from './format';

/** BSD syslog: `Mmm dd HH:MM:SS host program[pid]: message` (day space- or zero-padded, no year). */
export const bsdSyslog: LinePattern = {
  name: 'bsd-syslog',
  description: 'Traditional syslog line, as written by syslogd/rsyslog and Postfix maillog_file',
  regex: /^(?<timestamp>(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>[ 0-3]?\d) (?<time>\d\d:\d\d:\d\d)) +(?<host>[^\s\[\]]+) (?<program>[^\s\[:]+)(?:\[(?<pid>\d+)\])?: ?/,
  fields: {
    timestamp: 'the whole timestamp (no year, server local time)',
    month: 'month abbreviation', day: 'day of month', time: 'HH:MM:SS',
    host: 'host that logged the line', program: 'program name, e.g. postfix/smtpd or amavis', pid: 'process id, when logged',
  },
  samples: [
    { line: 'Oct  3 10:17:00 mail postfix/smtpd[21777]: connect from zimbra.example.com[168.0.0.4]', fields: { timestamp: 'Oct  3 10:17:00', day: ' 3', host: 'mail', program: 'postfix/smtpd', pid: '21777' } },
    { line: 'Oct 03 10:17:00 mail postfix/qmgr[9946]: 4FF14284F45: removed', fields: { day: '03', program: 'postfix/qmgr' } },
    { line: 'Dec 17 06:29:10 sm02 zmconfigd[91758]: Watchdog: service antivirus status is OK.', fields: { host: 'sm02', program: 'zmconfigd', pid: '91758' } },
    { line: 'Mar 15 10:00:01 mail /postfix-script[1234]: starting the Postfix mail system', fields: { program: '/postfix-script', pid: '1234' } },
    { line: 'Nov  2 06:13:00 mta clamd: SelfCheck: Database status OK.', fields: { program: 'clamd' } },
  ],
  counterSamples: ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up', 'Octo 3 10:17:00 mail x[1]: y'],
};

/** RFC3339 syslog (rsyslog high-precision template): `2015-05-25T13:24:54.453188-03:00 host program[pid]: message`. */
export const rfc3339Syslog: LinePattern = {
  name: 'rfc3339-syslog',
  description: 'Syslog line with an RFC3339 timestamp',
  regex: /^(?<timestamp>(?<date>\d{4}-\d\d-\d\d)T(?<time>\d\d:\d\d:\d\d)(?<fraction>\.\d{1,9})?(?<zone>Z|[+-]\d\d:?\d\d)?) +(?<host>[^\s\[\]]+) (?<program>[^\s\[:]+)(?:\[(?<pid>\d+)\])?: ?/,
  fields: {
    timestamp: 'the whole timestamp', date: 'YYYY-MM-DD', time: 'HH:MM:SS', fraction: 'fraction of a second', zone: 'UTC offset',
    host: 'host that logged the line', program: 'program name', pid: 'process id, when logged',
  },
  samples: [
    { line: '2015-05-25T13:24:54.453188-03:00 mta-in-01 postfix/lmtp[28300]: 5261B2816D5: to=<deugenin@example.com>, relay=mailbox-02.zboxapp.com[182.168.0.172]:7025, delay=0.12, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)', fields: { timestamp: '2015-05-25T13:24:54.453188-03:00', zone: '-03:00', host: 'mta-in-01', program: 'postfix/lmtp', pid: '28300' } },
    { line: '2022-01-08T19:42:13.557199+00:00 mail postfix/qmgr[659]: 1F5A2194AA9: removed', fields: { fraction: '.557199', program: 'postfix/qmgr' } },
  ],
  counterSamples: ['Oct  3 10:17:00 mail postfix/smtpd[1]: connect from x'],
};
