// The bucket of a timeline: the smallest step of the ladder (1 minute ... 1 day) that draws the
// span in at most MAX_BUCKETS buckets, unless one is given; bucket starts are multiples of the
// step since the epoch of the logs' wall clock (a day starts at midnight, an hour on the hour).

export const LADDER = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
export const MAX_BUCKETS = 2000;

/** The bucket for a span of `ms` milliseconds. */
export function bucketFor(ms: number): number {
  for (const b of LADDER) if (ms / (b * 1000) <= MAX_BUCKETS) return b;
  return LADDER[LADDER.length - 1];
}

/** The finest slot the counts are kept in while reading: a divisor of the bucket (and of a minute, so of a year's start). */
export function slotFor(bucketSeconds: number | undefined): number {
  if (bucketSeconds === undefined) return 60;
  let a = bucketSeconds;
  let b = 60;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A wall-clock time (lineTime's milliseconds) as the logs write it: `YYYY-MM-DDTHH:MM:SS`. */
export function localTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
