// Regular expressions that read log text run in linear time (issue 19, item 5): each hostile
// input of the review is run at 160 KB, and the regular expressions of the module that reads it
// are checked by recheck (deterministic, test/unit/recheck.ts): the quadratic backtracking they
// replaced (8.8 s for 100 KB of letters in redaction) is reported there as polynomial.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafeSources } from './recheck';
import { Redactor } from '../../server/src/engine/investigate/redact';
import { failureReason } from '../../server/src/engine/investigate/security';
import { LogIndex } from '../../server/src/engine/index/logIndex';
import { ProblemScan } from '../../server/src/engine/index/problemScan';
import { securityHover } from '../../server/src/features/investigate/failedLogins';

/**
 * Runs `run` on a hostile input of 160 KB (it must finish: no exception, no hang), and asserts that
 * recheck finds every regex literal of `sources` (the module that reads that input) linear: counted
 * by the checker, not timed (a timed bound flakes on a busy machine; a quadratic pattern fails here
 * whatever the machine).
 */
function assertLinear(sources: string[], run: (n: number) => void): void {
  assertSafeSources(...sources);
  run(160_000);
}

test('redaction: a long run of letters (no @, no dot)', () => {
  assertLinear(['server/src/engine/formats/hostNames.ts'], (n) => new Redactor().line(`2026-10-13 10:17:09,401 INFO  [x] [] mailop - from ${'a'.repeat(n)} bob@example.com`));
  // Still what it was for: addresses, accounts, hosts, addresses inside text.
  const r = new Redactor();
  const out = r.line('2026-10-13 10:17:09,401 INFO  [qtp1] [name=bob@example.com;ip=192.0.2.5;] mailop - from x!alice@partner.org via mail.partner.org');
  assert.doesNotMatch(out, /bob@example\.com|alice@partner\.org|192\.0\.2\.5|mail\.partner\.org/);
});

test('failed-login reason: a long run of (', () => {
  assertLinear(['server/src/engine/formats/mailboxMessages.ts'], (n) => failureReason('('.repeat(n) + 'x'));
  assert.equal(failureReason('authentication failed for [bob], invalid password'), 'invalid password');
  assert.equal(failureReason('account lockout (too many failed logins)'), 'too many failed logins');
  assert.equal(failureReason('foo (bar], baz)'), 'bar], baz', 'the earlier of the two, as the regular expression took it');
  assert.equal(failureReason('no reason'), 'no reason');
});

test('amavis addresses: a long run of <', () => {
  assertLinear(['server/src/engine/index/queueRecord.ts', 'server/src/engine/formats/amavis.ts'], (n) => LogIndex.build(`Oct 13 10:17:00 mta01 amavis[1]: (1-1) Passed CLEAN {RelayedInbound}, [1.2.3.4]:1 ${'<'.repeat(n)} -> <b@y>, Queue-ID: 1A2B3C4D5E6, Message-ID: <m@x>, mail_id: x, Hits: 0, size: 1, 10 ms\n`));
  const ix = LogIndex.build('Oct 13 10:17:00 mta01 amavis[1]: (1-1) Passed CLEAN {RelayedInbound}, [1.2.3.4]:1 <a@x> -> <b@y>,<c@z>, Queue-ID: 1A2B3C4D5E6, Message-ID: <m@x>, mail_id: x, Hits: 0, size: 1, 10 ms\n');
  assert.deepEqual([ix.amavis[0].from, ix.amavis[0].to], ['a@x', ['b@y', 'c@z']]);
});

test('hover on a login line: a long run of . and : after an account', () => {
  const view = (line: string) => ({ document: { uri: 'file:///x/audit.log' }, scan: new ProblemScan(), line: (k: number) => (k === 0 ? line : '') });
  assertLinear(['server/src/engine/formats/tokens.ts', 'server/src/engine/formats/hints.ts', 'server/src/engine/formats/mailboxMessages.ts'], (n) => {
    const line = `2026-10-13 10:17:09,401 WARN  [qtp1] [ip=192.0.2.5;] security - cmd=Auth; account=bob${'.:'.repeat(n / 2)}x; protocol=imap; error=authentication failed for [bob], invalid password;`;
    securityHover(view(line), { line: 0, character: 85 });
  });
});
