// Property-based tests over hostile input (issue 19, E), with fast-check: the format table's line
// patterns, the collator, the one reader (plain, gzip, tar; truncated, garbage) with lineBlocks,
// and the stream index never throw on byte-level garbage, long runs of one character or huge
// lines, and what they give back stays within what they were given.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafe } from './recheck';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { collateText } from '../../server/src/engine/collateText';
import { CollateLimit } from '../../server/src/engine/collateLines';
import { StreamIndex } from '../../server/src/engine/index/streamIndex';
import { lineBlocks, LONG_LINE, readLog } from '../../server/src/io/read';
import { LogReadError } from '../../server/src/io/errors';
import * as amavis from '../../server/src/engine/formats/amavis';
import * as log4j from '../../server/src/engine/formats/log4j';
import * as mailbox from '../../server/src/engine/formats/mailbox';
import * as postfix from '../../server/src/engine/formats/postfix';
import * as sasl from '../../server/src/engine/formats/sasl';
import * as syslog from '../../server/src/engine/formats/syslog';
import type { LinePattern } from '../../server/src/engine/formats/format';

const RUNS = { numRuns: 150, seed: 19 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-fuzz-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const QIDS = ['4FF14284F45', '5B6C7D8E9F', '3Yq8d71Fzz4fPnZ', 'ABCDEF'];
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
/** Postfix lines of a few processes and queue IDs, in any order: sessions, transactions, reuse. */
const postfixLine = fc
  .tuple(pick(['smtpd', 'cleanup', 'qmgr', 'smtp', 'lmtp', 'pickup', 'submission/smtpd', 'bounce']), fc.integer({ min: 1, max: 4 }), pick(QIDS), fc.integer({ min: 0, max: 11 }), fc.string({ maxLength: 12 }))
  .map(([prog, pid, qid, k, junk]) => {
    const head = `Oct 13 10:17:0${pid} mta01 postfix/${prog}[${pid}]: `;
    const body = [
      `${qid}: client=h${junk}[1.2.3.${pid}]`,
      `${qid}: message-id=<${junk}@x>`,
      `${qid}: from=<${junk}@x>, size=1, nrcpt=1 (queue active)`,
      `${qid}: to=<${junk}@y>, relay=mx[1.2.3.4]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok queued as ${QIDS[(pid + 1) % 4]})`,
      `${qid}: removed`,
      `connect from h[1.2.3.${pid}]`,
      `disconnect from h[1.2.3.${pid}]`,
      `${qid}: sender non-delivery notification: ${QIDS[pid % 4]}`,
      `${qid}: ${junk}`,
      `warning: ${junk}`,
      junk,
      `${qid}: to=<${junk}`,
    ][k];
    return head + body;
  });
/** Anything: Postfix lines, garbage characters (controls, bidi, invalid surrogates), runs of one character. */
const hostileLine = fc.oneof(
  { weight: 4, arbitrary: postfixLine },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.tuple(pick(['a', '<', '[', '(', ':', '.', ' ', '\r', '=', '@']), fc.integer({ min: 1, max: 5000 })).map(([c, n]) => c.repeat(n)) },
);
const hostileText = fc.array(hostileLine, { maxLength: 60 }).map((ls) => ls.join('\n'));

function patterns(): LinePattern[] {
  const out: LinePattern[] = [];
  for (const mod of [amavis, log4j, mailbox, postfix, sasl, syslog]) for (const v of Object.values(mod)) if (v && typeof v === 'object' && 'regex' in v && (v as LinePattern).regex instanceof RegExp) out.push(v as LinePattern);
  return out;
}

test('the format table: every pattern matches or not on any text (never throws), groups within the line, in linear time', () => {
  const ps = patterns();
  assert.ok(ps.length >= 10);
  // Linear time: checked by recheck (deterministic), not by a clock.
  for (const p of ps) assertSafe(p.regex, p.name);
  fc.assert(
    fc.property(fc.oneof(hostileLine, fc.string({ unit: 'grapheme', maxLength: 300 })), (line) => {
      for (const p of ps) {
        const m = p.regex.exec(line);
        for (const g of Object.values(m?.groups ?? {})) if (g !== undefined) assert.ok(line.includes(g));
      }
    }),
    RUNS,
  );
});

test('the collator: never throws (but its clear CollateLimit), every transaction line is a line of the input, each at most once per transaction', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      let ts;
      try {
        ts = collateText(text);
      } catch (e) {
        assert.ok(e instanceof CollateLimit, String(e));
        return;
      }
      const count = text.split('\n').length;
      for (const t of ts) {
        assert.ok(QIDS.includes(t.queueId) || /^[0-9A-Za-z]+$/.test(t.queueId), t.key);
        assert.equal(new Set(t.lines).size, t.lines.length, `${t.key}: a line twice`);
        for (const n of t.lines) assert.ok(Number.isInteger(n) && n >= 0 && n < count, `${t.key}: line ${n} of ${count}`);
      }
    }),
    RUNS,
  );
});

