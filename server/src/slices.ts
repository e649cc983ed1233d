// Background work of the language server in slices: a few steps at a time for about 5 ms, then
// the event loop runs (requests are read and answered) before the next slice.
import type { Steps } from './engine/steps';

/** How long a slice may run before requests get their turn. */
export const SLICE_MS = 5;

/**
 * Runs `steps` in slices of about `ms` milliseconds. Resolves with their result (undefined if
 * someone else ran them to their end meanwhile, who then has the result).
 */
export function inSlices<T>(steps: Steps<T>, ms = SLICE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const slice = () => {
      try {
        const until = performance.now() + ms;
        do {
          const r = steps.next();
          if (r.done) return resolve(r.value);
        } while (performance.now() < until);
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
