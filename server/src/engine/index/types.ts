// The index of one log: what the language server's features and the tracer ask about.
// Line numbers are 0-based lines of the document the index was built from.

export type DeliveryStatus = 'sent' | 'deferred' | 'bounced' | 'expired' | 'undeliverable' | 'deliverable';

export interface Delivery {
  line: number;
  recipient: string;
  origTo?: string;
  relay: string;
  delay?: string;
  /** `a/b/c/d`: before the queue manager, in the queue manager, connection setup, transmission. */
  delays?: string;
  dsn?: string;
  status: DeliveryStatus;
  /** The text in parentheses after the status (the remote server's reply). */
  reply: string;
  /** `queued as B` in the reply: the next hop's queue ID (content filter, remote MTA). */
  queuedAs?: string;
  /** Local forwarding: `forwarded as C`. */
  forwardedAs?: string;
}

export interface AmavisVerdict {
  line: number;
  /** `Passed` or `Blocked`. */
  action: string;
  /** CLEAN, SPAM, INFECTED (name), ... */
  verdict: string;
  queueId?: string;
  messageId?: string;
  hits?: string;
  queuedAs: string[];
  from?: string;
  to: string[];
}

/** One Postfix transaction: one queue ID from its first line to `removed` (queue IDs repeat over time). */
export interface QueueRecord {
  id: number;
  host: string;
  instance: string;
  queueId: string;
  /** Lines that begin with this queue ID, in order. */
  lines: number[];
  /** Lines of other transactions or programs that mention it (`queued as`, `Queue-ID:`, ...). */
  mentions: number[];
  client?: { name: string; ip: string };
  sasl?: { method?: string; username: string };
  origQueueId?: string;
  uid?: string;
  messageId?: string;
  /** The `message-id=` line that gave it `messageId` (-1: none). */
  messageIdLine: number;
  from?: string;
  size?: number;
  nrcpt?: number;
  deliveries: Delivery[];
  /** Bounce or delay notifications this message caused (child queue IDs). */
  notifications: string[];
  /** The queue ID of the message this one is a notification about. */
  notificationOf?: string;
  amavis?: AmavisVerdict;
  removed: boolean;
  /** The `client=` or `uid=` line that started it, or -1 when its start is not in this log. */
  startLine: number;
}

export type Level = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** A log4j entry: its first line and its last (stack trace) line. */
export interface Log4jEntry {
  line: number;
  endLine: number;
  /** Length of the last line (where the entry's range ends). */
  endLength: number;
  level: Level;
  /** The message after `logger - ` (kept for WARN, ERROR and FATAL entries). */
  message?: string;
  /** The last `Caused by:` of its stack trace. */
  rootCause?: string;
}

export interface Restart {
  line: number;
  kind: 'start' | 'stop';
  text: string;
}

/** A Postfix/amavis `warning:` / `error:` / `fatal:` / `panic:` line. */
export interface SyslogProblem {
  line: number;
  length: number;
  severity: 'warning' | 'error' | 'fatal' | 'panic';
  program: string;
  message: string;
}

/** The lines of one smtpd session, from `connect from` to `disconnect from` (for folding). */
export interface SmtpdSession {
  startLine: number;
  endLine: number;
}

/**
 * A mailbox.log line about one message (formats/mailbox.ts): the LMTP delivery, the item added
 * to a folder, a rejected recipient, or a message sent to the MTA by webmail and other clients.
 */
export interface MailboxEvent {
  line: number;
  /** The log4j timestamp, as written (`2026-10-13 10:17:09,401`). */
  time: string;
  kind: 'delivering' | 'added' | 'rejected' | 'duplicate' | 'sent';
  /** Without angle brackets; for `rejected`, the Message-ID of the LMTP delivery of the same thread. */
  messageId?: string;
  sender?: string;
  /** `rejected`: the recipient (`to=`). */
  recipient?: string;
  /** `rejected`: `overquota`, `account or mailbox not found`, ... */
  reason?: string;
  folder?: string;
  /** `acct=` of `Adding Message` (an account name or id). */
  acct?: string;
  /** `sent`: the MTA host and port. */
  mta?: string;
  port?: string;
  thread: string;
  /** The log4j context (`name=`, `ip=`, `oip=`, `ua=`, ...). */
  context: Record<string, string>;
}
