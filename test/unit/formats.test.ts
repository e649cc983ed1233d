// Formats are data: every pattern must match each of its samples with the fields it names, and
// none of its counter-samples.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafe } from './recheck';
import { LinePattern } from '../../server/src/engine/formats/format';
import { bsdSyslog, rfc3339Syslog } from '../../server/src/engine/formats/syslog';
import { postfixClient, postfixProgram, postfixQueueLine, postfixReject, postfixDelivery } from '../../server/src/engine/formats/postfix';
import { postfixSaslFailed, saslauthdFailed } from '../../server/src/engine/formats/sasl';
import { log4jContinuation, log4jHeader } from '../../server/src/engine/formats/log4j';

const formats: LinePattern[] = [bsdSyslog, rfc3339Syslog, postfixProgram, postfixQueueLine, postfixClient, postfixReject, postfixDelivery, postfixSaslFailed, saslauthdFailed, log4jHeader, log4jContinuation];

for (const f of formats) {
  test(`format ${f.name} matches its samples`, () => {
    assert.ok(f.samples.length > 0);
    for (const s of f.samples) {
      const m = f.regex.exec(s.line);
      assert.ok(m, `${f.name} does not match: ${s.line}`);
      for (const [k, v] of Object.entries(s.fields)) assert.equal(m.groups?.[k], v, `${f.name}.${k} of ${s.line}`);
      for (const k of Object.keys(s.fields)) assert.ok(k in f.fields || !f.regex.source.includes(`?<${k}>`), `field ${k} is documented`);
    }
    for (const c of f.counterSamples ?? []) assert.equal(f.regex.exec(c), null, `${f.name} must not match: ${c}`);
  });
  test(`format ${f.name} stays linear on a 200,000-character line`, () => {
    // recheck finds no super-linear worst case (deterministic); and long lines still run through.
    assertSafe(f.regex, f.name);
    const long = [' ', 'a', 'a.', '[', '] [', '0', 'at '].map((u) => u.repeat(200_000 / u.length));
    for (const l of long) f.regex.exec(l);
    for (const s of f.samples) f.regex.exec(s.line + 'x'.repeat(200_000));
  });
}
