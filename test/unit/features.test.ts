// Language-server features on fixtures with a cursor marker (¦), without a connection.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, MarkupContent } from 'vscode-languageserver';
import { LogView } from '../../server/src/lsp/workspace';
import { diagnostics } from '../../server/src/features/diagnostics';
import { parseSettings } from '../../server/src/lsp/settings';
import { definition, highlights, references } from '../../server/src/features/navigation';
import { hover } from '../../server/src/features/hover';
import { codeLenses, resolveCodeLens } from '../../server/src/features/codeLens';
import { documentSymbols, foldingRanges, workspaceSymbols } from '../../server/src/features/symbols';
import { path as messagePathFeature } from '../../server/src/features/path';
import { read, root } from './helpers';

const zimbraLog = read(path.join(root, 'samples', 'zimbra.log'));
const mailboxLog = read(path.join(root, 'samples', 'mailbox.log'));

function view(text: string, language = 'postfix-log', uri = 'file:///test.log'): LogView {
  return new LogView(TextDocument.create(uri, language, 1, text));
}

/** A view of `text` with `¦` removed, and the cursor position where it was. */
function at(text: string) {
  const offset = text.indexOf('¦');
  assert.ok(offset >= 0, 'cursor marker');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  const before = clean.slice(0, offset).split('\n');
  return { view: view(clean), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** zimbra.log with the cursor put inside the `nth` occurrence of `needle` (offset `k` into it). */
function inSample(needle: string, nth = 0, k = 2) {
  let i = -1;
  for (let n = 0; n <= nth; n++) i = zimbraLog.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return at(zimbraLog.slice(0, i + k) + '¦' + zimbraLog.slice(i + k));
}

const hoverText = (h: ReturnType<typeof hover>) => (h?.contents as MarkupContent).value;

test('diagnostics: one per ERROR/FATAL entry spanning its stack trace, with the root cause', () => {
  const v = view(mailboxLog, 'zimbra-log');
  const ds = diagnostics(v);
  assert.deepEqual(ds.map((d) => [d.code, d.range.start.line, d.range.end.line]), [['ERROR', 9, 18], ['FATAL', 21, 29]]);
  assert.equal(ds[0].severity, DiagnosticSeverity.Error);
  assert.equal(ds[0].source, 'zimbra-logs');
  assert.match(ds[0].message, /^handler exception\nRoot cause: javax\.naming\.NameNotFoundException: mbox02\.example\.com$/);
  assert.equal(ds[0].range.end.character, v.line(18).length);
  assert.match(ds[1].message, /Unable to start servlet\nRoot cause: java\.sql\.SQLException/);
});

test('diagnostics: minimumLevel WARN adds WARN entries and Postfix warnings as warnings', () => {
  const ds = diagnostics(view(mailboxLog, 'zimbra-log'), parseSettings({ diagnostics: { minimumLevel: 'WARN', deliveryFailures: true } }));
  assert.deepEqual(ds.filter((d) => d.code === 'WARN').map((d) => [d.range.start.line, d.severity]), [[8, DiagnosticSeverity.Warning]]);
  const mta = diagnostics(view(zimbraLog), parseSettings({ diagnostics: { minimumLevel: 'WARN', deliveryFailures: false } }));
  assert.deepEqual(mta.map((d) => [d.code, d.range.start.line]), [['warning', 43], ['warning', 52], ['fatal', 53]]);
  assert.deepEqual(diagnostics(view(zimbraLog), parseSettings({ diagnostics: { minimumLevel: 'FATAL', deliveryFailures: false } })).map((d) => d.code), ['fatal']);
});

test('diagnostics: Postfix fatal lines, bounces, and deferrals never delivered later', () => {
  const ds = diagnostics(view(zimbraLog));
  assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [
    ['mailbox-full', 23], // carol: over quota, never delivered later
    ['domain-not-found', 34],
    ['other', 51], // frank: not delivered later in the file (amavis: "Error in processing")
    ['fatal', 53],
  ]);
  assert.equal(ds[1].severity, DiagnosticSeverity.Warning);
  assert.equal(ds[1].source, 'zimbra-logs');
  assert.match(ds[1].message, /5A1C2D3E4F: bounced for <lost@gone\.example> \(dsn=5\.4\.4\)/);
  assert.match(ds[1].message, /^The domain of the address has no mail server in DNS/);
  assert.match(ds[2].message, /^A temporary failure not in our table/);
  // zimbraLogs.failures.ignoreCauses turns a cause's warnings off, and only those.
  const quiet = diagnostics(view(zimbraLog), parseSettings({ failures: { ignoreCauses: ['mailbox-full', 'other'] } }));
  assert.deepEqual(quiet.map((d) => d.code), ['domain-not-found', 'fatal']);
  // A deferral followed by a delivery of the same recipient is not a problem.
  const retry = 'Oct 13 10:30:00 mta01 postfix/lmtp[7601]: EFAF89FC43C: to=<carol@example.com>, relay=mbox01.example.com[192.0.2.21]:7025, delay=1200, delays=1200/0/0/0.1, dsn=2.1.5, status=sent (250 2.1.5 Delivery OK)\n';
  const later = zimbraLog.replace(/^.*EFAF89FC43C: removed\n/m, (removed) => retry + removed);
  assert.ok(diagnostics(view(zimbraLog)).some((d) => d.range.start.line === 23));
  assert.ok(!diagnostics(view(later)).some((d) => d.range.start.line === 23));
  assert.deepEqual(diagnostics(view(zimbraLog), parseSettings({ diagnostics: { minimumLevel: 'ERROR', deliveryFailures: false } })).map((d) => d.code), ['fatal']);
});

test('definition: any mention of a queue ID goes to the first line of its transaction', () => {
  for (const [needle, nth] of [['17B8ED411FA6: to=', 0], ['Queue-ID: 17B8ED411FA6', 0], ['orig_queue_id=17B8ED411FA6', 0]] as const) {
    const { view: v, position } = inSample(needle, nth, needle.indexOf('17B8') + 3);
    const [loc] = definition(v.at(position), position);
    assert.deepEqual(loc.range, { start: { line: 9, character: 44 }, end: { line: 9, character: 56 } }, needle);
  }
  const { view: v, position } = inSample('queued as EFAF89FC43C', 0, 13);
  assert.equal(definition(v.at(position), position)[0].range.start.line, 15);
  const bounce = inSample('notification: 6B2D3E4F50', 0, 17);
  assert.equal(definition(bounce.view.at(bounce.position), bounce.position)[0].range.start.line, 35);
  const nothing = inSample('connect from mail', 0, 3);
  assert.deepEqual(definition(nothing.view.at(nothing.position), nothing.position), []);
});

test('references and highlights: every line of the transaction and every mention', () => {
  const { view: v, position } = inSample('EFAF89FC43C: client=', 0, 3);
  const lines = references(v.at(position), position).map((l) => l.range.start.line);
  assert.deepEqual(lines, [13, 15, 16, 17, 19, 20, 22, 23, 24]);
  const hs = highlights(v.at(position), position);
  assert.equal(hs.length, lines.length);
  assert.ok(hs.every((h) => v.line(h.range.start.line).slice(h.range.start.character, h.range.end.character) === 'EFAF89FC43C'));
});

test('hover on a queue ID: sender, size, Message-ID, client, recipients, named delays, hops', () => {
  const { view: v, position } = inSample('EFAF89FC43C: client=', 0, 3);
  const text = hoverText(hover(v.at(position), position));
  assert.match(text, /\*\*EFAF89FC43C\*\* on mta01/);
  assert.match(text, /From: `<alice@partner\.org>`/); // a code span: no escapes inside (Markdown would show them)
  assert.match(text, /Size: 4120 bytes/);
  assert.match(text, /Message-ID: `<CAF1x9Qp-7@mail\.partner\.org>`/);
  assert.match(text, /\| `bob@example\.com` \| sent \| `2\.1\.5` \| `mbox01\.example\.com\[192\.0\.2\.21\]:7025` \| `0\.12 s` \|/);
  assert.match(text, /\| `carol@example\.com` \| deferred \|/);
  assert.match(text, /`0\.01` s before the queue manager, 0 s in the queue manager, 0 s connection setup, `0\.11` s transmission/);
  assert.match(text, /Previous hop: 17B8ED411FA6 \(line 10\)/);
  assert.match(text, /Came from: `mail\.partner\.org/);
  const first = inSample('17B8ED411FA6: client=', 0, 3);
  assert.match(hoverText(hover(first.view.at(first.position), first.position)), /Next hop: EFAF89FC43C \(line 16\)/);
  assert.match(hoverText(hover(first.view.at(first.position), first.position)), /amavis: \*\*Passed CLEAN\*\* · score `1\.249`/);
});

test('hover on a Message-ID lists its queue IDs; on an amavis line its verdict and links', () => {
  const { view: v, position } = inSample('message-id=<CAF1x9Qp-7', 0, 14);
  const text = hoverText(hover(v.at(position), position));
  assert.match(text, /is carried by:/);
  assert.match(text, /- 17B8ED411FA6 on mta01 \(line 10\)\n- EFAF89FC43C on mta01 \(line 16\)/);
  const a = inSample('(30688-02) Passed', 0, 5);
  assert.match(hoverText(hover(a.view.at(a.position), a.position)), /Passed CLEAN\*\* · score `1\.249` · Queue-ID 17B8ED411FA6 · queued as EFAF89FC43C/);
});

test('hover escapes Markdown and HTML from the log: no links, no images, no commands', () => {
  const evil = 'to=<[x](command:workbench.action.quit)<img src=x onerror=y@evil>';
  const text = zimbraLog.replace('to=<bob@example.com>, relay=mbox01', `${evil}, relay=mbox01`);
  const i = text.indexOf('EFAF89FC43C: client=');
  const { view: v, position } = at(text.slice(0, i + 3) + '¦' + text.slice(i + 3));
  const h = hoverText(hover(v.at(position), position));
  // One code span, with no escapes: nothing inside a code span is a link, an image, HTML or a command.
  assert.match(h, /\| `\[x\]\(command:workbench\.action\.quit\)<img src=x onerror=y@evil` \| sent \|/);
  const outsideCode = h.replace(/(`+)[^`]*?\1/g, '');
  assert.doesNotMatch(outsideCode, /\[x\]|<img|command:/);
});

test('code lenses: one per transaction, resolved to the whole delivery path', () => {
  const v = view(zimbraLog);
  const lenses = codeLenses(v, 0);
  assert.deepEqual(lenses.map((l) => l.range.start.line), [1, 9, 15, 29, 35, 47]);
  const titles = lenses.map((l) => resolveCodeLens(v, l).command!.title);
  assert.equal(titles[1], 'mail.partner.org → 17B8ED411FA6 → amavis CLEAN → EFAF89FC43C → bob@example.com: lmtp mbox01 ✓ sent; carol@example.com: lmtp mbox01 ⏳ deferred');
  assert.equal(titles[2], titles[1], 'every hop shows the same path');
  assert.equal(titles[3], 'dave@example.com (SMTP AUTH from 192.0.2.55) → 5A1C2D3E4F → none ✗ bounced ↳ bounce 6B2D3E4F50');
  const cmd = resolveCodeLens(v, lenses[1]).command!;
  assert.equal(cmd.command, 'zimbraLogs.showPath');
  assert.deepEqual(cmd.arguments, [{ uri: 'file:///test.log', line: 9 }]);
  const p = messagePathFeature(v, { uri: 'file:///test.log', line: 9 })!;
  assert.deepEqual(p.queueIds, ['17B8ED411FA6', 'EFAF89FC43C']);
  assert.equal(p.text.split('\n\n').filter(Boolean).length, 2);
  assert.match(p.text, /^Oct 13 10:17:07 mta01 postfix\/smtpd\[21777\]: connect from/);
});

test('code lens titles cannot carry codicons or control characters from the log', () => {
  const text = 'Oct 13 10:00:00 mx postfix/smtpd[1]: ABC123: client=$(alert)[192.0.2.1]\nOct 13 10:00:01 mx postfix/qmgr[2]: ABC123: removed\n';
  const v = view(text);
  const title = resolveCodeLens(v, codeLenses(v, 0)[0]).command!.title;
  assert.ok(!title.includes('$('), title);
});

test('outline: transactions with sender → recipients and status, ERROR/FATAL entries, restarts; folding', () => {
  const syms = documentSymbols(view(zimbraLog));
  const inbound = syms.find((s) => s.name === 'EFAF89FC43C')!;
  assert.equal(inbound.detail, '<alice@partner.org> → bob@example.com, carol@example.com · sent, deferred');
  const mbox = documentSymbols(view(mailboxLog, 'zimbra-log'));
  // ERROR and FATAL entries named as the groups' entries are: time, level, logger and message, without thread or context.
  assert.deepEqual(mbox.slice(0, 5).map((s) => [s.name, s.range.start.line]), [
    ['Server start', 0], ['10:18:11 ERROR SoapEngine - handler exception', 9], ['10:21:44 FATAL system - Unable to start servlet', 21], ['Server stop', 30], ['Server start', 31],
  ]);
  // After them, the groups of the article's keyword searches: protocol threads and handler exceptions.
  const groups = mbox.slice(5);
  assert.deepEqual(groups.map((s) => [s.name, s.detail, s.range.start.line, s.range.end.line]), [
    ['LmtpServer', '4 entries', 2, 7],
    ['ImapServer', '1 entry', 19, 19],
    ['SOAP (qtp)', '3 entries, 2 handler exceptions', 4, 18],
    ['handler exception', '2 entries', 8, 18],
  ]);
  assert.deepEqual(groups[3].children!.map((c) => [c.name, c.range.start.line, c.range.end.line]), [
    ['⚠ 10:17:30 WARN SoapEngine - handler exception: authentication failed for [eve@example.com], invalid password', 8, 8],
    ['⚠ 10:18:11 ERROR SoapEngine - handler exception', 9, 18],
  ]);
  for (const g of groups) for (const c of g.children!) assert.ok(c.range.start.line >= g.range.start.line && c.range.end.line <= g.range.end.line, 'children inside their group');
  assert.deepEqual(documentSymbols(view(zimbraLog)).filter((s) => s.children), [], 'no groups in an MTA log');
  const folds = foldingRanges(view(mailboxLog, 'zimbra-log'));
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[9, 18], [21, 29]]);
  const sessions = foldingRanges(view(zimbraLog)).map((f) => [f.startLine, f.endLine]);
  assert.deepEqual(sessions.slice(0, 2), [[7, 12], [14, 18]]);
});

test('workspace symbols: queue IDs and Message-IDs of the open logs', () => {
  const views = [view(zimbraLog, 'postfix-log', 'file:///a/zimbra.log'), view(mailboxLog, 'zimbra-log', 'file:///a/mailbox.log')];
  const q = workspaceSymbols(views, 'efaf89');
  assert.deepEqual(q.map((s) => s.name), ['EFAF89FC43C']);
  const m = workspaceSymbols(views, 'CAF1x9Qp-7');
  assert.deepEqual(m.map((s) => s.name), ['<CAF1x9Qp-7@mail.partner.org>']);
});

test('a growing log is indexed incrementally: appended lines only', () => {
  const doc = TextDocument.create('file:///grow.log', 'postfix-log', 1, zimbraLog);
  const first = new LogView(doc);
  const index = first.stream;
  const lines = index.lineCount;
  const more = 'Oct 13 10:40:00 mta01 postfix/qmgr[9946]: fatal: out of memory\n';
  TextDocument.update(doc, [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: more }], 2);
  const second = new LogView(doc, first);
  assert.equal(second.stream, index, 'the same index, extended');
  assert.equal(second.stream.lineCount, lines + 1);
  assert.deepEqual(diagnostics(second).map((d) => d.range.start.line).slice(-2), [53, lines]);
  // An edit in the middle rebuilds.
  TextDocument.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: 'Nov' }], 3);
  const third = new LogView(doc, second);
  assert.notEqual(third.stream, index);
});

test('hostile documents: binary bytes, NUL, CRLF, a 5 MB line, an empty text never throw or hang', () => {
  const binary = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode((i * 2654435761) % 256)).join('');
  const texts = [
    '',
    binary,
    zimbraLog.replace(/\n/g, '\r\n'),
    'Oct 13 10:17:08 mta01 postfix/cleanup[1]: ABCDEF1234: ' + 'x'.repeat(5 << 20) + '\n' + zimbraLog,
    '2026-10-13 10:18:11,220 ERROR [' + '] ['.repeat(100_000) + '\n\tat x\n',
    '\u0000'.repeat(1000) + '\n' + mailboxLog,
  ];
  for (const text of texts) {
    const start = performance.now();
    const v = view(text);
    diagnostics(v, parseSettings({ diagnostics: { minimumLevel: 'WARN', deliveryFailures: true } }));
    documentSymbols(v);
    foldingRanges(v);
    for (const l of codeLenses(v, 0).slice(0, 50)) resolveCodeLens(v, l);
    for (let line = 0; line < Math.min(v.document.lineCount, 60); line++) {
      for (const character of [0, 30, 50, 70]) {
        const at = v.at({ line, character });
        hover(at, { line, character });
        definition(at, { line, character });
        references(at, { line, character });
      }
    }
    assert.ok(performance.now() - start < 5000, `took ${performance.now() - start} ms`);
  }
  const crlf = view(zimbraLog.replace(/\n/g, '\r\n'));
  assert.deepEqual(diagnostics(crlf).map((d) => d.range.start.line), diagnostics(view(zimbraLog)).map((d) => d.range.start.line));
  assert.ok(!crlf.line(9).endsWith('\r'));
});
