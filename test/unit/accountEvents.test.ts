// The timeline's account report made in another thread (engine/investigate/accountEvents.ts):
// the parsing side records what its parse tells the report, the other side replays it at the same
// lines, read in blocks of its own. The report it makes equals the one made in the parsing thread
// (every account, login, message and failure, not only the flagged), on the fixtures with SMTP
// AUTH, webmail sends, failed logins and a new year, on generated traffic in small blocks, and on
// the corpus; no line is fed before its calls are there. And the CLI's worker thread gives the
// same timeline as one thread.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccountLines } from '../../server/src/engine/investigate/accountBytes';
import { AccountEvent, AccountEventLog, AccountEventReplay } from '../../server/src/engine/investigate/accountEvents';
import { TimelineScan } from '../../server/src/engine/timeline/scan';
import { flaggedOf } from '../../server/src/engine/timeline/flagged';
import { timelineOfFiles } from '../../server/src/logs/timelineFiles';
import { corpusFiles, fixtureFiles, fixtures, tmpFile } from './helpers';

interface Log {
  year: number;
  text: Uint8Array;
}

/** Blocks of whole lines of about `size` bytes. */
function* blocks(b: Uint8Array, size: number): Generator<[number, number]> {
  for (let s = 0; s < b.length; ) {
    let e = Math.min(b.length, s + size);
    if (e < b.length) {
      const nl = b.indexOf(10, e - 1);
      e = nl < 0 ? b.length : nl + 1;
    }
    yield [s, e];
    s = e;
  }
}

/** The report of one thread, and the replayed one (blocks of `size` bytes on the parsing side, `other` on the replaying side). */
function both(logs: Log[], size: number, other: number) {
  const here = new AccountLines();
  const one = new TimelineScan({ accountFeed: here });
  const queue: AccountEvent[] = [];
  const log = new AccountEventLog((e) => queue.push(structuredClone(e)));
  const two = new TimelineScan({ accountFeed: log });
  const replay = new AccountEventReplay(undefined);
  let waited = 0;
  logs.forEach((l, file) => {
    for (const scan of [one, two]) {
      scan.beginTimeline(l.year);
      scan.beginFile(file);
    }
    const theirs = blocks(l.text, other);
    let cur: [number, number] | undefined;
    let at = 0;
    /** The replaying side feeds what it may; a line whose calls are not there yet waits. */
    const feed = () => {
      for (;;) {
        if (!cur || at >= cur[1]) {
          const r = theirs.next();
          if (r.done) return;
          cur = r.value;
          at = cur[0];
        }
        const before = replay.lines;
        at = replay.pushLines(l.text, at, cur[1]);
        if (at < cur[1]) {
          // Stopped before the block's end: only where the parsing side has not been yet.
          assert.equal(replay.ready, false);
          waited++;
          return;
        }
        assert.ok(replay.lines >= before);
      }
    };
    for (const [s, e] of blocks(l.text, size)) {
      one.pushLines(l.text, s, e);
      two.pushLines(l.text, s, e);
      while (queue.length) replay.take(queue.shift()!);
      feed();
    }
    feed();
  });
  const [a, b] = [here.report.report(), replay.accounts.report.report()];
  return { one: a, two: b, waited, flagged: [flaggedOf(here.report.flagged()), flaggedOf(replay.accounts.report.flagged())] };
}

const dir = (name: string): Log[] => fixtureFiles(name).map((text) => ({ year: 2026, text }));

test('the replayed account report equals the one made while parsing, on the fixtures', () => {
  let accounts = 0;
  for (const name of ['investigate/smtp-auth', 'investigate/hijack', 'investigate/logs', 'investigate/newyear', 'investigate/mobile', 'trace/webmail', 'trace/outbound', 'trace/bounce']) {
    const logs = dir(name);
    for (const [size, other] of [[1 << 20, 1 << 20], [300, 700], [700, 300]]) {
      const r = both(logs, size, other);
      assert.deepEqual(r.two, r.one, `${name}, blocks of ${size} and ${other}`);
      accounts += r.one.accounts.length;
    }
  }
  assert.ok(accounts > 20, `accounts seen: ${accounts}`);
});

/** SMTP AUTH submissions of 6 accounts (one from many addresses: flagged), with other traffic and failed logins, CRLF line ends. */
function traffic(n: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = `Oct 13 1${Math.floor(i / 3600) % 10}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} mta01`;
    const q = (0x10000000 + i).toString(16).toUpperCase();
    const ip = i % 6 === 0 ? `198.51.100.${i % 97}` : `192.0.2.${i % 6}`;
    out.push(
      `${t} postfix/submission/smtpd[4${i % 9}]: ${q}: client=unknown[${ip}], sasl_method=PLAIN, sasl_username=user${i % 6}@example.com`,
      `${t} postfix/cleanup[3001]: ${q}: message-id=<${i}@example.com>`,
      ...Array.from({ length: 1 + (i % 3) }, (_, k) => `${t} postfix/smtp[3003]: ${q}: to=<r${k}-${i}@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.1.27]:25, delay=0.5, dsn=${i % 5 ? '2.0.0' : '5.1.1'}, status=${i % 5 ? 'sent (250 ok)' : 'bounced (550 no such user)'}`),
      `${t} postfix/qmgr[3002]: ${q}: removed`,
      `${t} postfix/smtpd[5001]: ${(0x20000000 + i).toString(16).toUpperCase()}: client=mail.partner.example.net[192.0.2.99]`,
    );
    if (i % 50 === 7) out.push(`${t} postfix/smtpd[5002]: warning: unknown[203.0.113.${i % 20}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=user${i % 6}@example.com`);
  }
  return Buffer.from(out.join('\r\n') + '\r\n');
}

test('generated submissions in small blocks: the same report, and the replaying side waits for the calls', () => {
  const logs = [{ year: 2026, text: traffic(3000) }];
  const r = both(logs, 4096, 64 << 10);
  assert.deepEqual(r.two, r.one);
  assert.ok(r.one.accounts.some((a) => a.flagged), 'a flagged account');
  assert.deepEqual(r.flagged[1], r.flagged[0]);
  assert.ok(r.flagged[0].length > 0);
  assert.ok(r.waited > 10, `waited ${r.waited} times`);
});

test('the replayed report equals the one made while parsing, on the corpus', { skip: corpusFiles().length === 0 && 'no ../shared/corpus' }, () => {
  let files = 0;
  for (const f of corpusFiles()) {
    const r = both([{ year: 2026, text: fs.readFileSync(f) }], 64 << 10, 16 << 10);
    assert.deepEqual(r.two, r.one, f);
    files++;
  }
  assert.ok(files > 10);
});

test('the CLI’s timeline with the flagged accounts made in a worker thread equals one made in one thread', async () => {
  const log = tmpFile('zimbra.log', traffic(2000));
  for (const files of [[log], ...['investigate/logs', 'investigate/hijack', 'trace/webmail'].map((d) => fs.readdirSync(path.join(fixtures, d)).map((f) => path.join(fixtures, d, f)))]) {
    const one = await timelineOfFiles(files, { year: 2026 });
    const two = await timelineOfFiles(files, { year: 2026, flaggedInWorker: true });
    assert.deepEqual(two, one, files.join(' '));
  }
  assert.ok((await timelineOfFiles([log], { year: 2026, flaggedInWorker: true })).flagged.length > 0);
});
