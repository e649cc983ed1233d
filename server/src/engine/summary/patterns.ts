// The byte patterns and byte classes of the summary's parsing (engine/mailSummary.ts).
import { ascii, pattern } from './scan';

/** Queue ID characters: hex (short IDs) and the long IDs' base 52 alphabet. */
export const QID = new Uint8Array(256);
for (let c = 0; c < 256; c++) if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) QID[c] = 1;

/** Bytes of a program name: all but `[`, `:` and space. */
export const PROGRAM = new Uint8Array(256).fill(1);
PROGRAM[91] = PROGRAM[58] = PROGRAM[32] = 0;

export const POSTFIX = ascii('postfix');
export const SASLAUTHD = ascii('saslauthd');
export const WARNING = ascii('warning: ');
export const AUTH_FAILED = ascii('authentication failed');
export const BRACKET_COLON = ascii(']: ');
export const SASL_USERNAME = ascii('sasl_username=');
export const NOQUEUE = ascii('NOQUEUE');
export const TO = ascii('to=<');
export const CLIENT = ascii('client=');
export const FROM = ascii('from=<');
export const REMOVED = ascii('removed');
export const UID = ascii('uid=');
export const REJECT = ascii('reject: ');
export const MILTER_REJECT = ascii('milter-reject: ');
export const DISCARD = ascii('discard: ');
export const SP_FROM_SP = ascii(' from ');
export const ORIG_QUEUE_ID = ascii('orig_queue_id=');
export const EMPTY_SENDER = ascii('<>');
export const SIZE = ascii('size=');
export const STATUS = pattern(', status=');
export const RELAY = ascii(', relay=');
export const SENT = ascii('sent');
export const DEFERRED_ = ascii('deferred');
export const BOUNCED = ascii('bounced');
export const EXPIRED = ascii('expired');
export const FAIL = ascii('fail');
export const USER = ascii('[user=');
export const COLON_SP = ascii(': ');
export const ERROR = ascii('ERROR');
export const FATAL = ascii('FATAL');
export const WARN = ascii('WARN');
export const SP_DASH_SP = ascii(' - ');
export const SECURITY = ascii('security');
export const FAILED = ascii('failed');
export const ACCOUNT = ascii('account=');
export const OIP = ascii('oip=');
export const SEMI_IP = ascii(';ip=');
export const BRACKET_IP = ascii('[ip=');
export const FATAL_ = ascii('fatal: ');
export const PANIC = ascii('panic: ');
export const AUTH_FAILED_FOR = pattern('authentication failed for [');
export const CMD_AUTH = pattern(' security - cmd=Auth;');
