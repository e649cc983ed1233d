// Per-hour counts, keyed on the bytes of the line's timestamp up to the hour (`Oct 13 10` or
// `2026-10-13T10`): a line of the same hour as the one before (nearly all) makes no string.
import { Bytes, latin1 } from '../bytes';
import type { HourCounts } from './types';

export const H_RECEIVED = 0;
export const H_DELIVERED = 1;
export const H_DEFERRED = 2;
export const H_BOUNCED = 3;
export const H_REJECTED = 4;
export const H_DISCARDED = 5;

export class Hours {
  /** In order of first appearance. */
  private readonly hours = new Map<string, Int32Array>();
  /** The hour last counted: its key's bytes, and its counts. */
  private readonly lastKey = new Uint8Array(16);
  private lastLen = -1;
  private last: Int32Array = new Int32Array(6);

  /** Counts one `field` (H_*) in the hour b[hs, he). */
  count(b: Bytes, hs: number, he: number, field: number): void {
    const len = he - hs;
    let same = len === this.lastLen;
    if (same) {
      const key = this.lastKey;
      for (let k = 0; k < len; k++) {
        if (key[k] !== b[hs + k]) {
          same = false;
          break;
        }
      }
    }
    if (!same) {
      const k = latin1(b, hs, he);
      let h = this.hours.get(k);
      if (!h) this.hours.set(k, (h = new Int32Array(6)));
      this.last = h;
      for (let i = 0; i < len; i++) this.lastKey[i] = b[hs + i];
      this.lastLen = len;
    }
    this.last[field]++;
  }

  list(): HourCounts[] {
    const hour = (k: string) => (k.charCodeAt(10) === 84 || k.charCodeAt(10) === 32 ? `${k.slice(0, 10)} ${k.slice(11, 13)}:00` : `${k}:00`);
    return [...this.hours].map(([k, h]) => ({
      hour: hour(k),
      received: h[H_RECEIVED],
      delivered: h[H_DELIVERED],
      deferred: h[H_DEFERRED],
      bounced: h[H_BOUNCED],
      rejected: h[H_REJECTED],
      discarded: h[H_DISCARDED],
    }));
  }
}
