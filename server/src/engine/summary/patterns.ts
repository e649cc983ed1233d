// The byte patterns and byte classes of the summary's parsing (engine/mailSummary.ts).
import { ascii, pattern } from './scan';
import { summaryMarkers } from '../formats/summaryMarkers';

/** Queue ID characters: hex (short IDs) and the long IDs' base 52 alphabet. */
export const QID = new Uint8Array(256);
for (let c = 0; c < 256; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) QID[c] = 1;

/** Bytes of a program name: all but `[`, `:` and space. */
export const PROGRAM = new Uint8Array(256).fill(1);
PROGRAM[91] = PROGRAM[58] = PROGRAM[32] = 0;

// The markers of formats/summaryMarkers.ts, as bytes.
const S = summaryMarkers;
export const POSTFIX = ascii(S.program.text);
export const SASLAUTHD = ascii(S.saslauthd.text);
export const WARNING = ascii(S.warning.text);
export const AUTH_FAILED = ascii(S.authFailed.text);
export const NOQUEUE = ascii(S.noqueue.text);
export const TO = ascii(S.to.text);
export const CLIENT = ascii(S.client.text);
export const FROM = ascii(S.from.text);
export const REMOVED = ascii(S.removed.text);
export const UID = ascii(S.uid.text);
export const REJECT = ascii(S.reject.text);
export const MILTER_REJECT = ascii(S.milterReject.text);
export const DISCARD = ascii(S.discard.text);
export const SP_FROM_SP = ascii(S.clientAfterStage.text);
export const ORIG_QUEUE_ID = ascii(S.origQueueId.text);
export const EMPTY_SENDER = ascii(S.nullSender.text);
export const SIZE = ascii(S.size.text);
export const STATUS = pattern(S.status.text);
export const RELAY = ascii(S.relay.text);
export const SENT = ascii(S.sent.text);
export const DEFERRED_ = ascii(S.deferred.text);
export const BOUNCED = ascii(S.bounced.text);
export const EXPIRED = ascii(S.expired.text);
export const FAIL = ascii(S.fail.text);
export const ERROR = ascii(S.error.text);
export const FATAL = ascii(S.fatalEntry.text);
export const WARN = ascii(S.warn.text);
export const SP_DASH_SP = ascii(S.loggerEnd.text);
export const FATAL_ = ascii(S.fatal.text);
export const PANIC = ascii(S.panic.text);
export const AUTH_FAILED_FOR = pattern(S.authFailedFor.text);
export const CMD_AUTH = pattern(S.auditAuth.text);
