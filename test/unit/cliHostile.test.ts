// The CLI on hostile inputs under a memory cap (node --max-old-space-size=256, issue 19 E): every
// subcommand ends with a documented exit code (0, 1 or 2) and at most one line on stderr, never a
// stack: a 20 MB run of one letter with no newline, a line over the 64 MB limit of collate and
// summary, binary garbage, a 100 MB gzip of newlines, one smtpd process with thousands of
// transactions, a truncated gzip.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { cli, root } from './helpers';

let dir: string;
const files: Record<string, string> = {};

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-hostile-cli-'));
  const sample = fs.readFileSync(path.join(root, 'samples', 'zimbra.log'));
  const write = (name: string, data: Buffer) => (files[name] = path.join(dir, name)) && fs.writeFileSync(files[name], data);
  write('run.log', Buffer.concat([sample, Buffer.alloc(20 << 20, 'a')]));
  write('huge-line.log', Buffer.concat([Buffer.alloc(70 << 20, '<'), Buffer.from('\n'), sample]));
  let seed = 19;
  const garbage = Buffer.alloc(4 << 20);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  write('garbage.log', garbage);
  write('newlines.log.gz', zlib.gzipSync(Buffer.alloc(100 << 20, 10), { level: 9 }));
  const smtpd: string[] = [];
  for (let i = 0; i < 10000; i++) smtpd.push(`Oct 13 10:17:00 mta01 postfix/smtpd[1]: ${(0x1000000000 + i * 7919).toString(16).toUpperCase()}: client=h${i}.x.net[1.2.3.${i % 250}]`);
  write('smtpd.log', Buffer.from(smtpd.join('\n') + '\n'));
  write('truncated.log.gz', zlib.gzipSync(sample).subarray(0, 200));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const COMMANDS: string[][] = [['collate'], ['trace', 'backup@example.com'], ['summary'], ['accounts']];

test('every subcommand under a 256 MB heap: exit 0, 1 or 2, at most one stderr line, no stack', { timeout: 600_000 }, () => {
  for (const [name, file] of Object.entries(files)) {
    for (const cmd of COMMANDS) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=256', cli, ...cmd, file], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
      const err = r.stderr.toString('utf8');
      const what = `${cmd[0]} ${name}: exit ${r.status} ${r.signal ?? ''} ${JSON.stringify(err.slice(0, 300))}`;
      assert.ok(r.status === 0 || r.status === 1 || r.status === 2, what);
      assert.ok(err.split('\n').filter(Boolean).length <= 1, what);
      assert.doesNotMatch(err, /\n\s+at |RangeError|heap out of memory|internal error/, what);
      if (r.status === 2) assert.match(err, /^zimbra-logs: .*\S/, what);
    }
  }
});
