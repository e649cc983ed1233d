#!/usr/bin/env node
// Generator of large, realistic Zimbra MTA logs (zimbra.log) for benchmarks: concurrent smtpd
// sessions interleaved in time, amavis re-injection (inbound A -> amavis -> B -> LMTP), outbound
// mail through the DKIM signer and amavis (A -> B -> C -> remote MX), SMTP AUTH submissions,
// pickup, deferrals retried later, bounces with their notifications, NOQUEUE rejects, postscreen,
// and the other programs of a Zimbra MTA (clamd, zmconfigd, saslauthd, slapd); with the mailbox
// server's side, logins (failed ones, password-guessing bursts), users moving and deleting mail, restarts.
// Deterministic (seeded). With --mailbox FILE it also writes the mailbox server's mailbox.log side.
//
//   node bench/generate.mjs --size 50M --out bench/data/zimbra-50M.log [--mailbox bench/data/mailbox.log] [--seed 1]
import { createWriteStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

function parseSize(s) {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)$/i.exec(s);
  if (!m) throw new Error('bad --size ' + s);
  return Math.round(Number(m[1]) * { '': 1, K: 1024, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase()]);
}

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf('--' + name);
  return i >= 0 ? args[i + 1] : def;
};
const target = parseSize(opt('size', '10M'));
const outPath = opt('out', 'bench/data/zimbra.log');
const mailboxPath = opt('mailbox', undefined);
const seed = Number(opt('seed', '1')) >>> 0 || 1;

