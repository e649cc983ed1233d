// `zimbra-logs trace`: exit codes 0/1/2, the --json shape, gzip and rotated files, mailbox formats.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertSafe } from './recheck';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtures, root, runCli, tmpFile } from './helpers';
import { LinePattern } from '../../server/src/engine/formats/format';
import { lmtpDelivering, lmtpDuplicate, lmtpRejecting, mailopAdding, parseContext, smtpSending } from '../../server/src/engine/formats/mailbox';

const t = (...p: string[]) => path.join(fixtures, 'trace', ...p);

test('trace prints the path in text and exits 0; 1 when nothing matches; 2 on usage or input errors', () => {
  const ok = runCli(['trace', 'in-1@partner.org', t('inbound', 'zimbra.log'), t('inbound', 'mailbox.log'), '--year', '2026']);
  assert.equal(ok.status, 0, ok.stderr.toString());
  const out = ok.stdout.toString();
  assert.match(out, /^Message-ID <in-1@partner\.org> from <alice@partner\.org>$/m);
  assert.match(out, /^    Oct 13 10:17:08 mta01 postfix\/smtpd\[21777\]: 1A2B3C4D5E6: client=mail\.partner\.org\[198\.51\.100\.7\]  .*inbound\/zimbra\.log:2$/m);
  assert.match(out, /mailop - Adding Message: .*inbound\/mailbox\.log:3$/m);

  const none = runCli(['trace', 'NOSUCH1234', t('inbound', 'zimbra.log')]);
  assert.equal(none.status, 1);
  assert.equal(runCli(['trace', 'NOSUCH1234', t('inbound', 'zimbra.log'), '--json']).stdout.toString().trim(), JSON.stringify({ messages: [] }, null, 2));

  for (const args of [['trace'], ['trace', 'x@y'], ['trace', 'x@y', '/no/such/file.log'], ['trace', 'x@y', t('inbound'), '--bogus'], ['trace', 'x@y', t('inbound', 'zimbra.log'), '--year', 'soon']]) {
    const r = runCli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr.toString(), /^zimbra-logs: .+\n$/);
  }
  const broken = tmpFile('zimbra.log.1.gz', fs.readFileSync(t('rotation', 'zimbra.log.2.gz')).subarray(0, 40));
  const r = runCli(['trace', 'x@y', broken]);
  assert.equal(r.status, 2);
  assert.match(r.stderr.toString(), /zimbra\.log\.1\.gz: (truncated|corrupt)/);
});

test('trace --json: messages with messageId, origin, hops in path order and deliveries with the mailbox', () => {
  const r = runCli(['trace', '2B3C4D5E6F7', '--json', t('inbound', 'zimbra.log'), t('inbound', 'mailbox.log'), '--year=2026']);
  assert.equal(r.status, 0);
  const j = JSON.parse(r.stdout.toString());
  assert.deepEqual(Object.keys(j), ['messages']);
  assert.equal(j.messages.length, 1);
  const m = j.messages[0];
  assert.deepEqual(Object.keys(m), ['messageId', 'origin', 'hops', 'deliveries']);
  assert.equal(m.messageId, 'in-1@partner.org');
  assert.deepEqual(m.origin, { ip: '198.51.100.7', client: 'mail.partner.org', via: 'smtp' });
  assert.deepEqual(m.hops, [
    { queueId: '1A2B3C4D5E6', host: 'mta01', instance: 'postfix', client: 'mail.partner.org[198.51.100.7]', from: 'alice@partner.org', firstLine: 2, lastLine: 14, file: t('inbound', 'zimbra.log'), amavis: 'Passed CLEAN' },
    { queueId: '2B3C4D5E6F7', host: 'mta01', instance: 'postfix', client: 'localhost[127.0.0.1]', from: 'alice@partner.org', firstLine: 8, lastLine: 17, file: t('inbound', 'zimbra.log') },
  ]);
  assert.deepEqual(m.deliveries.slice(2), [
    { queueId: '2B3C4D5E6F7', recipient: 'bob@example.com', status: 'sent', relay: 'mbox01.example.com[192.0.2.21]:7025', dsn: '2.1.5', mailbox: { host: 'mbox01.example.com', account: 'bob@example.com', folder: 'Inbox', status: 'delivered', file: t('inbound', 'mailbox.log'), line: 3 } },
    { queueId: '2B3C4D5E6F7', recipient: 'carol@example.com', status: 'deferred', relay: 'mbox01.example.com[192.0.2.21]:7025', dsn: '4.2.2', mailbox: { host: 'mbox01.example.com', account: 'carol@example.com', status: 'overquota', file: t('inbound', 'mailbox.log'), line: 4 } },
  ]);
  assert.deepEqual(m.deliveries[0], { queueId: '1A2B3C4D5E6', recipient: 'bob@example.com', status: 'sent', relay: '127.0.0.1[127.0.0.1]:10032', dsn: '2.0.0' });
});

test('trace --json: webmail and SMTP AUTH origins; rotated and gzip files in any order on the command line', () => {
  const web = JSON.parse(runCli(['trace', '<506022583.1.1760356800.JavaMail.zimbra@example.com>', '--json', t('webmail', 'zimbra.log'), t('webmail', 'mailbox.log')]).stdout.toString());
  assert.deepEqual(web.messages[0].origin, { account: 'erin@example.com', ip: '198.51.100.99', client: 'ZimbraWebClient - FF131 (Linux)/10.1.2_GA', via: 'webmail' });
  const auth = JSON.parse(runCli(['trace', 'dave@example.com', '--json', t('outbound', 'zimbra.log')]).stdout.toString());
  assert.deepEqual(auth.messages[0].origin, { account: 'dave@example.com', ip: '192.0.2.55', client: 'laptop.example.com', via: 'smtp-auth' });
  assert.deepEqual(auth.messages[0].hops.map((h: { queueId: string }) => h.queueId), ['5A1C2D3E4F0', '6B2D3E4F501', '7C3E4F50612']);
  const rot = JSON.parse(runCli(['trace', 'E00000000B1', '--json', t('rotation', 'zimbra.log'), t('rotation', 'zimbra.log.1'), t('rotation', 'zimbra.log.2.gz')]).stdout.toString());
  assert.deepEqual(rot.messages[0].hops.map((h: { file: string }) => path.basename(h.file)), ['zimbra.log.2.gz', 'zimbra.log.1']);
  assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')));
});

const formats: LinePattern[] = [lmtpDelivering, mailopAdding, lmtpRejecting, lmtpDuplicate, smtpSending];
test('mailbox.log message formats match their samples', () => {
  for (const f of formats) {
    for (const s of f.samples) {
      const m = f.regex.exec(s.line);
      assert.ok(m, `${f.name}: ${s.line}`);
      for (const [k, v] of Object.entries(s.fields)) assert.equal(m.groups?.[k], v, `${f.name}.${k}`);
    }
    // Linear: recheck finds no super-linear worst case (deterministic); long lines still run through.
    assertSafe(f.regex, f.name);
    for (const s of f.samples) f.regex.exec(s.line + ' x'.repeat(100_000));
    f.regex.exec('Adding Message: id=1, Message-ID=<a>, parentId=-1, folderId=2, folderName=' + ' acct='.repeat(30_000));
  }
  assert.deepEqual(parseContext('name=bob@example.com;mid=3;ua=a;;b;oip=1.2.3.4, 5.6.7.8;'), { name: 'bob@example.com', mid: '3', ua: 'a;b', oip: '1.2.3.4, 5.6.7.8' });
});
