// Formats are data: every pattern must match each of its samples with the fields it names, and
// none of its counter-samples; every marker must be in each of its samples and in none of its
// counter-samples. The patterns and markers are found by walking every module of formats/, so a
// new one is checked without being listed here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './helpers';
import { assertSafe } from './recheck';
import { LinePattern, Marker } from '../../server/src/engine/formats/format';
import * as amavis from '../../server/src/engine/formats/amavis';
import * as format from '../../server/src/engine/formats/format';
import * as hints from '../../server/src/engine/formats/hints';
import * as hostNames from '../../server/src/engine/formats/hostNames';
import * as log4j from '../../server/src/engine/formats/log4j';
import * as mailbox from '../../server/src/engine/formats/mailbox';
import * as mailboxChanges from '../../server/src/engine/formats/mailboxChanges';
import * as mailboxMessages from '../../server/src/engine/formats/mailboxMessages';
import * as markers from '../../server/src/engine/formats/markers';
import * as lineMarkers from '../../server/src/engine/formats/lineMarkers';
import * as postfix from '../../server/src/engine/formats/postfix';
import * as postfixMessages from '../../server/src/engine/formats/postfixMessages';
import * as summaryMarkers from '../../server/src/engine/formats/summaryMarkers';
import * as sasl from '../../server/src/engine/formats/sasl';
import * as syslog from '../../server/src/engine/formats/syslog';
import * as timestamps from '../../server/src/engine/formats/timestamps';
import * as tokens from '../../server/src/engine/formats/tokens';

const modules: Record<string, object> = { amavis, format, hints, hostNames, lineMarkers, log4j, mailbox, mailboxChanges, mailboxMessages, markers, postfix, postfixMessages, sasl, summaryMarkers, syslog, timestamps, tokens };

const isPattern = (v: unknown): v is LinePattern => !!v && typeof v === 'object' && (v as LinePattern).regex instanceof RegExp && Array.isArray((v as LinePattern).samples);
const isMarker = (v: unknown): v is Marker => !!v && typeof v === 'object' && typeof (v as Marker).text === 'string' && Array.isArray((v as Marker).samples);

/** The patterns, markers and bare RegExps reachable from the formats' exports. */
function walk() {
  const patterns = new Map<LinePattern, string>();
  const found = { markers: new Map<Marker, string>(), regexes: new Map<RegExp, string>() };
  const visit = (v: unknown, where: string, depth: number) => {
    if (isPattern(v)) patterns.set(v, where);
    else if (isMarker(v)) found.markers.set(v, where);
    else if (v instanceof RegExp) found.regexes.set(v, where);
    else if (v && typeof v === 'object' && depth < 4) for (const [k, x] of Object.entries(v)) visit(x, `${where}.${k}`, depth + 1);
  };
  for (const [name, mod] of Object.entries(modules)) visit(mod, name, 0);
  return { patterns, ...found };
}
const { patterns, markers: allMarkers, regexes } = walk();