/** Numbers in [0, 1) from `seed` (xorshift32), and a pick and an integer from them. */
function randomStream(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
  return { next, pick: (a) => a[Math.floor(next() * a.length)], int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}
const { next: rnd, pick, int } = randomStream(seed);

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n, w = 2) => String(n).padStart(w, '0');
function syslogTime(ms) {
  const d = new Date(ms);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function log4jTime(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())},${pad(d.getUTCMilliseconds(), 3)}`;
}

const HOST = 'mta01';
const MBOX = 'mbox01.example.com[192.0.2.21]:7025';
const localUsers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'zoe'].map((u) => u + '@example.com');
const remoteDomains = ['partner.org', 'gmail.com', 'outlook.com', 'yahoo.com', 'supplier.net', 'bank.example', 'news.example.org', 'univ.example.edu'];
const remoteHosts = remoteDomains.map((d, i) => ({ name: `mail.${d}`, ip: `198.51.100.${10 + i}`, mx: `mx${i % 3}.${d}`, mxip: `203.0.113.${20 + i}` }));
const word = () => pick(['report', 'invoice', 'meeting', 'newsletter', 'update', 'order', 'ticket', 'reminder']);

let qidCounter = 0x3a2f10;
function qid() {
  qidCounter += int(1, 4099);
  return (qidCounter * 0x10001 + 0x1f2e3d).toString(16).toUpperCase().slice(-11).padStart(11, '1');
}
// Postfix daemons are long-lived: a process serves one client at a time, then the next, up to
// max_use (100) clients, then exits and a new PID takes its place. A pool per service gives each
// session or delivery a free process of that service.
let pidCounter = 20000;
const newPid = () => (pidCounter = pidCounter >= 99990 ? 20000 : pidCounter + int(1, 7));
const pools = new Map();
/** A PID of `service` free at time `t` (ms), busy for the next minute. */
function pid(service, t) {
  let pool = pools.get(service);
  if (!pool) pools.set(service, (pool = []));
  let proc = pool.find((x) => x.busyUntil <= t);
  if (!proc) pool.push((proc = { pid: newPid(), uses: 0, busyUntil: 0 }));
  if (++proc.uses > 100) Object.assign(proc, { pid: newPid(), uses: 1 });
  proc.busyUntil = t + 60_000;
  return proc.pid;
}
const QMGR = 9946;
const CLEANUP = [26776, 26777, 26780];
let amavisSeq = 0;

/** One message's lines: [timeMs, line] pairs (mailbox lines go to `mbox`). */
function message(t0, kind) {
  const L = [];
  const M = [];
  let t = t0;
  const at = (dt, prog, p, msg) => {
    t += dt;
    L.push([t, `${syslogTime(t)} ${HOST} ${prog}[${p}]: ${msg}`]);
  };
  const msgId = `<${Math.floor(t0).toString(36)}.${int(1000, 99999)}@${kind === 'inbound' ? pick(remoteDomains) : 'example.com'}>`;
  const size = int(900, 250000);
  const cleanup = pick(CLEANUP);

  const inject = (prog, p, A, clientLine, from, nrcpt) => {
    at(0, prog, p, `${A}: ${clientLine}`);
    at(int(5, 60), 'postfix/cleanup', cleanup, `${A}: message-id=${msgId}`);
    at(int(1, 30), 'postfix/qmgr', QMGR, `${A}: from=<${from}>, size=${size}, nrcpt=${nrcpt} (queue active)`);
  };
  const reinject = (A, B, rcpts, port, from, reply) => {
    const smtpPid = pid('smtp', t);
    const dpid = pid(port === 10026 ? 'dkimmilter/smtpd' : 'amavisd/smtpd', t);
    at(int(20, 200), `postfix/${port === 10026 ? 'dkimmilter' : 'amavisd'}/smtpd`, dpid, `connect from localhost[127.0.0.1]`);
    inject(`postfix/${port === 10026 ? 'dkimmilter' : 'amavisd'}/smtpd`, dpid, B, `client=localhost[127.0.0.1], orig_queue_id=${A}, orig_client=localhost[127.0.0.1]`, from, rcpts.length);
    at(int(1, 20), `postfix/${port === 10026 ? 'dkimmilter' : 'amavisd'}/smtpd`, dpid, `disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${4 + rcpts.length}`);
    if (port !== 10026) {
      const seq = `(${dpid}-${pad(++amavisSeq % 100)})`;
      at(int(1, 10), 'amavis', 30688, `${seq} Passed CLEAN {${from.endsWith('@example.com') ? 'RelayedOutbound' : 'RelayedInbound'}}, [${pick(remoteHosts).ip}]:${int(30000, 60000)} <${from}> -> ${rcpts.map((r) => `<${r}>`).join(',')}, Queue-ID: ${A}, Message-ID: ${msgId}, mail_id: ${Math.floor(rnd() * 1e12).toString(36)}, Hits: ${(rnd() * 4 - 1).toFixed(3)}, size: ${size}, queued_as: ${B}, ${int(200, 3000)} ms`);
    }
    for (const r of rcpts) {
      const d = (rnd() * 2).toFixed(2);
      at(int(1, 5), 'postfix/smtp', smtpPid, `${A}: to=<${r}>, relay=127.0.0.1[127.0.0.1]:${port}, delay=${d}, delays=0.02/0.01/0/${d}, dsn=2.0.0, status=sent (250 2.0.0 ${reply}: 250 2.0.0 Ok: queued as ${B})`);
    }
    at(int(1, 5), 'postfix/qmgr', QMGR, `${A}: removed`);
  };
  const lmtp = (B, rcpts, from) => {
    const lp = pid('lmtp', t);
    M.push([t + 30, `${log4jTime(t + 30)} INFO  [LmtpServer-${int(1, 20)}] [ip=192.0.2.10;] lmtp - Delivering message: size=${size} bytes, nrcpts=${rcpts.length}, sender=${from}, msgid=${msgId}`]);
    for (const r of rcpts) {
      const over = rnd() < 0.01;
      if (!over) M.push([t + 40, `${log4jTime(t + 40)} INFO  [LmtpServer-${int(1, 20)}] [name=${r};mid=${int(2, 400)};ip=192.0.2.10;] mailop - Adding Message: id=${int(300, 90000)}, Message-ID=${msgId}, parentId=-1, folderId=2, folderName=Inbox acct=${r}.`]);
      at(int(10, 200), 'postfix/lmtp', lp, `${B}: to=<${r}>, relay=${MBOX}, delay=0.1, delays=0.01/0/0/0.09, dsn=${over ? '4.2.2' : '2.1.5'}, status=${over ? 'deferred (452 4.2.2 Over quota)' : 'sent (250 2.1.5 Delivery OK)'}`);
    }
    at(int(1, 5), 'postfix/qmgr', QMGR, `${B}: removed`);
  };

  if (kind === 'inbound') {
    const h = pick(remoteHosts);
    const from = `${word()}@${h.name.slice(5)}`;
    const rcpts = Array.from({ length: rnd() < 0.8 ? 1 : int(2, 4) }, () => pick(localUsers));
    const sp = pid('smtpd', t);
    const A = qid();
    const B = qid();
    at(0, 'postfix/postscreen', 2001, `CONNECT from [${h.ip}]:${int(30000, 60000)} to [192.0.2.10]:25`);
    at(int(1, 200), 'postfix/postscreen', 2001, `PASS OLD [${h.ip}]:${int(30000, 60000)}`);
    at(int(1, 20), 'postfix/smtpd', sp, `connect from ${h.name}[${h.ip}]`);
    at(int(20, 300), 'postfix/smtpd', sp, `Anonymous TLS connection established from ${h.name}[${h.ip}]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256`);
    inject('postfix/smtpd', sp, A, `client=${h.name}[${h.ip}]`, from, rcpts.length);
    at(int(10, 500), 'postfix/smtpd', sp, `disconnect from ${h.name}[${h.ip}] ehlo=2 starttls=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${7 + rcpts.length}`);
    reinject(A, B, rcpts, 10032, from, 'from MTA(smtp:[127.0.0.1]:10025)');
    lmtp(B, rcpts, from);
  } else if (kind === 'outbound') {
    const user = pick(localUsers);
    const rcpts = Array.from({ length: rnd() < 0.7 ? 1 : int(2, 5) }, () => `${word()}@${pick(remoteDomains)}`);
    const sp = pid('submission/smtpd', t);
    const [A, B, C] = [qid(), qid(), qid()];
    const ip = `192.0.2.${int(30, 250)}`;
    at(0, 'postfix/submission/smtpd', sp, `connect from unknown[${ip}]`);
    at(int(10, 100), 'postfix/submission/smtpd', sp, `Anonymous TLS connection established from unknown[${ip}]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`);
    inject('postfix/submission/smtpd', sp, A, `client=unknown[${ip}], sasl_method=PLAIN, sasl_username=${user}`, user, rcpts.length);
    at(int(10, 200), 'postfix/submission/smtpd', sp, `disconnect from unknown[${ip}] ehlo=2 starttls=1 auth=1 mail=1 rcpt=${rcpts.length} data=1 quit=1 commands=${8 + rcpts.length}`);
    reinject(A, B, rcpts, 10026, user, 'from MTA(smtp:[127.0.0.1]:10030)');
    reinject(B, C, rcpts, 10032, user, 'from MTA(smtp:[127.0.0.1]:10025)');
    for (const r of rcpts) {
      const dom = r.split('@')[1];
      const h = remoteHosts[remoteDomains.indexOf(dom)];
      const rp = pid('smtp', t);
      const fate = rnd();
      at(int(10, 100), 'postfix/smtp', rp, `Trusted TLS connection established to ${h.mx}[${h.mxip}]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`);
      if (fate < 0.04) {
        at(int(100, 900), 'postfix/smtp', rp, `${C}: to=<${r}>, relay=${h.mx}[${h.mxip}]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=4.7.0, status=deferred (host ${h.mx}[${h.mxip}] said: 421 4.7.0 Try again later (in reply to end of DATA command))`);
        t += int(300000, 900000);
        at(0, 'postfix/qmgr', QMGR, `${C}: from=<${user}>, size=${size}, nrcpt=${rcpts.length} (queue active)`);
        at(int(100, 900), 'postfix/smtp', pid('smtp', t), `${C}: to=<${r}>, relay=${h.mx}[${h.mxip}]:25, delay=${int(300, 900)}, delays=${int(300, 900)}/0.01/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK ${int(1e8, 9e8)} - gsmtp)`);
      } else if (fate < 0.06) {
        at(int(100, 900), 'postfix/smtp', rp, `${C}: to=<${r}>, relay=${h.mx}[${h.mxip}]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.1.1, status=bounced (host ${h.mx}[${h.mxip}] said: 550 5.1.1 <${r}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))`);
        const N = qid();
        at(int(1, 10), 'postfix/cleanup', cleanup, `${N}: message-id=<${Math.floor(t).toString(36)}.${N}@${HOST}.example.com>`);
        at(int(1, 10), 'postfix/bounce', pid('bounce', t), `${C}: sender non-delivery notification: ${N}`);
        at(int(1, 10), 'postfix/qmgr', QMGR, `${N}: from=<>, size=${size + 2500}, nrcpt=1 (queue active)`);
        at(int(10, 100), 'postfix/lmtp', pid('lmtp', t), `${N}: to=<${user}>, relay=${MBOX}, delay=0.05, delays=0/0/0/0.05, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)`);
        at(int(1, 10), 'postfix/qmgr', QMGR, `${N}: removed`);
      } else {
        at(int(100, 900), 'postfix/smtp', rp, `${C}: to=<${r}>, relay=${h.mx}[${h.mxip}]:25, delay=${(rnd() * 3).toFixed(1)}, delays=0.1/0.01/0.3/0.4, dsn=2.0.0, status=sent (250 2.0.0 OK ${int(1e8, 9e8)} - gsmtp)`);
      }
    }
    at(int(1, 5), 'postfix/qmgr', QMGR, `${C}: removed`);
  } else if (kind === 'reject') {
    const ip = `203.0.113.${int(1, 254)}`;
    const sp = pid('smtpd', t);
    at(0, 'postfix/smtpd', sp, `connect from unknown[${ip}]`);
    at(int(100, 900), 'postfix/smtpd', sp, `NOQUEUE: reject: RCPT from unknown[${ip}]: 554 5.7.1 <${pick(localUsers)}>: Relay access denied; from=<${word()}@spam.example.net> to=<${word()}@elsewhere.example> proto=ESMTP helo=<spam.example.net>`);
    at(int(10, 100), 'postfix/smtpd', sp, `disconnect from unknown[${ip}] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4`);
  } else if (kind === 'pickup') {
    const A = qid();
    at(0, 'postfix/pickup', 4089, `${A}: uid=1034 from=<zimbra@example.com>`);
    at(int(1, 20), 'postfix/cleanup', cleanup, `${A}: message-id=${msgId}`);
    at(int(1, 20), 'postfix/qmgr', QMGR, `${A}: from=<zimbra@example.com>, size=${size}, nrcpt=1 (queue active)`);
    const B = qid();
    reinject(A, B, ['admin@example.com'], 10032, 'zimbra@example.com', 'from MTA(smtp:[127.0.0.1]:10025)');
    lmtp(B, ['admin@example.com'], 'zimbra@example.com');
  } else {
    const p = pick([['clamd', 2001, 'SelfCheck: Database status OK.'], ['zmconfigd', 2291, 'Watchdog: service antivirus status is OK.'], ['saslauthd', 1402, `auth_zimbra: ${pick(localUsers)} auth OK`], ['slapd', 91734, `conn=${int(1000, 99999)} op=${int(1, 30)} SRCH base="ou=people,dc=example,dc=com" scope=2 deref=0 filter="(&(zimbraMailDeliveryAddress=${pick(localUsers)}))"`]]);
    at(0, p[0], p[1], p[2]);
  }
  return { lines: L, mailbox: M };
}

// The mailbox server's and attackers' events, from a random stream of their own (the messages'
// lines are those the same seed always made): IMAP logins, failed ones and bursts of them from one
// address against one account (also SASL against the MTA's submission port), users moving and
// deleting mail, and now and then a restart of the mailbox server after a few errors.
const { next: rnd2, pick: pick2, int: int2 } = randomStream(seed ^ 0x9e3779b9);
const attacker = () => `203.0.113.${int2(100, 199)}`;
const client = () => `198.51.100.${int2(30, 99)}`;
const mailboxLine = (t, level, thread, context, text) => [t, `${log4jTime(t)} ${level.padEnd(5)} [${thread}] [${context}] ${text}`];
const imapLogin = (t, user, ip, failed) =>
  mailboxLine(t, failed ? 'WARN' : 'INFO', `ImapSSLServer-${int2(1, 20)}`, `ip=192.0.2.5;oip=${ip};via=192.0.2.5(nginx/1.20.0);ua=Thunderbird/128.3;`, `security - cmd=Auth; account=${user}; protocol=imap;${failed ? ` error=authentication failed for [${user}], invalid password;` : ''}`);
const saslFailure = (t, user, ip) => [t, `${syslogTime(t)} ${HOST} postfix/submission/smtpd[${4100 + int2(0, 50)}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=${user}`];
const soap = (t, user, ip, request, text) =>
  mailboxLine(t, 'INFO', `qtp1027007693-${int2(100, 400)}:https://192.0.2.21/service/soap/${request}`, `name=${user};mid=${localUsers.indexOf(user) + 2};ip=192.0.2.5;oip=${ip};ua=ZimbraWebClient - FF131 (Linux)/10.1.2_GA;soapId=${int2(1, 99999).toString(16)};`, text);
let restartDue = 0;

/** The events that start at `t`: [timeMs, line] pairs for zimbra.log and for mailbox.log. */
function events(t) {
  const L = [];
  const M = [];
  const r = rnd2();
  if (r < 0.02) M.push(imapLogin(t, pick2(localUsers), client(), false));
  else if (r < 0.024) M.push(imapLogin(t, pick2(localUsers), pick2([client(), attacker()]), true));
  else if (r < 0.0242) {
    // A password-guessing burst: one address, one account, a failure every few seconds.
    const [user, ip, sasl] = [pick2(localUsers), attacker(), rnd2() < 0.5];
    for (let k = int2(10, 40), tt = t; k > 0; k--, tt += int2(2000, 20000)) (sasl ? L : M).push(sasl ? saslFailure(tt, user, ip) : imapLogin(tt, user, ip, true));
  } else if (r < 0.027) L.push(saslFailure(t, pick2(localUsers), attacker()));
  else if (r < 0.037) {
    const user = pick2(localUsers);
    const id = int2(300, 90000);
    M.push(
      pick2([
        () => soap(t, user, client(), 'ItemActionRequest', `mailop - Moving Message (id=${id}) to Folder ${pick2(['Archive', 'Trash', 'Projects'])} (id=${int2(3, 300)})`),
        () => soap(t, user, client(), 'ItemActionRequest', `mailop - Deleting Message (id=${id}).`),
        () => soap(t, user, client(), 'ItemActionRequest', `mailop - Deleting items: ${id},${id + int2(1, 9)},${id + int2(10, 99)}.`),
        () => soap(t, user, client(), 'FolderActionRequest', `mailop - Emptying ${int2(1, 400)} items from Trash (id=3), removeSubfolders=true.`),
      ])(),
    );
  } else if (r < 0.03702 && t >= restartDue) {
    // Errors, then the mailbox server stops and starts again two minutes later (at most one every six hours).
    restartDue = t + 6 * 3_600_000;
    M.push(mailboxLine(t, 'ERROR', `LmtpServer-${int2(1, 20)}`, 'ip=192.0.2.10;', 'lmtp - Error delivering message\ncom.zimbra.cs.mailbox.MailServiceException: unable to get mailbox\nCaused by: java.sql.SQLTransientConnectionException: Connection is not available, request timed out after 30000ms.'));
    M.push(mailboxLine(t + 60_000, 'ERROR', 'qtp1027007693-151:https://192.0.2.21/service/soap/SyncRequest', 'mid=5;soapId=a20;', 'SoapEngine - handler exception\ncom.zimbra.common.service.ServiceException: system failure: getting database connection'));
    M.push(mailboxLine(t + 120_000, 'INFO', 'Thread-11', '', 'soap - Servlet SoapServlet shutting down'));
    M.push(mailboxLine(t + 240_000, 'INFO', 'main', '', 'soap - Servlet SoapServlet starting up'));
  }
  return { lines: L, mailbox: M };
}

// A binary min-heap of [time, seq, line] merged in time order.
class Heap {
  a = [];
  push(x) {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p][0] < x[0] || (a[p][0] === x[0] && a[p][1] < x[1])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= a.length) break;
        if (c + 1 < a.length && (a[c + 1][0] < a[c][0] || (a[c + 1][0] === a[c][0] && a[c + 1][1] < a[c][1]))) c++;
        if (a[c][0] > last[0] || (a[c][0] === last[0] && a[c][1] > last[1])) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
  get size() { return this.a.length; }
  peek() { return this.a[0]; }
}

