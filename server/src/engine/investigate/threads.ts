// What a log4j thread name says about the request it served: the protocol servers' threads
// (`LmtpServer-7`, `ImapSSLServer-1`, `Pop3Server-2`, `Imap-Idle-Proxy-ImapServer-792`) and
// Jetty's (`qtp1027007693-121:https://...`, ZCS 6/7 `btpool0-1064`) for SOAP and the web client.
import { threadMarkers as T } from '../formats/lineMarkers';

export type ThreadGroup = 'LmtpServer' | 'ImapServer' | 'Pop3Server' | 'SOAP';

/** The protocol group of a thread name, or undefined for other threads (main, MailboxPurge, ...). */
export function threadGroup(thread: string): ThreadGroup | undefined {
  const t = thread.trimStart();
  if (t.startsWith(T.jetty.text) || t.startsWith(T.jettyOld.text)) return 'SOAP';
  if (t.startsWith(T.lmtp.text)) return 'LmtpServer';
  if (t.startsWith(T.imap.text)) return 'ImapServer';
  if (t.startsWith(T.pop3.text)) return 'Pop3Server';
  return undefined;
}

/** The login protocol a thread stands for (audit.log names it; mailbox.log lines do not). */
export function threadProtocol(thread: string): string | undefined {
  const g = threadGroup(thread);
  return g === 'SOAP' ? 'soap' : g === 'ImapServer' ? 'imap' : g === 'Pop3Server' ? 'pop3' : g === 'LmtpServer' ? 'lmtp' : undefined;
}
