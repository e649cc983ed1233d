// The investigations' output written without the slow generic paths: a JSON list's items without
// JSON.stringify's indentation pass (cli/investigateCommon.ts itemJson), and times without a Date
// per time (features/investigate/logLike.ts showTime): the same text as the generic paths.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { itemJson } from '../../server/src/cli/investigateCommon';
import { showTime } from '../../server/src/features/investigate/logLike';

test('itemJson is JSON.stringify(item, null, 2) indented as a list item, for flat and nested items alike', () => {
  const items: unknown[] = [
    { file: '/var/log/zimbra.log', line: 12, time: '2026-10-13 10:17:09', text: 'a "quoted"\tline\n\twith a trace \u2028 é \u0000' },
    { file: 'x', line: NaN, time: null, text: '' },
    { a: undefined, b: () => 1, c: true, d: -0, e: 1e21 },
    {},
    { nested: { stop: { line: 3 } }, list: [1, 2] },
    { date: new Date(0) },
    [1, { a: 2 }],
    'text',
    42,
    null,
    { toJSON: () => ({ z: 1 }) },
  ];
  for (const v of items) assert.equal(itemJson(v), JSON.stringify(v, null, 2).replace(/\n/g, '\n    '), JSON.stringify(v));
});

test('showTime is the ISO time as the logs write it, whatever the time and its order', () => {
  const reference = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
  let s = 12345;
  const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const times = [0, -1, -0.5, 0.5, 86_399_999, 86_400_000, -86_400_000, 1_760_350_629_401.7, -1_176_743_045_000.68, 8.64e15, -8.64e15, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000];
  for (let i = 0; i < 20_000; i++) times.push((random() - 0.3) * 4e12 * (i % 3 ? 1 : 50), 1_760_000_000_000 + i * 997);
  for (const t of times) assert.equal(showTime(t), reference(t), String(t));
  assert.equal(showTime(NaN), '?');
  assert.throws(() => showTime(8.64e15 + 1), RangeError);
});
