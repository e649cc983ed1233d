// The investigations' prefilter over a block handed on in steps (the server reads in steps of
// 64 KB, io/pace.ts): each step's searches stop at the step's end. They went to the end of the
// whole 8 MB buffer, once per step: an address's activity over 1 GB took 22 s instead of 1 s.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HitLines } from '../../server/src/engine/investigate/hitLines';

/** Bytes that count how far their searches look (subarrays are of the same class, and share the count). */
class CountingBytes extends Uint8Array {
  static scanned = 0;
  indexOf(value: number, from = 0): number {
    const p = super.indexOf(value, from);
    CountingBytes.scanned += (p < 0 ? this.length : p + 1) - from;
    return p;
  }
}

const STEP = 64 << 10;

for (const foldCase of [false, true]) {
  test(`searches stop at each step's end, whatever the buffer's size (foldCase ${foldCase})`, () => {
    const line = 'Oct 13 10:17:00 mta01 postfix/smtpd[1]: connect from h.example.net[198.51.100.7]\n';
    const text = line.repeat(Math.ceil((4 << 20) / line.length));
    const b = new CountingBytes(Buffer.from(text));
    // Found nowhere: every step searches all of itself, and no further.
    const find = (x: Uint8Array, nd: Uint8Array, from: number) => Buffer.from(x.buffer, x.byteOffset, x.length).indexOf(nd, from);
    const hits = new HitLines([Buffer.from('203.0.113.107')], find, foldCase);
    CountingBytes.scanned = 0;
    let n = 0;
    let visited = 0;
    for (let s = 0; s < b.length; ) {
      let e = Math.min(b.length, s + STEP);
      e = e === b.length ? e : b.lastIndexOf(10, e - 1) + 1;
      n = hits.block(b, s, e, n, undefined, () => visited++);
      s = e;
    }
    assert.equal(visited, 0);
    assert.equal(n, text.length / line.length);
    assert.ok(CountingBytes.scanned <= 2 * b.length, `${CountingBytes.scanned} bytes searched in a buffer of ${b.length}`);
  });
}
