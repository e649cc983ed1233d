// A log indexed from disk (past the editor's 50 MB, or compressed) answers delivery paths from its
// stream index, built in the same pass as its transactions: the lines of the queue IDs asked about
// are read back from the file (DiskView.indexAt). The answers equal those of an index of every line
// of the file (what a second pass over the whole file used to build), on a generated log (plain and
// gzip), the fixtures and the real logs of the corpus.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { DiskView } from '../../server/src/disk/diskView';
import { LogIndex } from '../../server/src/engine/index/logIndex';
import { describeLine } from '../../server/src/engine/lineInfo';
import { path as deliveryPath } from '../../server/src/features/path';
import { corpusFiles, fixtures, root } from './helpers';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-diskpath-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Compares the paths at every `stride`-th line naming a queue ID; returns how many were found. */
async function compare(file: string, text: string, stride = 1): Promise<number> {
  const view = await DiskView.build('file:///zimbra.log', file);
  try {
    const whole = new LogIndex();
    whole.appendText(text);
    const reference = Object.create(view, { indexAt: { value: () => whole } }) as DiskView;
    assert.equal(view.stream.lineCount, view.lineCount, 'the stream index numbers the lines as the view does');
    let found = 0;
    let k = 0;
    for (let line = 0; line < view.lineCount; line++) {
      if (!describeLine(view.line(line)).queueIds.length || k++ % stride) continue;
      const p = deliveryPath(view, { uri: view.document.uri, line });
      assert.deepEqual(p, deliveryPath(reference, { uri: view.document.uri, line }), `${file}: line ${line + 1}`);
      if (p) found++;
    }
    return found;
  } finally {
    view.dispose();
  }
}

test('delivery paths from a log indexed from disk equal those of an index of every line: a generated log, plain and gzip', async () => {
  const file = path.join(dir, 'zimbra.log');
  execFileSync(process.execPath, [path.join(root, 'bench', 'generate.mjs'), '--size', '1M', '--seed', '31', '--out', file], { stdio: 'ignore' });
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(/notification: /.test(text) && /queued_as: /.test(text), 'the log has every kind of link');
  assert.ok((await compare(file, text, 3)) > 500);
  fs.writeFileSync(file + '.gz', zlib.gzipSync(text));
  assert.ok((await compare(file + '.gz', text, 11)) > 100);
});

test('delivery paths from a log indexed from disk equal those of an index of every line: fixtures and the corpus', async () => {
  const files = [...fs.readdirSync(path.join(fixtures, 'collate')).filter((f) => f.endsWith('.log')).map((f) => path.join(fixtures, 'collate', f)), ...fs.readdirSync(path.join(fixtures, 'trace')).map((d) => path.join(fixtures, 'trace', d, 'zimbra.log')).filter((f) => fs.existsSync(f)), ...corpusFiles()];
  let found = 0;
  for (const f of files) found += await compare(f, fs.readFileSync(f, 'utf8'));
  assert.ok(found > 100, `${found} paths`);
});
