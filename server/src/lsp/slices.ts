// Background work of the language server in slices: a few steps at a time for about 5 ms, then
// the event loop runs (requests are read and answered) before the next slice. Requests come
// first: editors send them in bursts (hover, definition, lenses as the user scrolls), so after
// one the next slice waits a little, though never long enough to stall the work.
import type { Steps } from '../engine/steps';

/** How long a slice may run before requests get their turn. */
export const SLICE_MS = 5;
/** After a request, background work waits this long for the next one... */
const QUIET_MS = 20;
/** ...but no slice waits longer than this after the one before. */
const MAX_WAIT_MS = 100;

let lastRequest = -Infinity;

/** Tells the background work that a request came (see QUIET_MS). */
export function requestCame(): void {
  lastRequest = performance.now();
}

/** Runs `then` once requests have paused for `quiet` ms, or after `atMost` ms at the latest. */
export function whenQuiet(then: () => void, quiet = 500, atMost = 2000): void {
  const until = performance.now() + atMost;
  const check = () => {
    const now = performance.now();
    const wait = Math.min(lastRequest + quiet, until) - now;
    if (wait <= 0) then();
    else setTimeout(check, wait);
  };
  check();
}

/**
 * Runs `steps` in slices of about `ms` milliseconds. Resolves with their result (undefined if
 * someone else ran them to their end meanwhile, who then has the result).
 */
export function inSlices<T>(steps: Steps<T>, ms = SLICE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let lastSlice = performance.now();
    const slice = () => {
      const now = performance.now();
      if (now - lastRequest < QUIET_MS && now - lastSlice < MAX_WAIT_MS) {
        setTimeout(slice, QUIET_MS - (now - lastRequest));
        return;
      }
      try {
        const until = now + ms;
        do {
          const r = steps.next();
          if (r.done) return resolve(r.value);
        } while (performance.now() < until);
        lastSlice = performance.now();
        // Twice: a request read meanwhile is handled in the next turn, and its answer written (the
        // protocol library writes in a turn of its own) before the next slice.
        setImmediate(() => setImmediate(slice));
      } catch (e) {
        reject(e);
      }
    };
    slice();
  });
}
