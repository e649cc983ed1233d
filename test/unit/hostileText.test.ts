// Log text in the interface: bidi overrides, isolates and marks, C0 and C1 controls never reach a
// hover, a lens title, a diagnostic, an outline name, a quick pick or a trace header (each becomes
// U+FFFD); in Markdown hovers log text is a bare word or number, or a code span fenced past its
// backticks (a backtick in a sender does not end the span), never backslash-escaped; plain-text
// hovers carry no Markdown at all.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupContent } from 'vscode-languageserver';
import { LogView } from '../../server/src/lsp/workspace';
import { hover } from '../../server/src/features/hover';
import { md, mdCode, mdText, plain, plaintext } from '../../server/src/features/markdown';
import { diagnostics } from '../../server/src/features/diagnostics';
import { codeLenses, resolveCodeLens } from '../../server/src/features/codeLens';
import { documentSymbols } from '../../server/src/features/symbols';
import { outline } from '../../server/src/features/outline';
import { transactionSummaries } from '../../server/src/features/collate';
import { defaultSettings } from '../../server/src/lsp/settings';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { traceText } from '../../server/src/engine/traceText';
import { visible } from '../../server/src/engine/visible';
import { DiskView } from '../../server/src/disk/diskView';
import { runCli, tmpFile } from './helpers';
const MarkdownIt = require('markdown-it');

/** A CommonMark renderer (markdown-it, as VS Code's own renderer follows CommonMark), HTML allowed so that none slips through unescaped. */
const mdit = new MarkdownIt({ html: true });
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const HIDDEN = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const RLO = '\u202E';
const sender = `ev\`il${RLO}gnp.exe\u0085@x.org`;
const log = [
  'Oct 13 10:17:08 mta01 postfix/smtpd[21777]: 5B6C7D8E9F: client=mail.x.org[198.51.100.7]',
  'Oct 13 10:17:08 mta01 postfix/cleanup[26776]: 5B6C7D8E9F: message-id=<\u2066id-1@x.org\u2069>',
  `Oct 13 10:17:08 mta01 postfix/qmgr[9946]: 5B6C7D8E9F: from=<${sender}>, size=3606, nrcpt=1 (queue active)`,
  `Oct 13 10:17:09 mta01 postfix/smtp[31001]: 5B6C7D8E9F: to=<bob\u200f@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=5.1.1, status=bounced (host said: 550 5.1.1 ${RLO}resu on\u009b)`,
  'Oct 13 10:17:09 mta01 postfix/qmgr[9946]: 5B6C7D8E9F: removed',
].join('\n') + '\n';
const view = new LogView(TextDocument.create('file:///logs/zimbra.log', 'postfix-log', 1, log));
const at = { line: 2, character: 45 };

test('visible: bidi formatting characters, C0 and C1 controls become U+FFFD, tabs and line breaks spaces', () => {
  for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u0000', '\u001b', '\u007f', '\u0080', '\u0085', '\u009f']) {
    assert.equal(visible(`a${c}b`), 'a\uFFFDb', `U+${c.charCodeAt(0).toString(16)}`);
  }
  assert.equal(visible('a\tb\r\nc\u2028d'), 'a b  c d');
  assert.equal(visible('héllo wörld ✓ 日本'), 'héllo wörld ✓ 日本');
  assert.equal(plain(`$(alert) ${RLO}x`), '$\u200b(alert) \uFFFDx');
});

test('Markdown: a code span holds any text, backticks included, with no escapes; outside code spans the text shows as itself', () => {
  for (const t of ['a`b', '`x', 'x`', '``', ' a ', 'a ``` b `', '<ev`il@x.org>', '\\*not\\* [a](b)', '  ']) {
    assert.equal(mdit.renderInline(mdCode(t)), `<code>${escapeHtml(t)}</code>`, JSON.stringify(t));
  }
  const nasty = '*a* _b_ [l](http://x) ![i](http://y) <b>h</b> `c` \\ # 1. |x| ~~s~~ &amp; $(alert) <http://z>';
  assert.equal(mdit.renderInline(md(nasty)), escapeHtml(nasty));
});

test('Markdown log text: bare words and numbers as they are, anything else one code span, no backslash, no link even with linkify', () => {
  for (const t of ['sent', 'EFAF89FC43C', 'local uid 1034', 'héllo wörld 日本']) assert.equal(mdText(t), t);
  const linkify = new MarkdownIt({ html: true, linkify: true });
  for (const t of ['becky@seaglass.com', '2.0.0', 'www.evil.example', 'http://x.example/a', '[x](command:y)', '![i](http://y)', '<img src=x>', 'a`b', ' a', 'a  b', '1. x', '# h', '*a* _b_', '&amp;', 'a|b']) {
    const m = mdText(t);
    assert.match(m, /^`+.*`+$/, t);
    assert.doesNotMatch(m, /\\/, t);
    assert.equal(linkify.renderInline(m), `<code>${escapeHtml(t)}</code>`, JSON.stringify(t));
  }
});

test('the Markdown hover: From is one code span of the sender (backtick and all), no backslash shown, no bidi or control character', () => {
  const h = hover(view.at(at), at)!;
  const value = (h.contents as MarkupContent).value;
  assert.equal((h.contents as MarkupContent).kind, 'markdown');
  assert.doesNotMatch(value, HIDDEN);
  const from = value.split('\n').find((l) => l.startsWith('- From: '))!;
  const html = mdit.renderInline(from.slice(2));
  assert.equal(html, `From: <code>${escapeHtml(`<${visible(sender)}>`)}</code>`);
  const rendered = mdit.render(value);
  assert.doesNotMatch(rendered.replace(/<[^>]*>/g, ''), /\\/, 'no backslash reaches the reader');
  assert.match(rendered, /&lt;\uFFFDid-1@x\.org\uFFFD&gt;/);
});

