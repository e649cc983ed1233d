// The open document's one pass (engine/index/documentPass.ts) and the work the language server
// runs in steps: the same results as the separate passes and the work done at once.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogIndex } from '../../server/src/engine/index/logIndex';
import { ProblemScan } from '../../server/src/engine/index/problemScan';
import { collateSteps, collateText } from '../../server/src/engine/collateText';
import { runSteps } from '../../server/src/engine/steps';
import type { SmtpdSession } from '../../server/src/engine/index/types';
import { LinePass } from '../../server/src/engine/index/linePass';
import { SmtpdSessions } from '../../server/src/engine/index/sessions';
import type { SyslogHeader } from '../../server/src/engine/index/syslogHeader';
import { LogView } from '../../server/src/lsp/workspace';
import { plainFacts, referenceFacts, root } from './helpers';

let dir: string;
let text: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-pass-'));
  const file = path.join(dir, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '3M', '--seed', '5', '--out', file], { stdio: 'ignore' });
  text = fs.readFileSync(file, 'utf8');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The smtpd sessions of `text`, noted by a pass of their own. */
function sessionsOf(text: string): SmtpdSession[] {
  const sessions = new SmtpdSessions();
  const pass = new (class extends LinePass {
    log4j(): void {}
    syslog(line: string, n: number, h: SyslogHeader): void {
      sessions.syslog(line, n, h);
    }
  })();
  pass.appendText(text);
  return sessions.list;
}


test('an open document: one pass gives the problem scan and the index of the separate passes', () => {
  const view = new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text));
  const scan = ProblemScan.build(text);
  const index = LogIndex.build(text);
  assert.ok(index.records.length > 1000 && index.records.some((r) => r.deliveries.some((d) => d.queuedAs)));
  assert.deepEqual(view.scan.failures, scan.failures);
  assert.deepEqual(view.scan.problems, scan.problems);
  assert.deepEqual(view.scan.smtpAuthLines, scan.smtpAuthLines);
  assert.equal(view.scan.lineCount, scan.lineCount);
  // Transactions read their details back from the document's lines: the same as read as lines came.
  assert.deepEqual(plainFacts(view.transactionFacts()), referenceFacts(index));
  assert.deepEqual(view.pass.sessions.list, sessionsOf(text));
  // Lines are read back through the pass's line offsets, terminators and all.
  const raw = text.split(/(?<=\n)/);
  assert.deepEqual(raw.map((_, n) => view.rawLine(n)), raw);
  assert.equal(view.rawLine(raw.length), '');
  const crlf = new LogView(TextDocument.create('file:///crlf.log', 'postfix-log', 1, 'a\r\nb\r\nc'));
  void crlf.pass;
  assert.deepEqual([0, 1, 2, 3].map((n) => crlf.rawLine(n)), ['a\r\n', 'b\r\n', 'c', '']);
  assert.equal(crlf.line(1), 'b');
  // The account report's lines, noted by the pass.
  assert.ok(view.pass.reportSubject);
  assert.deepEqual(view.pass.reportLines, text.split('\n').flatMap((l, n) => (/sasl_username=|: to=<|: removed$| security - cmd=|Sending message to MTA|DeviceID=/.test(l) ? [n] : [])));
});

test('a log that grows: its stream index goes on, and the records read after the new lines came are those of the whole text', () => {
  const cut = text.indexOf('\n', text.length >> 1) + 1;
  const doc = TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text.slice(0, cut));
  const v1 = new LogView(doc);
  // Read every transaction now, while some are still open.
  const open = v1.transactionFacts().filter((r) => !r.removed);
  assert.ok(open.length > 0);
  TextDocument.update(doc, [{ text: text.slice(cut), range: { start: doc.positionAt(cut), end: doc.positionAt(cut) } }], 2);
  const v2 = new LogView(doc, v1);
  assert.equal(v2.stream, v1.stream, 'the index goes on');
  assert.deepEqual(plainFacts(v2.transactionFacts()), referenceFacts(LogIndex.build(text)));
});

test('collation in steps gives the transactions of collation at once', () => {
  const once = runSteps(collateSteps(text, text.length + 1));
  const steps = collateSteps(text, 4096);
  let pauses = 0;
  for (let r = steps.next(); !r.done; r = steps.next()) pauses++;
  assert.ok(pauses > 100, `${pauses} pauses`);
  assert.deepEqual(runSteps(collateSteps(text, 4096)), once);
  assert.deepEqual(collateText(text), once);
});

test('the pass of a closed document stops after the slice that runs', async () => {
  const view = new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text));
  const lines = text.split('\n').length - 1;
  const ready = view.whenScanned();
  view.stop();
  await ready;
  const read = (view as unknown as { _pass: { lineCount: number } })._pass.lineCount;
  assert.ok(read > 0 && read < lines, `${read} of ${lines} lines read`);
  // A view whose pass runs to its end has read them all.
  const whole = new LogView(TextDocument.create('file:///zimbra.log', 'postfix-log', 1, text));
  await whole.whenScanned();
  assert.equal(whole.pass.lineCount, lines);
});
