// The server's typed settings against package.json's configuration schema, and the parser.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultSettings, parseSettings, SETTINGS_SCHEMA } from '../../server/src/lsp/settings';

const root = path.resolve(__dirname, '..', '..', '..');
const properties: Record<string, Record<string, unknown>> = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).contributes.configuration.properties;
/** Settings the editor's client reads itself: the server never sees them. */
const CLIENT_ONLY = ['zimbraLogs.trace.server'];

test('every server setting of package.json has a field with the same type, bounds and default, and no field is missing from it', () => {
  const fields = Object.entries(SETTINGS_SCHEMA).flatMap(([section, keys]) => Object.entries(keys).map(([key, field]) => [`zimbraLogs.${section}.${key}`, field] as const));
  const serverKeys = Object.keys(properties).filter((k) => !CLIENT_ONLY.includes(k));
  assert.equal(serverKeys.length, 12);
  assert.deepEqual(fields.map(([k]) => k).sort(), serverKeys.sort());
  for (const [key, field] of fields) {
    const p = properties[key];
    assert.equal(field.type, p.type, key);
    assert.deepEqual(field.default, p.default, key);
    assert.deepEqual((field as { minimum?: number }).minimum, p.minimum, key);
    assert.deepEqual((field as { maximum?: number }).maximum, p.maximum, key);
    assert.deepEqual((field as { enum?: unknown }).enum, p.enum, key);
    const [, section, name] = key.split('.');
    assert.deepEqual((defaultSettings as unknown as Record<string, Record<string, unknown>>)[section][name], p.default, key);
  }
});

test('parseSettings: nested or dotted values are taken; wrong types and values out of range take the default, and are described', () => {
  const ignored: string[] = [];
  const s = parseSettings(
    {
      diagnostics: { minimumLevel: 'WARN', deliveryFailures: 'yes' },
      security: { burstCount: 2.5, burstMinutes: 3 },
      'accounts.maxBounceShare': 0.5,
      accounts: { maxAddressesPerHour: 0, usualFactor: Infinity, burstRecipients: '60', minRecipientsForShare: null },
      compressed: [1, 2],
    },
    undefined,
    ignored,
  );
  assert.deepEqual(s, {
    diagnostics: { minimumLevel: 'WARN', deliveryFailures: true },
    security: { burstCount: 5, burstMinutes: 3 },
    accounts: { maxAddressesPerHour: 4, burstRecipients: 50, usualFactor: 10, minUnusualRecipients: 30, maxBounceShare: 0.5, minRecipientsForShare: 20 },
    compressed: { maxSize: 1024 },
    failures: { ignoreCauses: [] },
  });
  // null (a Lua nil, VS Code's unset) is no mistake; the others are.
  assert.deepEqual(ignored.map((m) => m.split(':')[0]), ['zimbraLogs.diagnostics.deliveryFailures', 'zimbraLogs.security.burstCount', 'zimbraLogs.accounts.maxAddressesPerHour', 'zimbraLogs.accounts.burstRecipients', 'zimbraLogs.accounts.usualFactor']);
  assert.equal(ignored[1], 'zimbraLogs.security.burstCount: 2.5 is not an integer ≥ 1; 5 is used');
  assert.equal(ignored[0], 'zimbraLogs.diagnostics.deliveryFailures: "yes" is not true or false; true is used');
  assert.equal(parseSettings({ diagnostics: { minimumLevel: 'warn' } }).diagnostics.minimumLevel, 'ERROR');
});

test('parseSettings never throws, whatever it is given; missing values take the fallback', () => {
  for (const raw of [undefined, null, 42, 'WARN', [], { diagnostics: 'x' }, { security: { burstCount: 10n } }, { accounts: { maxBounceShare: { toJSON: () => { throw new Error('no'); } } } }]) {
    assert.deepEqual(parseSettings(raw, undefined, []), defaultSettings);
  }
  const fallback = parseSettings({ security: { burstCount: 9 } });
  assert.equal(parseSettings({ security: { burstMinutes: -1 } }, fallback).security.burstCount, 9);
  assert.equal(parseSettings({ security: { burstMinutes: -1 } }, fallback).security.burstMinutes, 10);
});

test('failures.ignoreCauses: a list of the causes package.json lists, anything else keeps the default', () => {
  const p = properties['zimbraLogs.failures.ignoreCauses'] as { items: { enum: string[] } };
  assert.deepEqual(p.items.enum, [...(SETTINGS_SCHEMA.failures.ignoreCauses as { items: readonly string[] }).items]);
  assert.deepEqual(parseSettings({ failures: { ignoreCauses: ['greylisted', 'rate-limited'] } }).failures.ignoreCauses, ['greylisted', 'rate-limited']);
  const ignored: string[] = [];
  assert.deepEqual(parseSettings({ 'failures.ignoreCauses': ['greylisted', 'spam'] }, undefined, ignored).failures.ignoreCauses, []);
  assert.match(ignored[0], /^zimbraLogs\.failures\.ignoreCauses: \["greylisted","spam"\] is not a list of recipient-unknown/);
});