test('the plain-text hover: the same facts, no Markdown syntax, no backslash', () => {
  const h = hover(view.at(at), at, undefined, plaintext)!;
  const value = (h.contents as MarkupContent).value;
  assert.equal((h.contents as MarkupContent).kind, 'plaintext');
  assert.doesNotMatch(value, HIDDEN);
  assert.doesNotMatch(value, /\\|\*\*|\|---|^> |^- /m);
  assert.match(value, /^5B6C7D8E9F on mta01$/m);
  assert.ok(value.includes(`From: <${visible(sender)}>`), value);
  assert.match(value, /^ {2}bob\uFFFD@example\.com, status bounced, dsn 5\.1\.1, relay mx\.example\.com\[192\.0\.2\.1\]:25, delay 0\.9 s$/m);
  assert.match(value, /^Came from: mail\.x\.org$/m);
});

test('lens titles, diagnostics, outline names, quick-pick summaries and trace headers carry no bidi or control character', async () => {
  const shown: string[] = [];
  shown.push(...codeLenses(view, 0).map((l) => resolveCodeLens(view, l).command!.title));
  shown.push(...diagnostics(view).map((d) => d.message));
  const walk = (ss: ReturnType<typeof documentSymbols>) => ss.forEach((s) => (shown.push(s.name, s.detail ?? ''), walk(s.children ?? [])));
  walk(documentSymbols(view));
  const o = outline(view, defaultSettings);
  shown.push(...o.problems.map((p) => p.message), ...o.transactions.flatMap((t) => [t.from ?? '', ...t.to]));
  shown.push(...transactionSummaries(view).flatMap((t) => [t.from ?? '', ...t.to, t.instance]));
  const file = tmpFile('zimbra.log', log);
  const disk = await DiskView.build('file:///logs/zimbra.log', file);
  shown.push(...disk.summaries.flatMap((t) => [t.from ?? '', ...t.to, t.instance]));
  disk.dispose();
  const set = await readTraceSet([file], { year: 2026, label: () => 'zimbra.log' });
  const text = traceText(set.query('5B6C7D8E9F')).text.split('\n');
  shown.push(...text.filter((l) => !/^ {4}Oct/.test(l)));
  assert.ok(shown.some((s) => s.includes(`<${visible(sender)}>`)), 'the sender is shown');
  assert.ok(shown.filter((s) => s === visible(sender)).length >= 2, 'the sender in the summaries of the document and of the disk index');
  assert.ok(shown.some((s) => s.includes('\uFFFDresu on\uFFFD')), 'the bounce reply is shown');
  for (const s of shown) assert.doesNotMatch(s, HIDDEN, JSON.stringify(s));
  // The log lines of the trace document mirror the log: they keep their bytes.
  assert.ok(text.some((l) => l.includes(sender)));
});

test('the CLI\'s summary and accounts text: senders, accounts and clients from the log carry no escape sequence, bidi or C1 control', () => {
  const esc = '\u001b]0;owned\u0007\u001b[2J';
  const account = `mal${esc}lory${RLO}@x.org`;
  const mta = [
    log.trimEnd(),
    `Oct 13 10:18:03 mta01 postfix/submission/smtpd[22010]: 5A1C2D3E4F: client=laptop.example.com[192.0.2.55], sasl_method=PLAIN, sasl_username=${account}`,
    'Oct 13 10:18:03 mta01 postfix/cleanup[26776]: 5A1C2D3E4F: message-id=<m1@x.org>',
    `Oct 13 10:18:03 mta01 postfix/qmgr[9946]: 5A1C2D3E4F: from=<${account}>, size=900, nrcpt=1 (queue active)`,
    'Oct 13 10:18:04 mta01 postfix/smtp[31002]: 5A1C2D3E4F: to=<x@example.net>, relay=mx.example.net[192.0.2.9]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 ok)',
    'Oct 13 10:18:04 mta01 postfix/qmgr[9946]: 5A1C2D3E4F: removed',
  ].join('\n') + '\n';
  const audit = `2026-10-13 10:17:29,990 WARN  [ImapServer-3] [ip=192.0.2.5;oip=203.0.113.9;ua=Thunder\u009bbird${esc};] security - cmd=Auth; account=${account}; protocol=imap; error=authentication failed for [${account}], invalid password;\n`;
  const dir = require('node:path').dirname(tmpFile('zimbra.log', mta));
  require('node:fs').writeFileSync(`${dir}/zimbra.log`, mta);
  require('node:fs').writeFileSync(`${dir}/audit.log`, audit);
  for (const args of [['summary'], ['accounts', '--year', '2026']]) {
    const r = runCli([...args, `${dir}/zimbra.log`, `${dir}/audit.log`]);
    const out = r.stdout.toString('utf8');
    assert.ok(r.status === 0 || r.status === 1, `${args[0]}: ${r.stderr}`);
    // As the log has it (UTF-8, accounts in lower case), made visible.
    assert.ok(out.includes(visible(args[0] === 'accounts' ? account.toLowerCase() : account)), `${args[0]} shows the account: ${out}`);
    assert.doesNotMatch(out.replace(/\n/g, ''), HIDDEN, `${args[0]}: ${JSON.stringify(out)}`);
  }
});
