import { shape } from './format';

// The timestamps that start a line, on their own: where a line's time ends, and whether a line
// starts a new entry (not a continuation). The full headers are in syslog.ts and log4j.ts.

export const log4jStamp = shape('log4j-stamp', 'A log4j timestamp (mailbox.log, audit.log)', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/, { '2021-11-16 02:38:40,564 INFO  [main] [] soap - x': { 0: '2021-11-16 02:38:40,564' } }, ['2015-05-25T13:24:54.453188-03:00 mta postfix/qmgr[1]: x']);
export const bsdStamp = shape('bsd-stamp', 'A BSD syslog timestamp (no year)', /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d/, { 'Oct  3 10:17:00 mail postfix/smtpd[21777]: x': { 0: 'Oct  3 10:17:00' }, 'Oct 03 10:17:00 mail x: y': {} }, ['2021-11-16 02:38:40,564 INFO  [main]']);
export const rfc3339Stamp = shape('rfc3339-stamp', 'An RFC3339 syslog timestamp', /^\d{4}-\d\d-\d\dT\S+/, { '2015-05-25T13:24:54.453188-03:00 mta postfix/qmgr[1]: x': { 0: '2015-05-25T13:24:54.453188-03:00' } }, ['2021-11-16 02:38:40,564 INFO  [main]']);

/** The start of a syslog line (BSD or RFC3339), in its first 16 characters: a new entry, not a continuation line. */
export const syslogStart = shape('syslog-start', 'The first characters of a syslog line', /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:|\d{4}-\d\d-\d\dT)/, { 'Oct  3 10:17:00 ': {}, '2015-05-25T13:24': {} }, ['\tat com.zimbra.x(', '2021-11-16 02:38']);

