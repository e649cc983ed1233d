// The timeline's hot paths made cheaper (issue 16's 1 GB target) give what the plain definitions
// give: short latin1 strings, a line's time read once per timestamp (compared as 32-bit words),
// format regexes with numbered groups, and the account verdict's sliding hour.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { latin1 } from '../../server/src/engine/bytes';
import { numbered, LinePattern } from '../../server/src/engine/formats/format';
import { postfixClient, postfixDelivery } from '../../server/src/engine/formats/postfix';
import { accountEntry, defaultReportThresholds, Login, SentMessage } from '../../server/src/engine/investigate/accountFigures';
import { timelineOfTexts } from '../../server/src/engine/timeline/scan';
import { random } from './helpers';

test('latin1: one character per byte, for short strings (reused codes) and long ones alike', () => {
  const rnd = random(7);
  const b = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(rnd() * 256)));
  for (const n of [0, 1, 11, 63, 64, 65, 200, 4096, 4097, 9000]) {
    const s = Math.floor(rnd() * 1000);
    assert.equal(latin1(b, s, s + n), b.toString('latin1', s, s + n), `${n} bytes`);
  }
  // A short string made after a longer one holds only its own bytes.
  assert.equal(latin1(b, 0, 40).length, 40);
  assert.equal(latin1(new Uint8Array([104, 105]), 0, 2), 'hi');
});

test('numbered: a format regex without group names captures the same, by number', () => {
  for (const p of [postfixDelivery, postfixClient]) {
    const { regex, group } = numbered(p);
    assert.equal(Object.keys(group).length, Object.keys(p.fields).length, p.name);
    for (const s of p.samples) {
      const named = p.regex.exec(s.line)!.groups!;
      const plain = regex.exec(s.line)!;
      for (const [name, i] of Object.entries(group)) assert.equal(plain[i], named[name], `${p.name} ${name}`);
    }
  }
  const mixed: LinePattern = { name: 'mixed', description: '', regex: /^(a+)(?<b>b+)$/, fields: {}, samples: [] };
  assert.throws(() => numbered(mixed), /not every group is named/);
});

test('a line’s time: lines sharing their first 16 bytes but not their second are apart; BSD lines of one second from other hosts together', () => {
  const entry = (t: string) => `2026-10-13 10:16:${t},000 ERROR [qtp-1] [] mailbox - boom`;
  const bsd = (t: string, host: string) => `Oct 13 10:16:${t} ${host} postfix/smtpd[1]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed: x, sasl_username=eve@example.com`;
  // 16 bytes: `2026-10-13 10:16`; the seconds differ in byte 17 or 18 only.
  const mailbox = ['40', '40', '41', '51', '51', '51'].map(entry).join('\n') + '\n';
  const mta = [bsd('20', 'mta01'), bsd('20', 'mta02x'), bsd('20', 'm3'), bsd('21', 'mta01'), bsd('31', 'mta01')].join('\n') + '\n';
  const r = timelineOfTexts([mailbox, mta], 2026, { bucketSeconds: 1 });
  const by = (s: keyof (typeof r.buckets)[0]) => Object.fromEntries(r.buckets.filter((b) => Number(b[s]) > 0).map((b) => [b.start, b[s]]));
  assert.deepEqual(by('errors'), { '2026-10-13T10:16:40': 2, '2026-10-13T10:16:41': 1, '2026-10-13T10:16:51': 3 });
  assert.deepEqual(by('failedLogins'), { '2026-10-13T10:16:20': 3, '2026-10-13T10:16:21': 1, '2026-10-13T10:16:31': 1 });
});

const HOUR = 3_600_000;

/** The verdict's first two reasons by their definitions, window by window (quadratic: the reference). */
function reference(logins: Login[], msgs: SentMessage[], max: number, burstRecipients: number): { addresses?: number; burst?: number } {
  const ok = logins.filter((l) => l.ok && l.ip).sort((x, y) => x.time - y.time);
  const sorted = [...msgs].sort((x, y) => x.time - y.time);
  // A burst: at least burstRecipients, and three times the median of the hours mail was sent in.
  const perHour = new Map<number, number>();
  for (const m of msgs) perHour.set(Math.floor(m.time / HOUR), (perHour.get(Math.floor(m.time / HOUR)) ?? 0) + m.recipients);
  const hours = [...perHour.values()].sort((x, y) => x - y);
  const burst = Math.max(burstRecipients, 3 * (hours[Math.floor((hours.length - 1) / 2)] ?? 0));
  const out: { addresses?: number; burst?: number } = {};
  for (let j = 0; j < ok.length && out.addresses === undefined; j++) {
    const ips = new Set(ok.filter((l, i) => i <= j && ok[j].time - l.time <= HOUR).map((l) => l.ip));
    if (ips.size > max) out.addresses = ips.size;
  }
  const seen = new Set<string>();
  for (const l of ok) {
    const isNew = !seen.has(l.ip!) && l.time > ok[0].time;
    seen.add(l.ip!);
    if (!isNew) continue;
    const rcpts = sorted.filter((m) => m.time >= l.time && m.time - l.time <= HOUR).reduce((n, m) => n + m.recipients, 0);
    if (rcpts >= burst) {
      out.burst = rcpts;
      break;
    }
  }
  return out;
}

test('the account verdict’s sliding hour: the reasons of the definitions, window by window', () => {
  let flaggedByAddresses = 0;
  let flaggedByBurst = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const rnd = random(seed);
    const t0 = Date.UTC(2026, 9, 13);
    const spread = 2 + Math.floor(rnd() * 8);
    const logins: Login[] = Array.from({ length: 300 }, (_, i) => ({ time: t0 + Math.floor(rnd() * 20 * HOUR), ok: rnd() < 0.9, protocol: 'smtp', ip: `192.0.2.${Math.floor(rnd() * spread)}`, ref: { file: 0, line: i } }));
    // Mail all day, and a cluster of it within half an hour somewhere.
    const cluster = t0 + Math.floor(rnd() * 19 * HOUR);
    const msgs: SentMessage[] = Array.from({ length: 160 }, (_, i) => ({ time: i < 40 ? cluster + Math.floor(rnd() * HOUR / 2) : t0 + Math.floor(rnd() * 20 * HOUR), via: 'smtpAuth', ref: { file: 0, line: 1000 + i }, recipients: 1 + Math.floor(rnd() * 3), freemail: 0, bounced: 0, deferred: 0, notSent: 0 }));
    const t = { ...defaultReportThresholds, burstRecipients: 20 + Math.floor(rnd() * 40) };
    const want = reference(logins, msgs, t.maxAddressesPerHour, t.burstRecipients);
    const e = accountEntry('bob@example.com', logins, msgs, t);
    const addresses = e.reasons.find((r) => r.includes('client addresses within an hour'));
    const burst = e.reasons.find((r) => r.startsWith('login from a new address'));
    assert.equal(addresses ? Number(addresses.split(' ')[0]) : undefined, want.addresses, `seed ${seed}: addresses`);
    assert.equal(burst ? Number(/then (\d+) recipients/.exec(burst)![1]) : undefined, want.burst, `seed ${seed}: burst`);
    if (addresses) flaggedByAddresses++;
    if (burst) flaggedByBurst++;
  }
  // The seeds exercise both reasons, and their absence.
  assert.ok(flaggedByAddresses > 0 && flaggedByAddresses < 30 && flaggedByBurst > 0 && flaggedByBurst < 30, `${flaggedByAddresses} ${flaggedByBurst}`);
});
