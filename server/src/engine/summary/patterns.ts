// The byte patterns and byte classes of the summary's parsing (engine/mailSummary.ts).
import { pattern } from './scan';
import { markerBytes } from '../formats/format';
import { summaryMarkers } from '../formats/summaryMarkers';

/** Queue ID characters: hex (short IDs) and the long IDs' base 52 alphabet. */
export const QID = new Uint8Array(256);
for (let c = 0; c < 256; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) QID[c] = 1;

/** Bytes of a program name: all but `[`, `:` and space. */
export const PROGRAM = new Uint8Array(256).fill(1);
PROGRAM[91] = PROGRAM[58] = PROGRAM[32] = 0;

// The markers of formats/summaryMarkers.ts, as bytes (and as search patterns, for the longer ones).
export const {
  program: POSTFIX, saslauthd: SASLAUTHD, warning: WARNING, authFailed: AUTH_FAILED, noqueue: NOQUEUE, to: TO, client: CLIENT, from: FROM, removed: REMOVED, uid: UID,
  reject: REJECT, milterReject: MILTER_REJECT, discard: DISCARD, clientAfterStage: SP_FROM_SP, origQueueId: ORIG_QUEUE_ID, nullSender: EMPTY_SENDER, size: SIZE, relay: RELAY,
  sent: SENT, deferred: DEFERRED_, bounced: BOUNCED, expired: EXPIRED, fail: FAIL, error: ERROR, fatalEntry: FATAL, warn: WARN, loggerEnd: SP_DASH_SP, fatal: FATAL_, panic: PANIC,
} = markerBytes(summaryMarkers);
export const STATUS = pattern(summaryMarkers.status.text);
export const AUTH_FAILED_FOR = pattern(summaryMarkers.authFailedFor.text);
export const CMD_AUTH = pattern(summaryMarkers.auditAuth.text);
