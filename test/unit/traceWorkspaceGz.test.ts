// Paths across a folder's logs for hovers and code lenses, when some of the lines are in a
// compressed log: they cannot be read by offset at once, so the path is read in the background
// and the hover or lens shows it once it is there (the language server then asks the client to
// refresh its code lenses).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { WorkspaceTraces } from '../../server/src/lsp/traceWorkspace';
import { fixtures } from './helpers';

test('a path whose mailbox hop is in a .gz log: missing at first, read in the background, then shown', { timeout: 20_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-gzpath-'));
  try {
    const inbound = path.join(fixtures, 'trace', 'inbound');
    fs.copyFileSync(path.join(inbound, 'zimbra.log'), path.join(dir, 'zimbra.log'));
    fs.writeFileSync(path.join(dir, 'mailbox.log.1.gz'), zlib.gzipSync(fs.readFileSync(path.join(inbound, 'mailbox.log'))));
    const traces = new WorkspaceTraces();
    let refreshed = 0;
    const read = new Promise<void>((resolve) => {
      traces.onSummaries = () => {
        refreshed++;
        resolve();
      };
    });
    await traces.logSetOf(dir);
    const uri = pathToFileURL(path.join(dir, 'zimbra.log')).toString();
    // Line 1 (0-based) is 1A2B3C4D5E6's first line.
    assert.equal(traces.summaryAt(uri, 1, '1A2B3C4D5E6'), undefined, 'the .gz lines cannot be read at once');
    assert.equal(traces.summaryAt(uri, 1, '1A2B3C4D5E6'), undefined, 'asked twice, read once');
    await read;
    assert.equal(refreshed, 1);
    assert.match(traces.summaryAt(uri, 1, '1A2B3C4D5E6') ?? '', /mbox01\.example\.com Inbox ✓ delivered/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
