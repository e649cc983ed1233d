// One entry of the failure-cause table: a pattern over the enhanced status code and one over the
// reply text (both must match when both are given), the cause, and our own words about it. The
// samples are replies as Postfix logs them; test/unit/causes.test.ts checks that each sample is
// classified by its own entry, so that an entry shadowed by an earlier one fails the tests.
//
// Patterns see text written by strangers: they are literal words and alternations, case-insensitive,
// with no quantified group that could backtrack (linear time whatever the reply).
import type { Cause } from './causes';

export interface CauseRule {
  /** Unique, stable: `gmail-5.7.26`, `postfix-host-not-found`. */
  id: string;
  /** Gmail, Microsoft, Yahoo, Mail.ru, Yandex, RFC 3463, Postfix, or "common wording". */
  provider: string;
  cause: Cause;
  /** Tested on the enhanced status code (`5.7.26`): from the reply, else the DSN. */
  code?: RegExp;
  /** Tested on the reply text. */
  text?: RegExp;
  /** When given, replaces the cause's default explanation (causes.ts). */
  explanation?: string;
  remedy?: string;
  /** The provider's own page about it: the only links the editor shows. */
  link?: string;
  /** Replies this entry must classify (the table tests itself). */
  samples: string[];
}
