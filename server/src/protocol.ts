// The custom requests between the extension and its language server, declared once: the client
// imports this file too. Every request takes the URI of an open log document.
import { RequestType } from 'vscode-languageserver-protocol';

export interface Position {
  line: number;
  character: number;
}

export interface CollateParams {
  uri: string;
  /** The queue ID to collate; with `position`, the one under the cursor; with neither, the whole file. */
  queueId?: string;
  position?: Position;
  /** `instance/QUEUEID`, to pick one transaction among several of the same queue ID. */
  key?: string;
}

export interface CollateResult {
  /** Exactly what collate.pl prints for the transaction(s). */
  text: string;
  /** The transactions printed, as `instance/QUEUEID`. */
  keys: string[];
}

/** Collates one transaction or the whole document; null when nothing matches. */
export const CollateRequest = new RequestType<CollateParams, CollateResult | null, void>('zimbraLogs/collate');

export interface TransactionSummary {
  key: string;
  queueId: string;
  instance: string;
  /** 0-based line of the transaction's first line. */
  line: number;
  complete: boolean;
  from?: string;
  to: string[];
  /** Final status per recipient (`sent`, `deferred`, `bounced`, `expired`), in recipient order. */
  statuses: string[];
}

export interface TransactionsParams {
  uri: string;
}

/** The document's transactions, in collate.pl's order. */
export const TransactionsRequest = new RequestType<TransactionsParams, TransactionSummary[], void>('zimbraLogs/transactions');

export interface PathParams {
  uri: string;
  /** A line of one of the message's transactions (the code lens gives its first line). */
  line: number;
}

export interface PathResult {
  /** The path in one line, as the code lens shows it. */
  summary: string;
  /** The collated transactions of every hop, then of its notifications, as collate.pl prints them. */
  text: string;
  queueIds: string[];
}

/** The delivery path of the message that has a transaction at `line`. */
export const PathRequest = new RequestType<PathParams, PathResult | null, void>('zimbraLogs/path');
