import { ascii } from '../bytes';

// A log format is data: named-group patterns, what each field means, and sample lines that the
// tests check against the patterns (as lnav's formats do). Patterns are anchored and built so
// that they cannot backtrack badly on long lines. Every regex and every literal marker that
// recognises or takes apart a log line is defined here, in formats/, with its samples: the
// scanners (and the byte scanners, through ascii()) import them.

export interface Sample {
  line: string;
  /**
   * The groups the pattern must capture from `line` (only those listed are checked): named
   * groups by name, numbered ones by number ('0' is the whole match).
   */
  fields: Record<string, string>;
  /** Where a sticky pattern is tried (0 unless given). */
  at?: number;
}

export interface LinePattern {
  name: string;
  description: string;
  /** With the `y` (sticky) flag, the samples are matched at their start; with `g`, from their start. */
  regex: RegExp;
  /** The meaning of each named group. */
  fields: Record<string, string>;
  samples: Sample[];
  /** Sample lines the pattern must not match. */
  counterSamples?: string[];
  /** The longest text the pattern is applied to, when its callers cut longer text (else any length). */
  maxInput?: number;
}

/**
 * Literal text (ASCII) that marks a line shape or a field, for the scanners that look for it with
 * indexOf/startsWith, or as bytes (ascii(marker.text)).
 */
export interface Marker {
  text: string;
  description: string;
  /** Lines (or messages) that hold the marker where the scanner looks for it. */
  samples: string[];
  /** Lines that look alike but must not hold it. */
  counterSamples?: string[];
}

/** A pattern with unnamed groups only, its samples given as the groups they capture ('0': the match). */
export function shape(name: string, description: string, regex: RegExp, samples: Record<string, Record<string, string>>, counterSamples?: string[]): LinePattern {
  return { name, description, regex, fields: {}, samples: Object.entries(samples).map(([line, fields]) => ({ line, fields })), counterSamples };
}

export const marker = (text: string, description: string, samples: string[], counterSamples?: string[]): Marker => ({ text, description, samples, counterSamples });

/** A copy of a format's regex that reports where each group is (the `d` flag). */
export const withIndices = (r: RegExp): RegExp => new RegExp(r.source, r.flags.includes('d') ? r.flags : r.flags + 'd');

/** A regex of its own for one user of a sticky or global pattern (they keep their position in lastIndex). */
export const fresh = (p: LinePattern): RegExp => new RegExp(p.regex.source, p.regex.flags);

/** The number of capturing groups of a regex. */
const groupCount = (r: RegExp): number => new RegExp(`${r.source}|`).exec('')!.length - 1;

/**
 * A copy of a pattern's regex with its groups unnamed, for a hot path (a match then makes no
 * `groups` object), and the number of each named group in its matches (a pattern whose groups
 * are all named: they are numbered in order).
 */
export function numbered(p: LinePattern): { regex: RegExp; group: Record<string, number> } {
  const group: Record<string, number> = {};
  let n = 0;
  const regex = new RegExp(
    p.regex.source.replace(/\(\?<([A-Za-z_]\w*)>/g, (_, name: string) => ((group[name] = ++n), '(')),
    p.regex.flags,
  );
  if (groupCount(regex) !== n || groupCount(p.regex) !== n) throw new Error(`${p.name}: not every group is named`);
  return { regex, group };
}

/** The bytes of each marker of a table (for the byte scanners), under the same names. */
export function markerBytes<K extends string>(table: Record<K, Marker>): Record<K, Uint8Array> {
  const out = {} as Record<K, Uint8Array>;
  for (const k of Object.keys(table) as K[]) out[k] = ascii(table[k].text);
  return out;
}
