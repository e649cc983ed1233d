// A message already queued when the log begins (no client=, no pickup uid=, no bounce parent) has
// an unknown origin: trace text and JSON, the code lens and the hover say it is not in these logs,
// and only a real pickup (uid=) is a local submission.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupContent } from 'vscode-languageserver';
import { LogView } from '../../server/src/lsp/workspace';
import { hover } from '../../server/src/features/hover';
import { codeLenses, resolveCodeLens } from '../../server/src/features/codeLens';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { traceJson, traceText } from '../../server/src/engine/traceText';
import { runCli, tmpFile } from './helpers';

const log = [
  // Queued before the log begins: the first line of 3F1A2B3C4D is a qmgr retry.
  'Oct 13 10:00:01 mta01 postfix/qmgr[9946]: 3F1A2B3C4D: from=<old@example.com>, size=1200, nrcpt=1 (queue active)',
  'Oct 13 10:00:02 mta01 postfix/smtp[31001]: 3F1A2B3C4D: to=<ann@partner.org>, relay=mx.partner.org[203.0.113.50]:25, delay=3600, delays=3599/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
  'Oct 13 10:00:02 mta01 postfix/qmgr[9946]: 3F1A2B3C4D: removed',
  // A real local submission.
  'Oct 13 10:05:00 mta01 postfix/pickup[4089]: 4FF14284F45: uid=1034 from=<zimbra@example.com>',
  'Oct 13 10:05:00 mta01 postfix/cleanup[26776]: 4FF14284F45: message-id=<local-1@example.com>',
  'Oct 13 10:05:00 mta01 postfix/qmgr[9946]: 4FF14284F45: from=<zimbra@example.com>, size=900, nrcpt=1 (queue active)',
  'Oct 13 10:05:01 mta01 postfix/smtp[31005]: 4FF14284F45: to=<ann@partner.org>, relay=mx.partner.org[203.0.113.50]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok)',
  'Oct 13 10:05:01 mta01 postfix/qmgr[9946]: 4FF14284F45: removed',
].join('\n') + '\n';

const view = new LogView(TextDocument.create('file:///logs/zimbra.log', 'postfix-log', 1, log));

function hoverOn(line: number, queueId: string): string {
  const character = view.line(line).indexOf(queueId) + 2;
  const h = hover(view.at({ line, character }), { line, character });
  assert.ok(h, `hover on ${queueId}`);
  return (h.contents as MarkupContent).value;
}

function lensAt(line: number): string {
  const lens = codeLenses(view, 0).find((l) => l.range.start.line === line);
  assert.ok(lens, `a lens on line ${line}`);
  return resolveCodeLens(view, lens).command!.title;
}

test('code lens and hover: an unknown origin is said to be outside these logs, never a local submission', () => {
  assert.match(lensAt(0), /^unknown \(not in these logs\) → 3F1A2B3C4D → /);
  assert.match(lensAt(3), /^local uid 1034 → 4FF14284F45 → /);
  const unknown = hoverOn(0, '3F1A2B3C4D');
  assert.match(unknown, /^Came from: `unknown \(not in these logs\)`$/m);
  assert.doesNotMatch(unknown, /Came from: \?|local|Local submission/);
  const local = hoverOn(3, '4FF14284F45');
  assert.match(local, /^Came from: local uid 1034$/m);
  assert.match(local, /^- Local submission: uid 1034$/m);
});

test('trace: "via":"unknown" and "Origin: unknown (not in these logs)"; a pickup stays "via":"local"', async () => {
  const file = tmpFile('zimbra.log', log);
  const set = await readTraceSet([file], { year: 2026, label: () => 'zimbra.log' });
  const queued = set.query('old@example.com');
  assert.equal(queued.length, 1);
  assert.deepEqual(traceJson(queued).messages[0].origin, { ip: '', via: 'unknown' });
  const text = traceText(queued).text;
  assert.match(text, /^Origin: unknown \(not in these logs\)$/m);
  assert.match(text, /^Path: unknown \(not in these logs\) → 3F1A2B3C4D → /m);
  assert.doesNotMatch(text, /local submission/);

  const picked = set.query('zimbra@example.com');
  assert.deepEqual(traceJson(picked).messages[0].origin, { ip: '', client: 'uid 1034', via: 'local' });
  assert.match(traceText(picked).text, /^Origin: local submission \(uid 1034\)$/m);

  const cli = runCli(['trace', '3F1A2B3C4D', file, '--year', '2026', '--json']);
  assert.equal(cli.status, 0, cli.stderr.toString());
  assert.equal(JSON.parse(cli.stdout.toString()).messages[0].origin.via, 'unknown');
  assert.match(runCli(['trace', '3F1A2B3C4D', file, '--year', '2026']).stdout.toString(), /^Origin: unknown \(not in these logs\)$/m);
});
