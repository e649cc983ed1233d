// A log saved with CRLF line ends (a Windows download) reads exactly as its LF twin: the same
// transactions (same line numbers, closed at `removed\r`), the same diagnostics, lenses, outline,
// trace results, summary and account counts; and collated output keeps the file's CR bytes.
import type { QueueRecord } from '../../server/src/engine/index/types';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { collateText, formatTransactions } from '../../server/src/engine/collateText';
import { summarizeText } from '../../server/src/engine/mailSummary';
import { LogView } from '../../server/src/lsp/workspace';
import { diagnostics } from '../../server/src/features/diagnostics';
import { codeLenses, resolveCodeLens } from '../../server/src/features/codeLens';
import { documentSymbols } from '../../server/src/features/symbols';
import { readTraceSet } from '../../server/src/logs/wholeLogs';
import { traceJson, traceText } from '../../server/src/engine/traceText';
import { DiskView } from '../../server/src/disk/diskView';
import { cli, fixtures, read, root } from './helpers';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');

/** The generated log of bench/generate.mjs (every kind of flow), made once. */
function generated(): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zl-crlf-')), 'zimbra.log');
  const r = spawnSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '300K', '--out', out, '--seed', '7']);
  assert.equal(r.status, 0, r.stderr.toString());
  return read(out);
}

const collateDir = path.join(fixtures, 'collate');
const logs: [string, string][] = [
  ...fs.readdirSync(collateDir).filter((f) => f.endsWith('.log')).map((f): [string, string] => [f, read(path.join(collateDir, f))]),
  ['samples/zimbra.log', read(path.join(root, 'samples', 'zimbra.log'))],
  ['samples/mailbox.log', read(path.join(root, 'samples', 'mailbox.log'))],
  ['generated', generated()],
];

/** collate.pl's output of `text`: each line as the text has it (CR kept), then an empty line. */
function collated(text: string): string {
  const lines = text.split(/(?<=\n)/);
  return formatTransactions(collateText(text), (n) => lines[n]);
}

for (const [name, lf] of logs) {
  test(`${name}: CRLF collates to the LF twin's transactions, with the CR bytes kept`, () => {
    const a = collateText(lf);
    const b = collateText(crlf(lf));
    assert.deepEqual(b, a);
    if (/smtpd-sessions|bounce|zimbra|generated/.test(name)) assert.ok(a.some((t) => t.complete), 'the log has complete transactions');
    // The LF output with every log line's "\n" as "\r\n" (the empty separator line is collate.pl's own "\n").
    const lines = lf.split(/(?<=\n)/);
    assert.equal(collated(crlf(lf)), formatTransactions(a, (n) => crlf(lines[n])));
  });

  test(`${name}: CRLF gives the LF twin's index, diagnostics, lenses, outline and summary`, () => {
    const language = name.includes('mailbox') ? 'zimbra-log' : 'postfix-log';
    const views = [lf, crlf(lf)].map((t) => new LogView(TextDocument.create('file:///x/zimbra.log', language, 1, t)));
    const [a, b] = views;
    assert.deepEqual(b.transactionFacts(), a.transactionFacts());
    assert.deepEqual(b.scan.entries, a.scan.entries);
    assert.deepEqual(b.scan.problems, a.scan.problems);
    assert.deepEqual(b.scan.failures, a.scan.failures);
    assert.deepEqual(diagnostics(b), diagnostics(a));
    const lenses = (v: LogView) => codeLenses(v, 0).map((l) => resolveCodeLens(v, l).command?.title);
    assert.deepEqual(lenses(b), lenses(a));
    assert.deepEqual(documentSymbols(b), documentSymbols(a));
    assert.deepEqual(summarizeText(crlf(lf)), summarizeText(lf));
  });
}

/** What a record says (its fields, read through its getters), without the index it reads them from. */
function plainRecord(r: QueueRecord): object {
  const { id, host, instance, queueId, lines, mentions, client, sasl, origQueueId, uid, messageId, from, size, nrcpt, deliveries, notifications, notificationOf, amavis, removed, startLine } = r;
  return { id, host, instance, queueId, lines, mentions, client, sasl, origQueueId, uid, messageId, from, size, nrcpt, deliveries, notifications, notificationOf, amavis, removed, startLine };
}

/** Two folders holding the same files, one with LF, one with CRLF line ends. */
function twins(files: Record<string, string>): { lf: string; crlf: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-crlf-'));
  for (const [dir, conv] of [['lf', (s: string) => s], ['crlf', crlf]] as const) {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(base, dir, name)), { recursive: true });
      fs.writeFileSync(path.join(base, dir, name), conv(text));
    }
  }
  return { lf: path.join(base, 'lf'), crlf: path.join(base, 'crlf') };
}

function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile() && !f.endsWith('.gz')) out[f] = read(p);
  }
  return out;
}

/** The CLI run in `cwd`, so that file names in its output are the same for both twins. */
function run(cwd: string, args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout.toString() };
}