mkdirSync(dirname(outPath), { recursive: true });
const out = createWriteStream(outPath);
const mbox = mailboxPath ? createWriteStream(mailboxPath) : undefined;
const heap = new Heap();
const mheap = new Heap();
let written = 0;
let seq = 0;
let t = Date.UTC(2026, 9, 13, 0, 0, 0);
let buf = [];
let mbuf = [];

async function flush(stream, lines) {
  if (!lines.length) return;
  if (!stream.write(lines.join(''))) await new Promise((r) => stream.once('drain', r));
}

while (written < target) {
  const r = rnd();
  const kind = r < 0.45 ? 'inbound' : r < 0.7 ? 'outbound' : r < 0.8 ? 'reject' : r < 0.83 ? 'pickup' : 'noise';
  const m = message(t, kind);
  for (const [tt, line] of m.lines) heap.push([tt, seq++, line]);
  for (const [tt, line] of m.mailbox) mheap.push([tt, seq++, line]);
  const ev = events(t);
  for (const [tt, line] of ev.lines) heap.push([tt, seq++, line]);
  for (const [tt, line] of ev.mailbox) mheap.push([tt, seq++, line]);
  t += int(5, 400);
  // Lines more than 20 minutes older than now can no longer be preceded by a new one.
  while (heap.size && heap.peek()[0] < t - 1_200_000 && written < target) {
    const line = heap.pop()[2] + '\n';
    written += line.length;
    buf.push(line);
  }
  while (mheap.size && mheap.peek()[0] < t - 1_200_000) mbuf.push(mheap.pop()[2] + '\n');
  if (buf.length > 4096) {
    await flush(out, buf);
    buf = [];
  }
  if (mbox && mbuf.length > 4096) {
    await flush(mbox, mbuf);
    mbuf = [];
  }
}
while (heap.size && written < target) {
  const line = heap.pop()[2] + '\n';
  written += line.length;
  buf.push(line);
}
while (mheap.size) mbuf.push(mheap.pop()[2] + '\n');
await flush(out, buf);
if (mbox) await flush(mbox, mbuf);
// Both streams closed (their 'close' listened for before they end: one may close while the other drains).
const closed = (stream) => new Promise((r) => stream.on('close', r));
await Promise.all([out, mbox].filter(Boolean).map((stream) => {
  const done = closed(stream);
  stream.end();
  return done;
}));
process.stderr.write(`wrote ${outPath}: ${written} bytes\n`);
