import { LinePattern, marker } from './format';

/** The levels of a log4j entry, as log4jHeader reads them (formats.test.ts checks that they are its alternatives). */
export const LOG4J_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

/**
 * Zimbra's log4j layout `%d %-5p [%t] [%z] %c{1} - %m` (mailbox.log, audit.log, sync.log, ...).
 * Only the fixed-shape start is a regex; the thread (which may hold spaces, braces, URLs and even
 * `]`) and the context are split by hand in lineInfo.ts.
 */
export const log4jHeader: LinePattern = {
  name: 'zimbra-log4j',
  description: 'Start of a Zimbra log4j entry: timestamp and level',
  regex: /^(?<timestamp>(?<date>\d{4}-\d\d-\d\d) (?<time>\d\d:\d\d:\d\d),(?<millis>\d{3})) (?<level>TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\[/,
  fields: { timestamp: 'server local time, no zone', date: 'YYYY-MM-DD', time: 'HH:MM:SS', millis: 'milliseconds', level: 'log level, padded to 5 characters' },
  samples: [
    { line: '2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up', fields: { timestamp: '2021-11-16 02:38:40,564', level: 'INFO' } },
    { line: '2026-10-13 10:18:11,220 ERROR [qtp1027007693-131:https://192.0.2.21/service/admin/soap/GetServerRequest] [name=admin@example.com;] SoapEngine - handler exception', fields: { level: 'ERROR', millis: '220' } },
    { line: '2021-11-16 02:38:40,564 FATAL [main] [] system - halting', fields: { level: 'FATAL' } },
  ],
  counterSamples: ['\tat com.zimbra.cs.account.AccountServiceException.NO_SUCH_SERVER(AccountServiceException.java:256)', 'Oct  3 10:17:00 mail postfix/smtpd[1]: x'],
};

/** Lines that continue the previous log4j entry (stack traces and ServiceException details). */
export const log4jContinuation: LinePattern = {
  name: 'zimbra-log4j-continuation',
  description: 'A stack-trace or exception-detail line that belongs to the entry above it',
  // Each alternative is anchored and unambiguous (package parts end with '.'), so no backtracking blow-up.
  regex: /^(?:\s+at |\s*\.\.\. \d+ (?:more|common frames omitted)|Caused by: |ExceptionId:|Code:|\s*Suppressed: |(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$))/,
  fields: {},
  samples: [
    { line: '\tat com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471)', fields: {} },
    { line: '        at com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471) ~[zimbrastore.jar:10.0.5_GA_0423]', fields: {} },
    { line: 'Caused by: javax.naming.NameNotFoundException: x', fields: {} },
    { line: '\t... 12 more', fields: {} },
    { line: 'ExceptionId:main:1760350904001:4f2c', fields: {} },
    { line: 'Code:service.FAILURE', fields: {} },
    { line: 'com.zimbra.cs.account.AccountServiceException: no such server', fields: {} },
  ],
  counterSamples: ['2021-11-16 02:38:40,564 INFO  [main] [] soap - x'],
};

/** The mailbox server's start and clean stop, as its SOAP servlet logs them (the end of an INFO entry). */
export const SOAP_START = 'Servlet SoapServlet starting up';
export const SOAP_STOP = 'Servlet SoapServlet shutting down';

export const log4jMarkers = {
  start: marker(SOAP_START, 'The mailbox server started', ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up'], ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet shutting down']),
  stop: marker(SOAP_STOP, 'The mailbox server stopped cleanly', ['2021-11-16 09:00:00,001 INFO  [Thread-12] [] soap - Servlet SoapServlet shutting down'], ['2021-11-16 02:38:40,564 INFO  [main] [] soap - Servlet SoapServlet starting up']),
};
