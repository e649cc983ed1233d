// A log read from disk as the editor's text (disk/diskText.ts): its bytes are checked (ASCII, else
// UTF-8) a piece at a time as they are read, so a piece can end inside a character; the text equals
// what VS Code shows of the file (a BOM dropped), and a file that is not UTF-8 gives none.
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDiskText } from '../../server/src/disk/diskText';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zl-disktext-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const never = new AbortController().signal;
const line = 'Oct 13 10:17:00 mta01 postfix/smtpd[1]: 4FF14284F45: client=h.x.net[1.2.3.4]\n';

/** Writes `bytes` and reads them back as a text of `chars` code units. */
async function read(name: string, bytes: Buffer, chars: number) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return readDiskText(file, chars, never);
}

/** `size` bytes or a little more of log lines, with `insert` beginning at each byte offset of `at` (increasing). */
function log(size: number, insert = '', at: number[] = []): string {
  let text = '';
  let bytes = 0;
  const fill = (to: number) => {
    const lines = Math.floor((to - bytes) / line.length);
    text += line.repeat(lines) + 'x'.repeat(to - bytes - lines * line.length);
    bytes = to;
  };
  for (const offset of at) {
    fill(offset);
    text += insert;
    bytes += Buffer.byteLength(insert);
  }
  fill(Math.max(bytes, size));
  return text + '\n';
}

test('an ASCII file is read as its text, marked ASCII', async () => {
  const text = log(5 << 20);
  const got = await read('ascii.log', Buffer.from(text), text.length);
  assert.ok(typeof got !== 'string');
  assert.equal(got.ascii, true);
  assert.equal(got.bom, false);
  assert.equal(got.text, text);
});

test('UTF-8 characters of 2, 3 and 4 bytes across the boundaries of the pieces checked are read whole', async () => {
  // Pieces are 2 MB, reads 64 KB then 16 MB: a character on either side of each boundary, shifted byte by byte.
  const boundaries = [64 << 10, 2 << 20, (2 << 20) + (64 << 10), 4 << 20];
  for (const insert of ['é', 'Ж', '€', '😀']) {
    for (let before = 1; before <= Buffer.byteLength(insert); before++) {
      const text = log(5 << 20, insert, boundaries.map((b) => b - before));
      const bytes = Buffer.from(text);
      assert.equal(bytes.indexOf(insert, boundaries[1] - before), boundaries[1] - before);
      const got = await read('utf8.log', bytes, text.length);
      assert.ok(typeof got !== 'string', `${insert}, ${before} bytes before: ${String(got)}`);
      assert.equal(got.ascii, false);
      assert.equal(got.text, text, `${insert}, ${before} bytes before`);
    }
  }
});

test('a BOM is dropped from the text and said', async () => {
  const text = log(3 << 20, 'Привет', [2 << 20]);
  const got = await read('bom.log', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), text.length);
  assert.ok(typeof got !== 'string');
  assert.equal(got.bom, true);
  assert.equal(got.text, text);
});

test('bytes that are not UTF-8 give no text, wherever they are', async () => {
  for (const at of [10, (2 << 20) - 1, (4 << 20) + 5]) {
    const bytes = Buffer.from(log(5 << 20));
    bytes[at] = 0xff;
    assert.equal(await read('bad.log', bytes, bytes.length), 'not UTF-8', `0xff at ${at}`);
  }
  // A character cut at the end of the file.
  const cut = Buffer.concat([Buffer.from(log(3 << 20)), Buffer.from('€').subarray(0, 2)]);
  assert.equal(await read('cut.log', cut, cut.length - 1), 'not UTF-8');
});

test('a file too short or too long for the editor text is not read', async () => {
  const text = log(1 << 20);
  assert.equal(await read('short.log', Buffer.from(text), text.length + 1), 'size');
  assert.equal(await read('long.log', Buffer.from(text), Math.floor(text.length / 4)), 'size');
});