test('every module of formats/ is checked here', () => {
  const files = fs.readdirSync(path.join(root, 'server/src/engine/formats')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
  assert.deepEqual(files.sort(), Object.keys(modules).sort());
  assert.ok(patterns.size > 60, `${patterns.size} patterns`);
  assert.ok(allMarkers.size > 20, `${allMarkers.size} markers`);
});

test('every regex the formats export belongs to a pattern with samples', () => {
  const owned = new Set([...patterns.keys()].map((p) => p.regex));
  const bare = [...regexes].filter(([r]) => !owned.has(r)).map(([, where]) => where);
  assert.deepEqual(bare, []);
});

for (const [f, where] of patterns) {
  test(`format ${f.name} (${where}) matches its samples`, () => {
    assert.ok(f.samples.length > 0);
    for (const s of f.samples) {
      f.regex.lastIndex = s.at ?? 0;
      const m = f.regex.exec(s.line);
      assert.ok(m, `${f.name} does not match: ${s.line}`);
      if (f.regex.sticky) assert.equal(m.index, s.at ?? 0);
      for (const [k, v] of Object.entries(s.fields)) assert.equal(/^\d+$/.test(k) ? m[Number(k)] : m.groups?.[k], v, `${f.name}.${k} of ${s.line}`);
      for (const k of Object.keys(s.fields)) assert.ok(/^\d+$/.test(k) || k in f.fields || !f.regex.source.includes(`?<${k}>`), `field ${k} is documented`);
    }
    for (const c of f.counterSamples ?? []) {
      f.regex.lastIndex = 0;
      assert.equal(f.regex.exec(c), null, `${f.name} must not match: ${c}`);
    }
    f.regex.lastIndex = 0;
  });
  test(`format ${f.name} stays linear on a long line`, () => {
    // recheck finds no super-linear worst case (deterministic, whatever the machine's load); and
    // long lines still run through. A pattern whose callers cut the text first is tried on that much.
    assertSafe(f.regex, f.name);
    const n = f.maxInput ?? 200_000;
    const long = [' ', 'a', 'a.', '[', '] [', '0', 'at ', 'A', '<a', 'name=a', 'a@', '1.', 'a:'].map((u) => u.repeat(Math.ceil(n / u.length)).slice(0, n));
    for (const l of long) {
      f.regex.lastIndex = 0;
      f.regex.exec(l);
    }
    for (const s of f.samples) {
      f.regex.lastIndex = 0;
      f.regex.exec((s.line + 'x'.repeat(n)).slice(0, Math.max(n, s.line.length)));
    }
    f.regex.lastIndex = 0;
  });
}

test('every marker is in each of its samples and in none of its counter-samples', () => {
  for (const [m, where] of allMarkers) {
    assert.ok(m.samples.length > 0, where);
    assert.ok(/^[\x20-\x7e]+$/.test(m.text), `${where}: a byte scanner reads it as ASCII`);
    for (const s of m.samples) assert.ok(s.includes(m.text), `${where} (${JSON.stringify(m.text)}) is not in: ${s}`);
    for (const c of m.counterSamples ?? []) assert.ok(!c.includes(m.text), `${where} (${JSON.stringify(m.text)}) must not be in: ${c}`);
  }
});

test('the markers of the verdict and delivery patterns are where those patterns read their fields', () => {
  // Each pattern's own samples hold the marker that the byte scanner looks for instead of it.
  const pairs: [Marker, LinePattern][] = [
    [markers.postfixMarkers.messageId, postfix.postfixMessageId],
    [markers.postfixMarkers.client, postfix.postfixClient],
    [markers.postfixMarkers.from, postfix.postfixQmgrFrom],
    [markers.postfixMarkers.to, postfix.postfixDelivery],
    [markers.postfixMarkers.sender, postfix.postfixNotification],
    [markers.mailboxMarkers.delivering, mailbox.lmtpDelivering],
    [markers.mailboxMarkers.rejecting, mailbox.lmtpRejecting],
  ];
  for (const [m, p] of pairs) for (const s of p.samples) assert.ok(s.line.startsWith(m.text), `${p.name} sample does not start with ${m.text}: ${s.line}`);
  for (const s of postfix.postfixClient.samples) if (s.fields.saslUsername) assert.ok(s.line.includes(markers.postfixMarkers.saslUsername.text + s.fields.saslUsername));
  for (const s of mailbox.lmtpRejecting.samples) if (s.fields.recipient) assert.ok(s.line.includes(markers.mailboxMarkers.rejectedTo.text + s.fields.recipient));
});

test('each queue-ID mention marker is followed by a queue ID in its samples', () => {
  for (const q of postfix.queueIdMentions) {
    assert.ok(q.samples.length > 0, q.role);
    for (const s of q.samples) {
      const at = s.indexOf(q.marker);
      assert.ok(at >= 0, `${q.role}: ${s}`);
      const re = format.fresh(postfix.queueIdAt);
      re.lastIndex = at + q.marker.length;
      assert.ok(re.test(s), `${q.role}: no queue ID after the marker in ${s}`);
    }
  }
});

test('host names: names of hosts, not of files, versions or Java classes', () => {
  for (const h of ['mta01.example.com', 'mail.partner.org', 'MX.EXAMPLE.COM', 'smtp.mail.ru']) assert.ok(hostNames.isHostName(h), h);
  for (const h of ['zimbra.log', 'com.zimbra.cs.Foo', '10.0.5', 'localhost', 'mailbox.log.gz', 'java.lang.Thread']) assert.ok(!hostNames.isHostName(h), h);
});

test('the log4j levels the byte scanners know are those of the header pattern', () => {
  assert.ok(log4j.log4jHeader.regex.source.includes(`(?<level>${log4j.LOG4J_LEVELS.join('|')})`));
});
