// Scope tests for the two TextMate grammars (syntaxes/*.tmLanguage.json), run through
// vscode-textmate + vscode-oniguruma, the engine VS Code itself uses. The fixture lines are inline:
// most are taken from the samples and the format references, a few are made messy on purpose.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { INITIAL } from 'vscode-textmate';
import { loadGrammar, scanWork, tokenizeLine, tokenizeText, tokensIn, dump, repoRoot, ZIMBRA, POSTFIX, Token } from './grammarHelpers';

async function tokens(scopeName: string, line: string): Promise<Token[]> {
  return tokenizeLine(await loadGrammar(scopeName), line).tokens;
}

/**
 * Asserts that every token covering the `occurrence`-th `needle` in `line` carries all of `scopes`
 * (and none of `absent`).
 */
async function expectScopes(
  scopeName: string,
  line: string,
  needle: string,
  scopes: string | string[],
  opts: { occurrence?: number; absent?: string[] } = {},
): Promise<void> {
  const toks = await tokens(scopeName, line);
  let at = -1;
  for (let k = 0; k <= (opts.occurrence ?? 0); k++) {
    at = line.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${opts.occurrence ?? 0}) not in ${line}`);
  }
  const covering = tokensIn(toks, at, at + needle.length);
  assert.ok(covering.length > 0, `no token covers "${needle}"`);
  for (const t of covering) {
    for (const s of ([] as string[]).concat(scopes)) {
      assert.ok(t.scopes.includes(s), `"${needle}": token ${JSON.stringify(t.text)} lacks ${s}\n${dump(toks)}`);
    }
    for (const s of opts.absent ?? []) {
      assert.ok(!t.scopes.includes(s), `"${needle}": token ${JSON.stringify(t.text)} should not have ${s}\n${dump(toks)}`);
    }
  }
}

const z = (line: string, needle: string, scopes: string | string[], opts?: { occurrence?: number; absent?: string[] }) =>
  expectScopes(ZIMBRA, line, needle, scopes, opts);
const p = (line: string, needle: string, scopes: string | string[], opts?: { occurrence?: number; absent?: string[] }) =>
  expectScopes(POSTFIX, line, needle, scopes, opts);

describe('grammar files', () => {
  test('are generated from syntaxes/src/build.mjs and up to date', () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'syntaxes', 'src', 'build.mjs'), '--check'], { stdio: 'pipe' });
  });

  test('are contributed in package.json for both languages', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const grammars: { language: string; scopeName: string; path: string }[] = pkg.contributes.grammars;
    const byLang = Object.fromEntries(grammars.map((g) => [g.language, g]));
    assert.equal(byLang['zimbra-log'].scopeName, ZIMBRA);
    assert.equal(byLang['postfix-log'].scopeName, POSTFIX);
    for (const g of grammars) {
      const file = path.join(repoRoot, g.path);
      assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).scopeName, g.scopeName, g.path);
    }
  });

  test('every named token carries a log.* scope next to a standard one; no begin/end rules', () => {
    for (const f of ['zimbra-log.tmLanguage.json', 'postfix-log.tmLanguage.json']) {
      const text = fs.readFileSync(path.join(repoRoot, 'syntaxes', f), 'utf8');
      assert.ok(!/"begin"|"while"/.test(text), `${f} has a begin/end or begin/while rule`);
      const names = [...text.matchAll(/"name": "([^"]+)"/g)].map((m) => m[1]).filter((n) => !n.startsWith('Zimbra') && !n.startsWith('Postfix'));
      assert.ok(names.length > 10);
      for (const n of names) {
        const parts = n.split(' ');
        assert.ok(parts.some((s) => s.startsWith('log.')), `${f}: "${n}" has no log.* scope`);
        assert.ok(parts.some((s) => !s.startsWith('log.')), `${f}: "${n}" has no standard scope`);
        assert.ok(!n.includes(','), `${f}: "${n}" has a comma`);
      }
    }
  });
});

describe('zimbra-log (mailbox.log, audit.log)', () => {
  const soap =
    '2026-10-13 10:16:40,564 INFO  [qtp1027007693-121:https://192.0.2.21/service/soap/SendMsgRequest] [name=dave@example.com;mid=7;ip=192.0.2.5;oip=192.0.2.55;port=44500;ua=ZimbraWebClient - FF131 (Linux)/10.1.2_GA;soapId=1afb31c3;] smtp - Sending message to MTA at mta01.example.com, port 25: Message-ID=<506022583.1.1760350600.JavaMail.zimbra@example.com>, replyType=null';

  test('timestamp, level, thread, context, logger', async () => {
    await z(soap, '2026-10-13 10:16:40,564', ['comment', 'log.date']);
    await z(soap, 'INFO', ['markup.inserted', 'log.info']);
    await z(soap, '[qtp1027007693-121:https://192.0.2.21/service/soap/SendMsgRequest]', ['entity.name.function', 'log.thread'], { absent: ['log.ip'] });
    await z(soap, '[name=dave@example.com;mid=7;', 'log.context');
    await z(soap, 'soapId', ['variable.parameter', 'log.context']);
    await z(soap, '1afb31c3', ['string.unquoted', 'log.context']);
    await z(soap, 'ZimbraWebClient - FF131 (Linux)/10.1.2_GA', ['string.unquoted', 'log.context']);
    await z(soap, 'smtp', ['entity.name.type', 'log.logger']);
    await z(soap, 'Sending message', [], { absent: ['log.logger', 'log.context'] });
  });

  test('levels: DEBUG INFO WARN ERROR FATAL (and TRACE), FATAL at least as strong as ERROR', async () => {
    const mk = (lvl: string) => `2026-10-13 10:15:02,118 ${lvl} [main] [] soap - text`;
    await z(mk('DEBUG'), 'DEBUG', ['markup.changed', 'log.debug']);
    await z(mk('TRACE'), 'TRACE', ['markup.changed', 'log.debug']);
    await z(mk('INFO '), 'INFO', ['markup.inserted', 'log.info']);
    await z(mk('WARN '), 'WARN', ['markup.deleted', 'log.warning']);
    await z(mk('ERROR'), 'ERROR', ['string.regexp', 'strong', 'log.error']);
    await z(mk('FATAL'), 'FATAL', ['invalid.illegal', 'strong', 'log.fatal']);
    // single space after the level, as in the admin guide
    await z('2026-10-13 10:15:02,118 INFO [main] [] soap - text', 'INFO', 'log.info');
    await z('2026-10-13 10:15:02,118 INFO [main] [] soap - text', '[main]', 'log.thread');
  });

  test('thread names with spaces, braces, "->", a leading space, an IPv6 URL', async () => {
    const a = '2021-11-16 02:38:40,564 INFO  [ Activity Thread] [] misc - activity';
    await z(a, '[ Activity Thread]', 'log.thread');
    await z(a, 'misc', 'log.logger');
    const b = '2021-11-16 02:38:40,564 INFO  [{RemoteManager: mail.nhk.com->zimbra@mail.nhk.com:22}-zmqstat deferred] [] rmgmt - executing zmqstat';
    await z(b, '[{RemoteManager: mail.nhk.com->zimbra@mail.nhk.com:22}-zmqstat deferred]', 'log.thread', { absent: ['log.email'] });
    await z(b, 'rmgmt', 'log.logger');
    const c = '2021-11-16 02:38:40,564 WARN  [qtp1-2:https://[2001:db8::1]:7071/service/soap/] [ip=2001:db8::5;ua=x [y] z;] SoapEngine - handler exception';
    await z(c, '[qtp1-2:https://[2001:db8::1]:7071/service/soap/]', 'log.thread');
    await z(c, 'WARN', 'log.warning');
    await z(c, 'ua', 'log.context');
    await z(c, 'SoapEngine', 'log.logger');
    const d = '2021-03-03 19:51:53,762 INFO  [qtp93314457-324:smtp://smtp.test.fr:7073/service/admin/soap/] [oip=192.168.7.15;oport=57752;oproto=smtp;soapId=688cb579;] SoapEngine - handler exception: authentication failed for [toto.tata], account not found';
    await z(d, '[qtp93314457-324:smtp://smtp.test.fr:7073/service/admin/soap/]', 'log.thread');
    await z(d, 'SoapEngine', 'log.logger');
    await z(d, 'toto.tata', ['variable.other.constant', 'log.account']);
  });

  test('context: keys and values, ";;" escapes, IPs and accounts inside', async () => {
    const l = '2017-08-16 15:14:43,074 WARN  [ImapServer-0] [name=test1@zcs-dev.test;aname=admin;ip=172.18.0.2;oip=172.18.0.1;via=172.18.0.2(nginx/1.7.1);ua=a;;b;] imap - STATUS failed';
    await z(l, 'test1@zcs-dev.test', ['log.context', 'variable.other.constant', 'log.account', 'log.email']);
    await z(l, 'admin', ['log.context', 'log.account']);
    await z(l, '172.18.0.2', ['log.context', 'constant.numeric', 'log.ip']);
    await z(l, 'oip', ['variable.parameter', 'log.context']);
    await z(l, 'a;;b', ['string.unquoted', 'log.context']);
    await z(l, 'imap', 'log.logger');
  });

  test('message: Message-ID, msgid, e-mail, IP, accounts (name=, account=), authentication failed for [..]', async () => {
    await z(soap, '<506022583.1.1760350600.JavaMail.zimbra@example.com>', ['string.other', 'log.message-id'], { absent: ['log.email'] });
    const lmtp = '2026-10-13 10:17:09,401 INFO  [LmtpServer-7] [ip=192.0.2.10;] lmtp - Delivering message: size=4120 bytes, nrcpts=2, sender=alice@partner.org, msgid=<CAF1x9Qp-7@mail.partner.org>';
    await z(lmtp, '<CAF1x9Qp-7@mail.partner.org>', 'log.message-id');
    await z(lmtp, 'alice@partner.org', ['markup.underline.link', 'log.email']);
    const dup = '2026-10-13 10:17:09,401 INFO  [LmtpServer-7] [] lmtp - Not delivering message with duplicate Message-ID <a@b.c>';
    await z(dup, '<a@b.c>', 'log.message-id');
    const audit = '2026-10-13 10:21:13,747 INFO  [qtp1027007693-182:https://192.0.2.21:7071/service/admin/soap/ModifyAccountRequest] [name=admin@example.com;mid=4;ip=192.0.2.5;] security - cmd=ModifyAccount; name=bob@example.com; zimbraPrefMailForwardingAddress=bob.private@freemail.example;';
    await z(audit, 'bob@example.com', ['variable.other.constant', 'log.account', 'log.email']);
    await z(audit, 'bob.private@freemail.example', 'log.email', { absent: ['log.account'] });
    await z(audit, 'security', 'log.logger');
    const fail = '2026-10-13 10:17:29,990 WARN  [ImapServer-3] [ip=192.0.2.5;oip=198.51.100.23;ua=Thunderbird/128.3;] security - cmd=Auth; account=eve@example.com; protocol=imap; error=authentication failed for [eve@example.com], invalid password;';
    await z(fail, 'eve@example.com', ['log.account', 'log.email'], { occurrence: 0 });
    await z(fail, 'eve@example.com', ['log.account', 'log.email'], { occurrence: 1 });
    await z(fail, '198.51.100.23', 'log.ip');
    const zimbraAcct = '2021-11-16 00:00:07,584 INFO  [qtp1027007693-122:https://localhost:7071/service/admin/soap/AuthRequest] [name=zimbra;ua=zmprov/8.7.6_GA;soapId=b8062bc;] security - cmd=Auth; account=zimbra; protocol=soap;';
    await z(zimbraAcct, 'zimbra', 'log.account', { occurrence: 0 });
    await z(zimbraAcct, 'zimbra', 'log.account', { occurrence: 1 });
    const v6 = '2026-10-13 10:15:06,011 INFO  [main] [] imap - Starting ImapServer on [::1]:7143 and 2001:db8:0:0:0:0:0:1, not at 10:17:09';
    await z(v6, '::1', 'log.ip');
    await z(v6, '2001:db8:0:0:0:0:0:1', 'log.ip');
    await z(v6, '10:17:09', [], { absent: ['log.ip'] });
    const smtp = '2026-10-13 10:16:41,002 INFO  [qtp1-2] [name=dave@example.com;] smtp - Sent message: 250 2.0.0 Ok: queued as 4FF14284F45';
    await z(smtp, '4FF14284F45', 'log.queue-id');
  });

  test('stack traces: frames, Caused by, ... N more, ExceptionId/Code, exception class names', async () => {
    const text = [
      '2026-10-13 10:18:11,220 ERROR [qtp1027007693-131:https://192.0.2.21/service/admin/soap/GetServerRequest] [name=admin@example.com;] SoapEngine - handler exception',
      'com.zimbra.cs.account.AccountServiceException: no such server: mbox02.example.com',
      'ExceptionId:qtp1027007693-131:https://192.0.2.21/service/admin/soap/GetServerRequest:1760350691220:9539e92080dbf14c',
      'Code:account.NO_SUCH_SERVER',
      '\tat com.zimbra.cs.account.AccountServiceException.NO_SUCH_SERVER(AccountServiceException.java:256)',
      '        at com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471) ~[zimbrastore.jar:10.0.5_GA_0423]',
      'Caused by: javax.naming.NameNotFoundException: mbox02.example.com',
      '\t... 12 more',
      '2026-10-13 10:18:12,000 INFO  [main] [] soap - after the trace',
    ].join('\n');
    const lines = text.split('\n');
    const toks = await tokenizeText(ZIMBRA, text);
    const has = (i: number, needle: string, scope: string) => {
      const at = lines[i].indexOf(needle);
      const covering = tokensIn(toks[i], at, at + needle.length);
      assert.ok(covering.length && covering.every((t) => t.scopes.includes(scope)), `line ${i} "${needle}" lacks ${scope}\n${dump(toks[i])}`);
    };
    has(0, 'ERROR', 'log.error');
    has(1, 'com.zimbra.cs.account.AccountServiceException', 'log.exception');
    has(1, 'com.zimbra.cs.account.AccountServiceException', 'string.regexp');
    has(2, 'ExceptionId:', 'log.exception');
    has(3, 'Code:account.NO_SUCH_SERVER', 'log.exception');
    has(4, '\tat com.zimbra.cs.account.AccountServiceException.NO_SUCH_SERVER(AccountServiceException.java:256)', 'log.exception');
    has(4, 'at com', 'emphasis');
    has(5, 'at com.zimbra.soap.SoapEngine.dispatch(SoapEngine.java:471) ~[zimbrastore.jar:10.0.5_GA_0423]', 'log.exception');
    has(6, 'Caused by:', 'log.exception');
    has(6, 'javax.naming.NameNotFoundException', 'log.exception');
    has(7, '... 12 more', 'log.exception');
    has(8, '2026-10-13 10:18:12,000', 'log.date');
    has(8, 'INFO', 'log.info');
    has(8, 'soap', 'log.logger');
  });

  test('a cut-off header still gets its date and level; nothing leaks into the next line', async () => {
    const text = [
      '2024-01-02 13:44:21,085 WARN  [qtp758013696-5095:https://xxxx.xxxx.xx/service/soap/] [name=xxxxxxx;mid=3;ip=xxxxxxxxxxxxxxxx;port=32940;ua=Outlook/16.0 (16.0.5401.1>',
      'com.zimbra.cs.account.AccountServiceException: no such account: 0 [ { ( "unclosed',
      '2024-01-02 13:44:22,000 ERROR [main] [] soap - next',
    ].join('\n');
    const toks = await tokenizeText(ZIMBRA, text);
    assert.ok(toks[0][0].scopes.includes('log.date'), dump(toks[0]));
    assert.ok(tokensIn(toks[0], 24, 28).every((t) => t.scopes.includes('log.warning')), dump(toks[0]));
    assert.ok(toks[2][0].scopes.includes('log.date'));
    assert.ok(tokensIn(toks[2], 24, 29).every((t) => t.scopes.includes('log.error')), dump(toks[2]));
    const soapAt = '2024-01-02 13:44:22,000 ERROR [main] [] soap'.indexOf('soap');
    assert.ok(tokensIn(toks[2], soapAt, soapAt + 4).every((t) => t.scopes.includes('log.logger')), dump(toks[2]));
  });

  test('CRLF: lines split on \\r\\n tokenize like LF lines; a stray \\r at the end does not hurt', async () => {
    const lf = '2026-10-13 10:15:02,118 INFO  [main] [] soap - Servlet SoapServlet starting up\n\tat a.b.C.d(C.java:1)\n2026-10-13 10:15:02,119 ERROR [main] [] soap - x';
    const a = await tokenizeText(ZIMBRA, lf);
    const b = await tokenizeText(ZIMBRA, lf.replace(/\n/g, '\r\n'));
    assert.deepEqual(b, a);
    const g = await loadGrammar(ZIMBRA);
    let stack = INITIAL;
    const raw: Token[][] = [];
    for (const line of lf.replace(/\n/g, '\r\n').split('\n')) {
      const r = tokenizeLine(g, line, stack);
      stack = r.ruleStack;
      raw.push(r.tokens);
    }
    assert.ok(raw[0].find((t) => t.text === 'soap')?.scopes.includes('log.logger'), dump(raw[0]));
    assert.ok(raw[1][0].scopes.includes('log.exception'));
    assert.ok(raw[2].find((t) => t.text === 'ERROR')?.scopes.includes('log.error'), dump(raw[2]));
    assert.ok(raw[2].find((t) => t.text === 'soap')?.scopes.includes('log.logger'), dump(raw[2]));
  });
});

describe('postfix-log (zimbra.log / maillog)', () => {
  const sent =
    'Oct 13 10:17:00 mta01 postfix/smtp[7516]: 4FF14284F45: to=<ops@partner.org>, relay=mx.partner.org[198.51.100.4]:25, delay=0.25, delays=0.02/0.02/0.16/0.06, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 878833424CF)';

  test('header: BSD date, host, program and pid, subject queue ID', async () => {
    await p(sent, 'Oct 13 10:17:00', ['comment', 'log.date']);
    await p(sent, 'mta01', ['entity.name.tag', 'log.host']);
    await p(sent, 'postfix/smtp', ['entity.name.function', 'log.process']);
    await p(sent, '[7516]', 'log.process');
    await p(sent, '7516', ['constant.numeric', 'log.process']);
    await p(sent, '4FF14284F45', ['entity.name.type', 'log.queue-id']);
  });

  test('header variants: padded and unpadded days, RFC3339, instances, odd programs, no pid', async () => {
    await p('Oct  3 10:17:00 mta01 postfix/qmgr[9946]: 4FF14284F45: removed', 'Oct  3 10:17:00', 'log.date');
    await p('Mar 7 02:09:33 h postfix/smtpd[1]: connect from x[1.2.3.4]', 'Mar 7 02:09:33', 'log.date');
    const rfc = '2015-05-25T13:24:54.453188-03:00 mta-in-01 postfix/lmtp[28300]: 5261B2816D5: to=<deugenin@example.com>, relay=mailbox-02.zboxapp.com[182.168.0.172]:7025, delay=0.12, delays=0.01/0/0/0.1, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)';
    await p(rfc, '2015-05-25T13:24:54.453188-03:00', 'log.date');
    await p(rfc, 'mta-in-01', 'log.host');
    await p(rfc, '5261B2816D5', 'log.queue-id');
    await p(rfc, '182.168.0.172', ['log.relay', 'log.ip']);
    await p('2024-08-26T01:33:38.572449+00:00 machine postfix/smtpd[60203]: connect from a[1.2.3.4]', '2024-08-26T01:33:38.572449+00:00', 'log.date');
    const inst = 'Sep 16 00:07:43 smtpnode07 postfix-10.20.30.40/smtp[3022]: 0C31D3D1E6: to=<redacted@aol.com>, status=deferred';
    await p(inst, 'postfix-10.20.30.40/smtp', 'log.process', { absent: ['log.ip'] });
    await p(inst, '0C31D3D1E6', 'log.queue-id');
    await p('Dec 17 06:29:09 sm02 /postfix-script[115413]: warning: x', '/postfix-script', 'log.process');
    await p('Feb  5 18:56:52 mail dovecot: imap(laalala@mail.io)<28358>: Connection closed', 'dovecot', 'log.process');
    await p('Feb  5 18:56:52 mail dovecot: imap(laalala@mail.io)<28358>: Connection closed', 'laalala@mail.io', 'log.email');
    await p('Feb  5 18:56:52 mail last message repeated 3 times', 'mail', 'log.host');
    await p('Nov  2 06:13:00 mta clamd:SelfCheck: Database status OK.', 'clamd', 'log.process');
    await p('Nov  2 06:13:00 mta postfix/qmgr[1]:4FF14284F45: removed', '4FF14284F45', 'log.queue-id');
  });

  test('queue IDs wherever they appear: queued as, Queue-ID:, queued_as:, notifications, orig_queue_id=, forwarded as, long IDs', async () => {
    await p(sent, '878833424CF', 'log.queue-id');
    const amavis =
      'Oct 13 10:17:09 mta01 amavis[30688]: (30688-02) Passed CLEAN {RelayedInbound}, [198.51.100.7]:48460 [198.51.100.7] <alice@partner.org> -> <bob@example.com>,<carol@example.com>, Queue-ID: 17B8ED411FA6, Message-ID: <CAF1x9Qp-7@mail.partner.org>, mail_id: HnYFfPf-vHfk, Hits: 1.249, size: 3606, queued_as: EFAF89FC43C/3Pt2mN2VXxznjll, 478 ms';
    await p(amavis, '17B8ED411FA6', 'log.queue-id');
    await p(amavis, 'EFAF89FC43C', 'log.queue-id');
    await p(amavis, '3Pt2mN2VXxznjll', 'log.queue-id');
    await p(amavis, 'HnYFfPf-vHfk', [], { absent: ['log.queue-id'] });
    await p(amavis, 'Passed CLEAN', ['markup.inserted', 'log.status.passed']);
    await p(amavis, '<CAF1x9Qp-7@mail.partner.org>', ['string.other', 'log.message-id'], { absent: ['log.email'] });
    await p(amavis, 'carol@example.com', 'log.email');
    await p(amavis, '198.51.100.7', 'log.ip', { occurrence: 1 });
    await p(amavis, '478 ms', 'log.delay');
    await p(amavis, 'amavis', 'log.process');
    const bounce = 'Oct 13 10:18:04 mta01 postfix/bounce[7700]: 5A1C2D3E4F: sender non-delivery notification: 6B2D3E4F50';
    await p(bounce, '5A1C2D3E4F', 'log.queue-id');
    await p(bounce, '6B2D3E4F50', 'log.queue-id');
    const reinject = 'Oct 13 10:17:09 mta01 postfix/amavisd/smtpd[31002]: EFAF89FC43C: client=localhost[127.0.0.1], orig_queue_id=17B8ED411FA6, orig_client=mail.partner.org[198.51.100.7]';
    await p(reinject, 'EFAF89FC43C', 'log.queue-id');
    await p(reinject, '17B8ED411FA6', 'log.queue-id');
    await p(reinject, '127.0.0.1', 'log.ip');
    const fwd = 'Jan 23 03:30:03 Pixel-games postfix/local[21390]: 4JhJXC5ZqLzgB7: to=<root@Pixel-games.inovaperf.fr>, relay=local, delay=0.01, delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as 4JhJXC5hX0zgB0)';
    await p(fwd, '4JhJXC5ZqLzgB7', 'log.queue-id');
    await p(fwd, '4JhJXC5hX0zgB0', 'log.queue-id');
    await p(fwd, 'local', 'log.relay', { occurrence: 1 });
    await p('Jan  1 00:00:00 h postfix/smtpd[1]: 44JCRG5tYPzCqt2: client=x[1.2.3.4]', '44JCRG5tYPzCqt2', 'log.queue-id');
    await p('Oct 13 10:19:00 mta01 clamd[2001]: SelfCheck: Database status OK.', 'SelfCheck', [], { absent: ['log.queue-id'] });
    await p('Oct 13 10:16:58 mta01 zmconfigd[2291]: Watchdog: service antivirus status is OK.', 'Watchdog', [], { absent: ['log.queue-id'] });
  });

  test('status=sent / deferred / bounced / expired, dsn classes, relay, delays', async () => {
    await p(sent, 'sent', ['markup.inserted', 'log.status.sent'], { occurrence: 0 });
    await p(sent, '2.0.0', ['markup.inserted', 'log.dsn']);
    await p(sent, 'mx.partner.org[198.51.100.4]:25', ['keyword.control', 'log.relay']);
    await p(sent, '198.51.100.4', 'log.ip');
    await p(sent, '0.25', 'log.delay');
    await p(sent, '0.02/0.02/0.16/0.06', ['variable.other', 'log.delay']);
    const deferred = 'Oct 13 10:17:09 mta01 postfix/lmtp[7601]: EFAF89FC43C: to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=0.13, delays=0.01/0/0/0.11, dsn=4.2.2, status=deferred (452 4.2.2 Over quota)';
    await p(deferred, 'deferred', ['markup.deleted', 'log.status.deferred']);
    await p(deferred, '4.2.2', ['markup.deleted', 'log.dsn']);
    const bounced = 'Oct 13 10:18:04 mta01 postfix/smtp[7516]: 5A1C2D3E4F: to=<lost@gone.example>, relay=none, delay=1, delays=0.01/0.01/0.98/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name service error for name=gone.example type=A: Host not found)';
    await p(bounced, 'bounced', ['string.regexp', 'log.status.bounced']);
    await p(bounced, '5.4.4', ['string.regexp', 'log.dsn']);
    await p(bounced, 'none', 'log.relay');
    await p(bounced, 'gone.example', [], { occurrence: 1, absent: ['log.account'] });
    const expired = 'Oct  3 12:39:14 mailhost postfix-12.34.56.78/qmgr[24086]: B54DA300087: from=<redacted@company.com>, status=expired, returned to sender';
    await p(expired, 'expired', ['string.regexp', 'log.status.expired']);
    await p('Dec 15 07:46:27 phoenix postfix/smtp[1]: B4C5A1100935: to=<a@b.c>, relay=none, delay=4+20:26:43, status=sent', '4+20:26:43', 'log.delay');
  });

  test('rejections: NOQUEUE: reject:, milter-reject, QID: reject:, amavis Blocked', async () => {
    const rej = 'Oct 13 10:17:20 mta01 postfix/smtpd[21790]: NOQUEUE: reject: RCPT from unknown[203.0.113.66]: 554 5.7.1 <nobody@example.com>: Relay access denied; from=<spam@bulk.example.net> to=<nobody@example.com> proto=ESMTP helo=<bulk.example.net>';
    await p(rej, 'NOQUEUE: reject:', ['string.regexp', 'log.status.rejected']);
    await p(rej, '203.0.113.66', 'log.ip');
    await p(rej, 'spam@bulk.example.net', 'log.email');
    const milter = 'Jan  1 00:00:00 h postfix/cleanup[1]: 4FF14284F45: milter-reject: END-OF-MESSAGE from x[1.2.3.4]: 5.7.1 Spam; from=<a@b.c> to=<d@e.f>';
    await p(milter, 'milter-reject:', 'log.status.rejected');
    await p(milter, '4FF14284F45', 'log.queue-id');
    const qrej = 'Feb  8 21:28:47 mx postfix/smtps/smtpd[1036]: DE81A2E2DAA: reject: RCPT from unknown[2a02:168:636a::15e2]: 550 5.1.1 <h-c715634009216@h-14dc4a6d.com>: Recipient address rejected';
    await p(qrej, 'reject:', 'log.status.rejected');
    await p(qrej, '2a02:168:636a::15e2', 'log.ip');
    await p(qrej, 'h-c715634009216@h-14dc4a6d.com', 'log.email');
    const blocked = 'Feb 10 01:27:49 mx-1 amavis[27693]: (27693-06) Blocked INFECTED (Win.Trojan.Generickd-2094), [194.214.158.196] [167.88.35.187] <blombacke@olivesverige.se> -> <x@y.fr>, quarantine: 3/virus-3tsxby3v3tSL, Message-ID: <201502100027.t1A0Rldx012631@paris.ensmp.fr>';
    await p(blocked, 'Blocked INFECTED (Win.Trojan.Generickd-2094)', ['string.regexp', 'strong', 'log.status.rejected']);
  });

  test('severities: warning: error: fatal: panic:, also after a queue ID', async () => {
    await p('Oct 13 10:18:31 mta01 postfix/smtpd[21801]: warning: unknown[203.0.113.9]: SASL LOGIN authentication failed', 'warning:', ['markup.deleted', 'log.warning']);
    await p('Oct 13 10:19:20 mta01 postfix/qmgr[9946]: fatal: open database /opt/zimbra/conf/transport.lmdb: No such file', 'fatal:', ['invalid.illegal', 'strong', 'log.fatal']);
    await p('Oct 13 10:19:20 mta01 postfix/master[1]: panic: myfree: corrupt or unallocated memory block', 'panic:', 'log.fatal');
    await p('Oct 13 10:19:20 mta01 postfix/smtp[1]: error: open database /etc/postfix/x.db: No such file', 'error:', ['string.regexp', 'strong', 'log.error']);
    const hdr = 'Oct 13 10:19:20 mta01 postfix/cleanup[1]: 4FF14284F45: warning: header Subject: =?ISO-8859-1?Q?x?= from x[1.2.3.4]';
    await p(hdr, '4FF14284F45', 'log.queue-id');
    await p(hdr, 'warning:', 'log.warning');
    await p('Dec 30 17:26:30 mail postfix/error[13047]: 4FF14284F45: to=<a@b.c>, relay=none, status=deferred', 'error', 'log.process', { absent: ['log.error'] });
  });

  test('accounts: sasl_username=, saslauthd auth_zimbra, authentication failed for [..]', async () => {
    const sasl = 'Oct 13 10:18:03 mta01 postfix/submission/smtpd[22010]: 5A1C2D3E4F: client=laptop.example.com[192.0.2.55], sasl_method=PLAIN, sasl_username=dave@example.com';
    await p(sasl, 'dave@example.com', ['variable.other.constant', 'log.account', 'log.email']);
    await p(sasl, 'postfix/submission/smtpd', 'log.process');
    const sa = 'Oct 13 10:18:30 mta01 saslauthd[1402]: auth_zimbra: eve@example.com auth failed: authentication failed for [eve@example.com], invalid password';
    await p(sa, 'eve@example.com', ['log.account', 'log.email'], { occurrence: 0 });
    await p(sa, 'eve@example.com', ['log.account', 'log.email'], { occurrence: 1 });
  });

  test('messy lines: #012 escapes, literal \\r\\n, C escapes, 5-octet anonymized IPs, msg-only lines', async () => {
    const slapd = 'Dec 12 10:00:00 ldap slapd[1234]: conn=1000 op=1 SRCH base="" scope=0 deref=0 filter="(objectClass=*)"#012#011attrs: x';
    await p(slapd, 'slapd', 'log.process');
    await p(slapd, '1234', 'log.process');
    const pregreet = 'Oct 25 04:24:59 test postfix/postscreen[22244]: PREGREET 16 after 2.6 from [177.154.236.182]:41323: EHLO 127.0.0.1\\r\\n';
    await p(pregreet, '177.154.236.182', 'log.ip');
    const anon = 'Dec 15 07:46:27 phoenix postfix/smtpd[1]: connect from unknown[139.86.9.1.123]';
    await p(anon, '139.86.9.1.123', 'log.ip');
    await p('4FF14284F45: to=<a@b.c>, relay=none, status=bounced', '4FF14284F45', 'log.queue-id');
    await p('warning: hostname x does not resolve to address 1.2.3.4', 'warning:', 'log.warning');
    await p('NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 denied', 'NOQUEUE: reject:', 'log.status.rejected');
  });

  test('CRLF: the same tokens with \\r\\n line ends; a trailing \\r does not break the next line', async () => {
    const lf = [sent, 'Oct 13 10:19:20 mta01 postfix/qmgr[9946]: fatal: x', 'Oct 13 10:17:20 mta01 postfix/smtpd[21790]: NOQUEUE: reject: RCPT from unknown[203.0.113.66]: 554'].join('\n');
    assert.deepEqual(await tokenizeText(POSTFIX, lf.replace(/\n/g, '\r\n')), await tokenizeText(POSTFIX, lf));
    const g = await loadGrammar(POSTFIX);
    let stack = INITIAL;
    for (const line of lf.replace(/\n/g, '\r\n').split('\n')) {
      const r = tokenizeLine(g, line, stack);
      stack = r.ruleStack;
      assert.ok(r.tokens[0].scopes.includes('log.date'), dump(r.tokens));
      assert.ok(r.tokens.some((t) => t.scopes.includes('log.process')), dump(r.tokens));
    }
    const r = tokenizeLine(g, 'Oct 13 10:19:20 mta01 postfix/qmgr[9946]: 4FF14284F45:\r');
    assert.ok(r.tokens.find((t) => t.text === '4FF14284F45')?.scopes.includes('log.queue-id'), dump(r.tokens));
  });
});

describe('linear tokenization: 20,000-character lines', () => {
  // Counted, not timed (a timed bound flakes on a loaded machine): the Oniguruma scanners' calls
  // and the characters their searches passed over (grammarHelpers.scanWork), at 2,500 and at
  // 20,000 characters of the same shape. Linear tokenization does about 8 times the work at 8
  // times the length; a rule that searches to the end of the line from every token, quadratic,
  // does 64 times.
  const pad = (prefix: string, unit: string, size: number) => {
    let s = prefix;
    while (s.length < size) s += unit;
    return s.slice(0, size);
  };
  const shapes = (size: number): [string, string, string][] => {
    const pad1 = (prefix: string, unit: string) => pad(prefix, unit, size);
    return [
      [ZIMBRA, 'log4j line, long realistic message', pad1('2026-10-13 10:16:40,564 INFO  [qtp1-1:https://192.0.2.21/service/soap/X] [name=a@b.c;ip=1.2.3.4;] soap - ', 'Message-ID=<a.b@c.d>, sender=x.y@z.example, ip 192.0.2.5 and [2001:db8::1] com.zimbra.FooException name=u@v.w; ')],
      [ZIMBRA, 'log4j line, huge thread and context', pad1('2026-10-13 10:16:40,564 INFO  [', 'qtp 1 {x} :https://h/p ] [ ') + ''],
      [ZIMBRA, 'log4j header with a 20,000-character context of IPs and accounts', pad('2026-10-13 10:16:40,564 INFO  [t] [', 'name=a@b.c;ip=1.2.3.4;ua=x [y] z;', size - 10) + '] soap - x'],
      [ZIMBRA, 'log4j header with an endless context', pad1('2026-10-13 10:16:40,564 WARN  [t] [', 'k=v;;w;a=b c;')],
      [ZIMBRA, 'dotted identifier soup (exception-class regex)', pad1('2026-10-13 10:16:40,564 ERROR [t] [] x - ', 'a.b.c.d.e.')],
      [ZIMBRA, 'a 20,000-character stack frame', pad1('\tat ', 'com.zimbra.Foo.bar(Foo.java:1) ')],
      [ZIMBRA, 'digits and dots, colons (IP regexes)', pad1('2026-10-13 10:16:40,564 INFO  [t] [] x - ', '1.2.3.4.5.6:7:8::9:')],
      [ZIMBRA, 'no structure at all', pad1('', 'x@@y..z;;[[]]  ')],
      [POSTFIX, 'syslog line, long realistic message', pad1('Oct 13 10:17:00 mta01 postfix/smtp[7516]: 4FF14284F45: ', 'to=<ops@partner.org>, relay=mx.partner.org[198.51.100.4]:25, delay=0.25, delays=0.02/0.02/0.16/0.06, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 878833424CF) ')],
      [POSTFIX, 'relay= and sasl_username= over and over', pad1('Oct 13 10:17:00 mta01 postfix/smtp[7516]: 4FF14284F45: ', 'relay=mx.partner.org[198.51.100.4]:25, relay=[::1]:25, sasl_username=a@b.c, ')],
      [POSTFIX, 'amavis TIMING-like line', pad1('Dec 17 06:29:07 sm02 amavis[11202]: (11202-06) TIMING [total 9115 ms] - ', 'SMTP greeting: 3 (0%)0, SMTP EHLO: 1 (0%)0, Queue-ID: 218BEDC28EC, queued_as: 33DE0DC24C3/33DE0DC24C4, 12 ms, ')],
      [POSTFIX, 'one 20,000-character word after the header', pad1('Oct 13 10:17:00 mta01 postfix/smtpd[1]: ', 'A')],
      [POSTFIX, 'one 20,000-character host', pad1('Oct 13 10:17:00 ', 'h')],
      [POSTFIX, 'local parts without @ (e-mail regex)', pad1('Oct 13 10:17:00 mta01 postfix/smtpd[1]: ', 'a.b+c%d-e')],
      [POSTFIX, '#012 escapes and C escapes', pad1('Dec 12 10:00:00 ldap slapd[1]: ', '#012#011\\r\\n\\003\\000 ')],
      [POSTFIX, 'many "queued as" with no ID', pad1('Oct 13 10:17:00 mta01 postfix/smtp[1]: ', 'queued as , Queue-ID: , status=, dsn=9.')],
    ];
  };

  test('each shape tokenizes with work linear in its length', async () => {
    const results: string[] = [];
    const small = shapes(2500);
    for (const [k, [scopeName, label, line]] of shapes(20000).entries()) {
      const g = await loadGrammar(scopeName);
      assert.equal(line.length, 20000, label);
      assert.equal(small[k][2].length, 2500, label);
      const work = (l: string) => {
        const before = { ...scanWork };
        assert.equal(tokenizeLine(g, l).stoppedEarly, false);
        return { calls: scanWork.calls - before.calls, chars: scanWork.chars - before.chars };
      };
      const a = work(small[k][2]);
      const b = work(line);
      results.push(`${String(b.calls).padStart(7)} searches ${String(b.chars).padStart(9)} characters (${(b.chars / a.chars).toFixed(1)} x those of 2,500)  ${scopeName === ZIMBRA ? 'zimbra-log ' : 'postfix-log'}  ${label}`);
      assert.ok(b.calls <= 9 * a.calls + 20, `${label}: ${b.calls} searches at 20,000, ${a.calls} at 2,500`);
      assert.ok(b.chars <= 9 * a.chars + 2000, `${label}: ${b.chars} characters searched at 20,000, ${a.chars} at 2,500`);
    }
    console.log('tokenization work of 20,000-character lines:\n' + results.join('\n'));
  });
});
