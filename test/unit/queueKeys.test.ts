// QueueKeys: the keys `host instance/QUEUEID` of an activity search's Postfix lines, looked up
// from a line's text: the same answers as a Set of those strings, also where hashes are shared.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { random } from './helpers';
import { QueueKeys } from '../../server/src/engine/investigate/queueKeys';
import { syslogHeader, SyslogHeader } from '../../server/src/engine/index/syslogHeader';

const header = (): SyslogHeader => ({ timestampEnd: 0, hostStart: 0, hostEnd: 0, programStart: 0, programEnd: 0, pidStart: -1, pidEnd: -1, message: 0 });

/** A Postfix line and its key as a string; the queue ID ends 2 before where the key's ": " ends. */
function line(host: string, program: string, id: string): { text: string; h: SyslogHeader; idEnd: number; key: string } {
  const text = `Oct 13 00:00:00 ${host} ${program}[2001]: ${id}: to=<bob@example.com>, status=sent`;
  const h = syslogHeader(text, header())!;
  const slash = program.indexOf('/');
  return { text, h: { ...h }, idEnd: h.message + id.length, key: `${host} ${slash < 0 ? program : program.slice(0, slash)}/${id}` };
}

for (const [bits, n] of [
  [30, 200_000],
  [4, 5_000],
] as const) {
  const shared = bits === 4 ? 'each shared by about a hundred keys' : 'a few shared';
  test(`QueueKeys answers as a Set of "host instance/QUEUEID" strings, for new and known keys (${bits}-bit hashes: ${shared})`, () => {
    const next = random(5 + bits);
    const pick = (s: string, k: number) => Array.from({ length: k }, () => s[Math.floor(next() * s.length)]).join('');
    // Hosts and instances of the same length that differ in a character or two.
    const hosts = ['mail.example.com', 'm', ...Array.from({ length: 6 }, () => `mta${pick('0123456789', 2)}`)];
    const programs = ['postfix/smtpd', 'postfix/qmgr', 'postfix', 'postfix-out/cleanup/extra', ...Array.from({ length: 6 }, () => `postfix-${pick('abcdefghijklmnopqrstuvwxyz', 2)}/smtpd`)];
    const anyId = () => pick('0123456789ABCDEF', 6 + Math.floor(next() * 8));
    // Queue IDs of 6 to 13 characters: each key comes about three times.
    const ids = Array.from({ length: n / 200 }, anyId);
    const someLine = (id: string) => line(hosts[Math.floor(next() * hosts.length)], programs[Math.floor(next() * programs.length)], id);
    const keys = new QueueKeys(2 ** bits - 1);
    const set = new Set<string>();
    let repeats = 0;
    for (let i = 0; i < n; i++) {
      const l = someLine(ids[Math.floor(next() * ids.length)]);
      const isNew = !set.has(l.key);
      if (!isNew) repeats++;
      set.add(l.key);
      assert.equal(keys.add(l.text, l.h, l.idEnd), isNew, l.key);
      assert.equal(keys.has(l.text, l.h, l.idEnd), true, l.key);
    }
    assert.equal(keys.size, set.size);
    assert.ok(repeats > n / 2, `${repeats} keys came again`);
    // Keys never added: a host, an instance or a queue ID off by a character or a length.
    for (const [host, program, id] of [
      ['mta', 'postfix/smtpd', ids[0]],
      ['mail.example.org', 'postfix/qmgr', ids[1]],
      ['m', 'postfix-a/smtp', ids[2]],
      ['m', 'postfix/smtpd', ids[3].slice(1)],
    ]) {
      const l = line(host, program, id);
      assert.equal(keys.has(l.text, l.h, l.idEnd), false, l.key);
    }
    // Keys new and known, as they come.
    for (let i = 0; i < n / 2; i++) {
      const l = someLine(next() < 0.5 ? anyId() : ids[Math.floor(next() * ids.length)]);
      assert.equal(keys.has(l.text, l.h, l.idEnd), set.has(l.key), l.key);
    }
  });
}
