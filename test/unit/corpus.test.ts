// Conformance over the real public logs in ../shared/corpus (read there, never copied): every
// line of every file is described without an exception, and every Postfix line that carries a
// queue ID is recognised as such.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeLine } from '../../server/src/engine/lineInfo';
import { collateText } from '../../server/src/engine/collateText';
import { corpus, corpusFiles } from './helpers';

const files = corpusFiles();
const skip = files.length ? false : `no corpus at ${corpus}`;

/** An independent, deliberately simple reading: a postfix program, then `WORD: ` where WORD looks like an ID. */
const POSTFIX_QID = /^(?:\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) \S+ postfix[^\s\[]*\[\d+\]: ([0-9A-Za-z]{6,}): /;
const NOT_IDS = new Set(['NOQUEUE', 'warning', 'statistics', 'Trusted', 'Untrusted', 'Anonymous', 'Verified', 'Deleted', 'Requeued', 'Released']);

test('every corpus line is described and collated without an exception', { skip }, () => {
  let lines = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const line of text.split('\n')) {
      describeLine(line.replace(/\r$/, ''));
      lines++;
    }
    collateText(text);
  }
  assert.ok(lines > 10_000, `${lines} lines`);
});

test('every Postfix line carrying a queue ID is recognised as such', { skip }, () => {
  let checked = 0;
  const missed: string[] = [];
  for (const f of files) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      const m = POSTFIX_QID.exec(line);
      if (!m || NOT_IDS.has(m[1])) continue;
      checked++;
      const info = describeLine(line.replace(/\r$/, ''));
      const subject = info.queueIds.find((q) => q.role === 'subject');
      if (subject?.id !== m[1]) missed.push(`${path.relative(corpus, f)}: ${line.slice(0, 160)}`);
    }
  }
  assert.ok(checked > 1000, `only ${checked} lines checked`);
  assert.deepEqual(missed.slice(0, 20), []);
});