/** Everything readLog gives for `file`, or the LogReadError it ends with (anything else fails). */
async function readAll(file: string): Promise<{ bytes: Buffer; blocks: { start: number; end: number; offset: number; buf: Uint8Array }[]; error?: LogReadError }> {
  const parts: Buffer[] = [];
  const blocks: { start: number; end: number; offset: number; buf: Uint8Array }[] = [];
  try {
    for await (const b of lineBlocks(readLog(file))) {
      blocks.push(b);
      parts.push(Buffer.from(b.buf.subarray(b.start, b.end)));
    }
  } catch (e) {
    assert.ok(e instanceof LogReadError, `not a LogReadError: ${(e as Error)?.stack}`);
    assert.ok(e.message.startsWith(file), e.message);
    assert.doesNotMatch(e.message, /\n/);
    return { bytes: Buffer.concat(parts), blocks, error: e };
  }
  return { bytes: Buffer.concat(parts), blocks };
}

test('the reader: plain garbage comes back byte for byte in whole-line blocks with right offsets; gzip and tar, whole, truncated or corrupt, give their bytes or one LogReadError naming the file', async () => {
  let k = 0;
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.nat(), fc.constantFrom('plain', 'gzip', 'cut', 'flip', 'tar'), async (raw, at, how) => {
      const data = Buffer.from(raw);
      const file = path.join(tmp, `f${k++}.log`);
      let content: Buffer = data;
      if (how === 'gzip') content = zlib.gzipSync(data);
      if (how === 'cut') content = zlib.gzipSync(data).subarray(0, 10 + (at % 20));
      if (how === 'flip') (content = zlib.gzipSync(data)), (content[10 + (at % (content.length - 18))] ^= 0xff);
      if (how === 'tar') content = Buffer.concat([Buffer.from('x'.repeat(100)), Buffer.alloc(157), Buffer.from('ustar\0'), data]);
      fs.writeFileSync(file, content);
      const r = await readAll(file);
      if (how === 'plain' && !(data[0] === 0x1f && data[1] === 0x8b) && !r.error) {
        assert.ok(r.bytes.equals(data) || r.blocks.length === 0 || data.length >= 257, 'plain bytes back');
        let offset = 0;
        for (const b of r.blocks) {
          assert.equal(b.offset, offset);
          offset += b.end - b.start;
          // Whole lines: only the last block may end without a newline.
          if (b !== r.blocks[r.blocks.length - 1]) assert.equal(b.buf[b.end - 1], 10);
        }
      }
      if (how === 'gzip') assert.ok(r.error || r.bytes.equals(data) || data.length >= 257);
    }),
    { ...RUNS, numRuns: 120 },
  );
});

test('lineBlocks: any chunking of any lines, long ones included, gives the same lines (those over LONG_LINE that span chunks cut), each block at a line start', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', '\n', 'b\n'), fc.integer({ min: 1, max: LONG_LINE + 4096 })), { maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 1 << 21 }), { minLength: 1, maxLength: 6 }), async (runs, cuts) => {
      const data = Buffer.from(runs.map(([c, n]) => c.repeat(Math.ceil(n / c.length))).join(''));
      const chunks = async function* () {
        for (let at = 0, i = 0; at < data.length; i++) {
          const n = cuts[i % cuts.length];
          yield { member: '', bytes: data.subarray(at, at + n) };
          at += n;
        }
      };
      const expected = data.toString('latin1').split('\n');
      if (expected[expected.length - 1] === '') expected.pop();
      const starts = new Set([0]);
      for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) starts.add(i + 1);
      const got: string[] = [];
      for await (const b of lineBlocks(chunks())) {
        assert.ok(starts.has(b.offset), `a block starts where a line does (${b.offset})`);
        const ls = Buffer.from(b.buf.subarray(b.start, b.end)).toString('latin1').split('\n');
        if (ls[ls.length - 1] === '') ls.pop();
        for (const l of ls) got.push(l);
      }
      assert.equal(got.length, expected.length);
      // A line over LONG_LINE is whole when one chunk holds it, else cut to its first LONG_LINE - 1 bytes (LONG_LINE at the end).
      for (let i = 0; i < got.length; i++) {
        if (got[i] !== expected[i]) assert.ok(expected[i].length >= LONG_LINE && got[i].length >= LONG_LINE - 1 && got[i].length <= LONG_LINE && expected[i].startsWith(got[i]), `line ${i}: ${got[i].length} of ${expected[i].length}`);
      }
    }),
    { numRuns: 20, seed: 19, endOnFailure: true },
  );
});

test('the stream index: any bytes, any cut into blocks of whole lines, never throws; it counts the lines it was given', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(hostileLine.map((s) => Buffer.from(s)), fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u.filter((b) => b !== 10)))), { minLength: 1, maxLength: 80 }), (lines) => {
      const data = Buffer.from(lines.map((l) => l.toString('latin1')).join('\n') + '\n', 'latin1');
      const ix = new StreamIndex();
      ix.push(data, 0, data.length, 0);
      assert.equal(ix.lineCount, lines.length);
      for (let n = 0; n < ix.lineCount; n++) ix.keyOf(n);
    }),
    RUNS,
  );
});
