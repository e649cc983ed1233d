// The fast paths of `activity` give what the plain ones give: the disk scan (byte prefilter,
// queue IDs hashed in pass 2, lines kept in a LineSet) against the engine fed as text; LineSet
// against a Set; visibleIndented against visible line by line; Buffer's decoder against TextDecoder.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { activityScan, decode } from '../../server/src/disk/investigateScan';
import { ActivitySearch, parseActivityQuery } from '../../server/src/engine/investigate/activity';
import { LineSet } from '../../server/src/engine/investigate/lineSet';
import { visible, visibleIndented } from '../../server/src/engine/visible';

let seed = 7;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];

/** A zimbra.log of Postfix transactions (lines of each before and after the one naming the account), CRLF lines, a last line without newline; and a mailbox.log with stack traces. */
function logs(): { mta: string; mailbox: string } {
  const users = ['ann@example.com', 'bob@example.com', 'Bob@Example.com', 'bobby@example.com', 'carl@example.com'];
  const mta: string[] = [];
  const mailbox: string[] = [];
  const open: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = `Oct 13 ${String(10 + Math.floor(i / 600)).padStart(2, '0')}:${String(Math.floor(i / 10) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    const qid = (0x1a2b3c4d5e + i * 7919).toString(16).toUpperCase();
    const end = random() < 0.1 ? '\r' : '';
    const r = random();
    if (r < 0.3) {
      mta.push(`${t} mta01 postfix/smtpd[${2000 + (i % 7)}]: ${qid}: client=mail.example.net[198.51.100.${i % 20}]${end}`);
      open.push(qid);
    } else if (r < 0.55 && open.length) {
      const q = open[Math.floor(random() * open.length)];
      mta.push(`${t} mta01 postfix/qmgr[9946]: ${q}: from=<${pick(users)}>, size=${i}, nrcpt=1 (queue active)${end}`);
    } else if (r < 0.75 && open.length) {
      const q = open.splice(Math.floor(random() * open.length), 1)[0];
      mta.push(`${t} mta01 postfix/lmtp[20018]: ${q}: to=<${pick(users)}>, relay=mbox01[192.0.2.21]:7025, status=sent (250 2.1.5 OK)${end}`);
      mta.push(`${t} mta01 postfix/qmgr[9946]: ${q}: removed`);
    } else if (r < 0.8) {
      mta.push(`${t} mta01 saslauthd[1402]: auth failed for [bob] sasl_username=bob@example.com${end}`);
    } else {
      mta.push(`${t} mta01 postfix/postscreen[2001]: CONNECT from [198.51.100.${i % 250}]:${i} to [192.0.2.10]:25`);
    }
    const ms = `2026-10-13 ${t.slice(7)},${String(i % 1000).padStart(3, '0')}`;
    if (random() < 0.3) {
      mailbox.push(`${ms} INFO  [qtp-${i}] [name=${pick(users)};ip=192.0.2.10;] mailop - Moving Message id=${i}`);
      if (random() < 0.3) mailbox.push('com.zimbra.common.service.ServiceException: no such message', `\tat com.zimbra.cs.X.y(X.java:${i})`);
    }
  }
  return { mta: mta.join('\n'), mailbox: mailbox.join('\n') + '\n' };
}

/** The engine fed as text, in chunks (the language server's way), one timeline per file. */
function textSearch(query: string, texts: string[]) {
  const s = new ActivitySearch(parseActivityQuery(query));
  for (const t of texts) {
    s.beginTimeline(2026);
    s.beginFile();
    for (let i = 0; i < t.length; i += 4096) s.append(t.slice(i, i + 4096));
  }
  for (const id of s.needsSecondPass()) {
    const p = s.second(id);
    for (let i = 0; i < texts[id].length; i += 4096) p.append(texts[id].slice(i, i + 4096));
    p.finish();
  }
  return s.result();
}

/** Runs `check` on the files of logs() (zimbra.log, mailbox.log) in a new temporary folder. */
async function withLogs(check: (files: string[], texts: { mta: string; mailbox: string }) => Promise<void>): Promise<void> {
  const texts = logs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'activity-fast-'));
  try {
    const files = [path.join(dir, 'zimbra.log'), path.join(dir, 'mailbox.log')];
    fs.writeFileSync(files[0], texts.mta);
    fs.writeFileSync(files[1], texts.mailbox);
    await check(files, texts);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('activity read from disk (byte prefilter, hashed pass 2) gives the entries of the engine fed as text', () =>
  withLogs(async (files, { mta, mailbox }) => {
    for (const q of ['bob@example.com', 'ann@example.com', '198.51.100.7']) {
      const disk = await activityScan([[files[0]], [files[1]]], parseActivityQuery(q), { year: 2026 });
      const text = textSearch(q, [mta, mailbox]);
      assert.ok(disk.entries.length > 40, `${q}: ${disk.entries.length} entries`);
      assert.ok(disk.entries.some((e) => e.file === 0 && !e.text.toLowerCase().includes(q.split('@')[0])), `${q}: lines of pass 2`);
      assert.deepEqual(disk.entries, text, q);
    }
  }));

test('the entry limit: `truncated` exactly when an entry was left out, also when pass 1 alone fills it', () =>
  withLogs(async (files) => {
    const groups = [[files[0]], [files[1]]];
    const q = parseActivityQuery('bob@example.com');
    const scan = (o: { limit?: number; transactions?: boolean }) => activityScan(groups, q, { year: 2026, ...o });
    const all = await scan({});
    const hits = await scan({ transactions: false });
    assert.equal(all.truncated, false);
    assert.ok(all.entries.length > hits.entries.length + 20, `${all.entries.length} entries, ${hits.entries.length} of them hits`);
    const n = all.entries.length;
    const exact = await scan({ limit: n });
    assert.deepEqual([exact.entries, exact.truncated], [all.entries, false]);
    const short = await scan({ limit: n - 1 });
    assert.deepEqual([short.entries.length, short.truncated], [n - 1, true]);
    // Pass 1 fills the limit: pass 2 has lines to add, so something was left out (its hits are all there).
    const full = await scan({ limit: hits.entries.length });
    assert.deepEqual([full.entries, full.truncated], [hits.entries, true]);
    const none = await scan({ limit: hits.entries.length, transactions: false });
    assert.equal(none.truncated, false);
  }));

test('LineSet holds what a Set holds, whatever the order of the numbers added', () => {
  for (const shape of ['ascending', 'two passes', 'random']) {
    const lines = new LineSet();
    const set = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const n = shape === 'ascending' ? i * 3 : shape === 'two passes' ? (i < 10_000 ? i * 5 : (i - 10_000) * 7 + 1) : Math.floor(random() * 5000);
      lines.add(n);
      set.add(n);
      if (i % 97 === 0) assert.equal(lines.size, set.size, `${shape} at ${i}`);
    }
    assert.equal(lines.size, set.size, shape);
    for (let n = -2; n < 150_000; n++) if (lines.has(n) !== set.has(n)) assert.fail(`${shape}: ${n}`);
  }
});

test('visibleIndented is visible() on each line, the later lines indented', () => {
  const texts = ['plain', 'two\nlines', 'a\ttab\nand a\r\nCRLF', 'bidi \u202e\nhidden \u0007 \u0085\n\u2028', '\n\n', '', 'é\u00a0\n\u061c'];
  for (const t of texts) {
    const expected = t
      .split('\n')
      .map((l, i) => (i ? '    ' : '') + visible(l))
      .join('\n');
    assert.equal(visibleIndented(t, '    '), expected, JSON.stringify(t));
  }
});

test('the scan decodes a block\'s bytes as TextDecoder does: bad sequences, byte order marks', () => {
  const td = new TextDecoder();
  let s = 3;
  const r = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const edges = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f, 0xbb];
  for (let i = 0; i < 50_000; i++) {
    const n = 1 + Math.floor(r() * 8);
    const b = Buffer.alloc(n + 2, 0x41);
    for (let j = 1; j <= n; j++) b[j] = r() < 0.5 ? edges[Math.floor(r() * edges.length)] : Math.floor(r() * 256);
    if (i % 10 === 0 && n >= 3) b.set([0xef, 0xbb, 0xbf], 1);
    assert.equal(decode(b, 1, n + 2), td.decode(b.subarray(1, n + 2)), b.toString('hex'));
  }
});