test('trace over CRLF logs finds the same messages, hops, lines and results as over LF', async () => {
  for (const name of ['inbound', 'bounce', 'outbound', 'webmail', 'discard', 'mtas']) {
    const t = twins(filesIn(path.join(fixtures, 'trace', name)));
    const names = Object.keys(filesIn(t.lf));
    for (const q of ['@', 'example.com', '.org']) {
      const [a, b] = await Promise.all([t.lf, t.crlf].map((d) => readTraceSet(names.map((f) => path.join(d, f)), { year: 2026, label: (f) => path.relative(d, f) })));
      const ma = a.query(q);
      const mb = b.query(q);
      assert.deepEqual(traceJson(mb), traceJson(ma), `${name} ${q}`);
      assert.equal(traceText(mb).text, traceText(ma).text, `${name} ${q}`);
    }
  }
});

test('the CLI: collate keeps CR bytes; summary, trace and accounts print the same for CRLF as for LF', () => {
  const t = twins({ ...filesIn(path.join(fixtures, 'investigate', 'hijack')), 'mta02/zimbra.log': logs[logs.length - 1][1] });
  const names = Object.keys(filesIn(t.lf)).sort();
  const col = [t.lf, t.crlf].map((d) => run(d, ['collate', 'mta02/zimbra.log']));
  assert.equal(col[0].status, 0);
  assert.equal(col[1].stdout, col[0].stdout.replace(/(?<=.)\n/g, '\r\n'), 'each log line keeps its CR; the separators stay empty lines');
  for (const args of [['summary', ...names], ['summary', '--json', ...names], ['accounts', ...names], ['accounts', '--json', ...names], ['trace', 'dave@example.com', ...names, '--year', '2026', '--json'], ['trace', 'bob@example.com', ...names, '--year', '2026']]) {
    const [a, b] = [t.lf, t.crlf].map((d) => run(d, args));
    assert.equal(a.status, b.status, args.join(' '));
    assert.ok(a.stdout.length > 100, args.join(' '));
    assert.equal(b.stdout, a.stdout, args.join(' '));
  }
});

test('a CRLF log indexed from disk (large or compressed logs) gives the LF twin\'s transactions and problems', async () => {
  const t = twins({ 'zimbra.log': logs[logs.length - 1][1] });
  const [a, b] = await Promise.all([t.lf, t.crlf].map((d) => DiskView.build('file:///zimbra.log', path.join(d, 'zimbra.log'))));
  try {
    assert.ok(a.transactions.length > 10);
    const ts = (v: DiskView) => v.transactions.map((t) => ({ key: t.key, lines: [...t.lines], complete: t.complete }));
    assert.deepEqual(ts(b), ts(a));
    assert.ok(ts(a).filter((t) => t.complete).length > 10);
    const sums = (v: DiskView) => v.summaries.map((t) => ({ ...t, to: [...t.to], statuses: [...t.statuses] }));
    assert.deepEqual(sums(b), sums(a));
    assert.deepEqual(b.scan.problems, a.scan.problems);
    assert.deepEqual(b.scan.failures, a.scan.failures);
    assert.deepEqual(diagnostics(b), diagnostics(a));
    // The records about each line with a queue ID (a delivery path's), read back from the file.
    const about = (v: DiskView) => Array.from({ length: v.lineCount }, (_, n) => n).filter((n) => / postfix\/\w+\[\d+\]: [0-9A-F]{6,}: /.test(v.line(n))).map((n) => v.indexAt(n).records.map(plainRecord));
    const records = about(a);
    assert.ok(records.length > 50 && records.every((r) => r.length > 0));
    assert.deepEqual(about(b), records);
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('the investigations of a CRLF folder (activity, failed logins, restarts, account report, mailbox changes) are those of its LF twin', async () => {
  const { folderAccountReport, folderActivity, folderFailedLogins, folderMailboxChanges, folderRestarts } = await import('../../server/src/lsp/investigateFiles');
  const { defaultBurstSettings } = await import('../../server/src/engine/investigate/security');
  for (const name of ['logs', 'hijack', 'restarts', 'smtp-auth', 'changes', 'mobile', 'proxy']) {
    const t = twins(filesIn(path.join(fixtures, 'investigate', name)));
    const results = await Promise.all(
      [t.lf, t.crlf].map(async (d) => {
        const all = [
          await folderActivity(d, { query: 'bob@example.com' }),
          await folderActivity(d, { query: '203.0.113.9' }),
          await folderFailedLogins(d, defaultBurstSettings),
          await folderRestarts(d),
          await folderAccountReport(d),
          await folderMailboxChanges(d, { account: 'bob@example.com' }),
        ];
        return JSON.stringify(all).split(JSON.stringify(d).slice(1, -1)).join('<dir>');
      }),
    );
    assert.ok(results[0].length > 1000, name);
    assert.equal(results[1], results[0], name);
  }
});
