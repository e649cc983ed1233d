// The summary's report (the JSON of `zimbra-logs summary --json`).
import type { Count } from './nameCounts';
import type { MessageGroup } from './messageGroups';

export type { Count };

/** The message counts given in all and per hour. */
export interface DeliveryCounts {
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
  rejected: number;
  discarded: number;
}

export interface HourCounts extends DeliveryCounts {
  /** `Oct 13 10:00` (syslog) or `2026-10-13 10:00` (RFC3339 and log4j). */
  hour: string;
}

export interface SummaryReport {
  lines: number;
  postfix: DeliveryCounts & {
    expired: number;
    /** Messages received back from the content filter (not counted as received). */
    reinjected: number;
    /** `status=sent` hand-offs to the content filter on a loopback relay (not counted as delivered). */
    filtered: number;
    /** Sum of qmgr `size=` of the messages counted as senders. */
    bytesReceived: number;
    /** Messages with at least one deferral. */
    deferredMessages: number;
    perHour: HourCounts[];
    topSenders: Count[];
    topRecipients: Count[];
    /** Remote clients that sent mail (`client=name[ip]`, loopback excluded). */
    topClients: Count[];
    /** Remote hosts mail was delivered to (`relay=`). */
    topRelays: Count[];
    /** Clients rejected most (`reject: RCPT from name[ip]`). */
    topRejected: Count[];
  };
  mailbox: {
    entries: number;
    errors: number;
    fatals: number;
    /** ERROR and FATAL entries by logger, most first. */
    byLogger: { logger: string; level: 'ERROR' | 'FATAL'; count: number }[];
    /** ERROR and FATAL entries by message (with the exception of the next line; numbers and IDs folded), most first. */
    byMessage: MessageGroup[];
  };
  /** Postfix warning:, fatal: and panic: lines by message (numbers and IDs folded), most first. */
  problems: MessageGroup[];
  /** Failed deliveries and rejects by cause (engine/causes), each with its top destination domains. */
  failures: {
    total: number;
    byCause: { cause: string; count: number; temporary: number; permanent: number; first: string; last: string; remedy: string; topDomains: { domain: string; count: number }[] }[];
  };
  logins: {
    failed: number;
    /** Failed logins by where they were seen: `audit`, `mailbox`, `saslauthd`, `smtp-sasl` (as the account report reads them). */
    bySource: Record<string, number>;
    byAccount: Count[];
    byAddress: Count[];
  };
}
