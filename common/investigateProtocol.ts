// The investigation requests (account activity, failed logins, restarts, redaction), shared by
// the client and the server. Their answers are documents: text, the language to show it in, and
// where each of its entries came from (links back to files of the workspace folder).
import { RequestType } from 'vscode-languageserver-protocol';

/** A span of the answer's text that stands for a line of a log file. */
export interface SourceLink {
  /** 0-based line of the answer's text, and the characters of it the link covers. */
  line: number;
  start: number;
  end: number;
  /** The log file (a `file:` URI of a file the server found in the folder, or the open document's URI). */
  uri: string;
  /** 0-based line in that file. */
  logLine: number;
  /** `mailbox.log:123`, for the tooltip. */
  label: string;
}

export interface InvestigationResult {
  text: string;
  language: 'zimbra-log' | 'postfix-log' | 'plaintext';
  links: SourceLink[];
  /** Asked with `parts: true`, a large answer comes without its text and links: they come in `count` parts (ResultPartRequest). */
  parts?: { id: number; count: number };
}

/** In the params of a client that takes a large answer in parts (one answer of megabytes holds up the server's others while it is written). */
export interface InParts {
  parts?: boolean;
}

export interface ResultPartParams {
  /** The answer's `parts.id`, and a part from 0 to `parts.count - 1` (after the last one is asked, the server forgets the answer). */
  id: number;
  part: number;
}

export interface ResultPart {
  /** A piece of the answer's text and of its links: the parts one after the other make them whole. */
  text: string;
  links: SourceLink[];
}

/** A part of a large answer; null when the server no longer has it. */
export const ResultPartRequest = new RequestType<ResultPartParams, ResultPart | null, void>('zimbraLogs/resultPart');

export interface ActivityParams extends InParts {
  /** The workspace folder (a `file:` URI) whose logs are read; else the folder of `uri`. */
  folder?: string;
  uri?: string;
  /** An account (`bob@example.com`, `bob`) or an IP address. */
  query: string;
  /** Optional time range: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` (log time), inclusive. */
  from?: string;
  to?: string;
}

export interface ActivityResult extends InvestigationResult {
  entries: number;
  files: string[];
  truncated: boolean;
}

/** Every entry of the folder's logs that concerns one account or address, in time order. */
export const ActivityRequest = new RequestType<ActivityParams, ActivityResult, void>('zimbraLogs/activity');

export interface FailedLoginsParams {
  /** The folder whose audit.log files are read (else the open document `uri` alone). */
  folder?: string;
  uri?: string;
  /** Override the zimbraLogs.security.* settings of the folder (or log); invalid values are ignored. */
  burstCount?: number;
  burstMinutes?: number;
}

export interface FailedLoginsResult extends InvestigationResult {
  failures: number;
  bursts: number;
}

/** Failed logins per account and per address with their protocols, and bursts of failures. */
export const FailedLoginsRequest = new RequestType<FailedLoginsParams, FailedLoginsResult, void>('zimbraLogs/failedLogins');

export interface RestartsParams {
  /** An open mailbox.log: that log alone, unless `folder` is given and the log is one of its mailbox.log files. */
  uri?: string;
  /** The workspace folder whose mailbox.log files (rotated and .gz included) are read, merged in time order. */
  folder?: string;
  /** ERROR/FATAL entries shown per restart (default 5). */
  keep?: number;
}

export interface RestartsResult extends InvestigationResult {
  restarts: number;
}

/** Each restart of the server in the log (or the folder's mailbox.log files) with the last ERROR/FATAL entries before it. */
export const RestartsRequest = new RequestType<RestartsParams, RestartsResult | null, void>('zimbraLogs/restarts');

export interface MailboxChangesParams {
  folder?: string;
  uri?: string;
  account: string;
  from?: string;
  to?: string;
}

export interface MailboxChangesResult extends InvestigationResult {
  changes: number;
}

/** Deletions, moves, purges, redirections, filter, preference and admin changes of an account, in time order. */
export const MailboxChangesRequest = new RequestType<MailboxChangesParams, MailboxChangesResult, void>('zimbraLogs/mailboxChanges');

export interface AccountReportParams {
  folder?: string;
  uri?: string;
  /** Verdict thresholds overriding the zimbraLogs.accounts.* settings of the folder; missing and invalid ones take the settings'. */
  thresholds?: Record<string, number>;
}

export interface AccountReportDocResult extends InvestigationResult {
  accounts: number;
  flagged: number;
  /** Said once for the whole folder (the proxy's address recorded instead of the clients'): shown by the client as a message too. */
  notices: string[];
}

/** Every account of the folder's logs: logins, mail sent, verdict and reasons, flagged first. */
export const AccountReportRequest = new RequestType<AccountReportParams, AccountReportDocResult, void>('zimbraLogs/accountReport');

export interface RedactParams {
  text: string;
}

export interface RedactResult {
  text: string;
  /** Occurrences replaced and distinct values, per kind (email, ip, host, account). */
  counts: Record<string, number>;
  distinct: Record<string, number>;
}

/** The text with addresses, IPs, host and account names replaced by consistent pseudonyms. */
export const RedactRequest = new RequestType<RedactParams, RedactResult, void>('zimbraLogs/redact');

export interface DeliveryProblemsParams {
  /** The folder whose MTA logs (zimbra.log and its rotations, .gz included; other MTA logs) are read. */
  folder?: string;
  /** A log: that log and its rotations (used when no folder is given). */
  uri?: string;
}

export interface DeliveryProblemsResult extends InvestigationResult {
  /** Failed deliveries and rejects found. */
  failures: number;
  /** The logs read (`file:` URIs). */
  files: string[];
}

/** Failed deliveries and rejects with their causes, grouped by cause and by destination domain, each example linked to its line. */
export const DeliveryProblemsRequest = new RequestType<DeliveryProblemsParams, DeliveryProblemsResult, void>('zimbraLogs/deliveryProblems');
