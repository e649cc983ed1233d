// A ReDoS check of every regular expression that can see log text (issue 19): recheck (an
// automaton and fuzzing analysis, native backend) over each regex literal of server/src, common
// and client/src, and over the patterns of the format table (engine/formats/, built with
// `new RegExp` from pieces, so not literals). A new pattern with super-linear worst cases fails
// here, as it fails the lint (eslint.config.mjs). The checker itself is checked on known bad ones.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, literals, saveCache } from './recheck';
import * as amavis from '../../server/src/engine/formats/amavis';
import * as log4j from '../../server/src/engine/formats/log4j';
import * as mailbox from '../../server/src/engine/formats/mailbox';
import * as postfix from '../../server/src/engine/formats/postfix';
import * as sasl from '../../server/src/engine/formats/sasl';
import * as syslog from '../../server/src/engine/formats/syslog';
import * as hints from '../../server/src/engine/formats/hints';
import * as mailboxChanges from '../../server/src/engine/formats/mailboxChanges';
import * as mailboxMessages from '../../server/src/engine/formats/mailboxMessages';
import * as postfixMessages from '../../server/src/engine/formats/postfixMessages';
import * as timestamps from '../../server/src/engine/formats/timestamps';
import * as tokens from '../../server/src/engine/formats/tokens';

const DIRS = ['server/src', 'common', 'client/src'];

/** Reported by recheck, and why each is not a risk (looked at one by one; a new one needs the same). */
const ACCEPTED: Record<string, string> = {
  // Tested on a file's name only, and never on one over 255 bytes (large.ts): 255 bytes take microseconds.
  'client/src/large.ts': 'file names of at most 255 bytes',
};

/** The RegExps of the format table's exports (line patterns, field tables), however nested. */
function formatPatterns(): { where: string; source: string; flags: string }[] {
  const out: { where: string; source: string; flags: string }[] = [];
  const walk = (v: unknown, where: string, depth: number) => {
    if (v instanceof RegExp) out.push({ where, source: v.source, flags: v.flags });
    else if (v && typeof v === 'object' && depth < 4) for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`, depth + 1);
  };
  for (const [name, mod] of Object.entries({ amavis, log4j, mailbox, postfix, sasl, syslog, hints, mailboxChanges, mailboxMessages, postfixMessages, timestamps, tokens })) walk(mod, `formats/${name}`, 0);
  return out;
}

/**
 * Milliseconds V8 takes on recheck's attack string (about 100-200 KB). recheck over-reports where
 * it does not model V8 (a lookbehind that lets a run start once, a bounded {1,998}): a real
 * super-linear case takes seconds on such a string, a false one a few milliseconds.
 */
function v8Time(source: string, flags: string, attack: string): number {
  const re = new RegExp(source, flags.replace(/[gy]/g, ''));
  const t = process.hrtime.bigint();
  re.exec(attack);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

test('the checker finds the known catastrophic patterns (and the pattern issue 19 timed)', () => {
  for (const [source, flags] of [['^(a+)+$', ''], ['(\\w+\\s?)*$', ''], ['\\], (.*)$|\\((.*)\\)$', ''], ['[.:]+$', '']]) {
    assert.equal(check(source, flags).status, 'vulnerable', source);
  }
  assert.equal(check('^[0-9A-F]{6,20}: ', '').status, 'safe');

});

test('every regex literal of server/src, common and client/src, and every format pattern, is safe from ReDoS', (t) => {
  const all = [...literals(DIRS), ...formatPatterns()];
  assert.ok(all.length > 100, `found ${all.length} expressions`);
  assert.ok(all.some((r) => r.where.startsWith('formats/postfix')), 'the format table is covered');
  const bad: string[] = [];
  const unknown: string[] = [];
  for (const r of all) {
    const d = check(r.source, r.flags);
    if (d.status === 'vulnerable' && ACCEPTED[r.where.replace(/:\d+$/, '')]) continue;
    if (d.status === 'vulnerable') {
      const ms = v8Time(r.source, r.flags, d.attack!.string);
      if (ms > 250) bad.push(`${r.where}: /${r.source}/${r.flags}: ${d.complexity?.type}, attack ${JSON.stringify(d.attack?.pattern)}: ${ms.toFixed(0)} ms in V8`);
    }
    else if (d.status !== 'safe') unknown.push(`${r.where}: /${r.source}/${r.flags}`);
  }
  assert.deepEqual(bad, [], bad.join('\n'));
  saveCache();
  // Undecided within the time given (recheck's fuzzer): listed, not failed (the lint checks them too).
  if (unknown.length) t.diagnostic(`undecided by recheck: ${unknown.join('; ')}`);
});
