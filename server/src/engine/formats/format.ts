// A log format is data: named-group patterns, what each field means, and sample lines that the
// tests check against the patterns (as lnav's formats do). Patterns are anchored and built so
// that they cannot backtrack badly on long lines.

export interface Sample {
  line: string;
  /** The named groups the pattern must capture from `line` (only those listed are checked). */
  fields: Record<string, string>;
}

export interface LinePattern {
  name: string;
  description: string;
  regex: RegExp;
  /** The meaning of each named group. */
  fields: Record<string, string>;
  samples: Sample[];
  /** Sample lines the pattern must not match. */
  counterSamples?: string[];
}
