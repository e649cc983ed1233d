// The investigations' output written without the slow generic paths: activity's JSON entries
// without an object and JSON.stringify's indentation pass each (cli/activity.ts activityJson), and
// times without a Date per time (features/investigate/logLike.ts showTime): the same text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { jsonTime } from '../../server/src/cli/investigateCommon';
import { activityJson } from '../../server/src/cli/activity';
import { showTime } from '../../server/src/features/investigate/logLike';

test('activity\'s entries in JSON are JSON.stringify\'s text indented as list items', () => {
  const files = ['/var/log/zimbra.log', 'C:\\logs\\"odd".log'];
  const entries = [
    { file: 0, line: 11, time: 1_760_350_629_401, text: 'a "quoted"\tline\n\twith a trace \u2028 é \u0000 \ud800' },
    { file: 1, line: 0, time: NaN, text: '' },
  ];
  const json = activityJson(files);
  for (const e of entries) {
    const shape = { file: files[e.file], line: e.line + 1, time: jsonTime(e.time), text: e.text };
    assert.equal(json(e), JSON.stringify(shape, null, 2).replace(/\n/g, '\n    '));
  }
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
