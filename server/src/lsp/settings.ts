// The server's settings: one typed object mirroring the `zimbraLogs.*` schema of package.json
// (contributes.configuration), its defaults, and the parser every raw value goes through. A
// value of the wrong type or out of range takes the fallback's value (the default unless given);
// parsing never throws. `zimbraLogs.trace.server` is read by the editor's client, not here.
import { BurstSettings, defaultBurstSettings } from '../engine/investigate/security';
import { defaultReportThresholds, ReportThresholds } from '../engine/investigate/accountReport';
import { CAUSES, Cause } from '../engine/causes/causes';

export type MinimumLevel = 'FATAL' | 'ERROR' | 'WARN';

export interface Settings {
  diagnostics: { minimumLevel: MinimumLevel; deliveryFailures: boolean };
  /** Bursts of failed logins (Fail2Ban's maxretry / findtime). */
  security: BurstSettings;
  /** The account report's verdict thresholds. */
  accounts: ReportThresholds;
  compressed: {
    /** MB of decompressed data a compressed log may hold. */
    maxSize: number;
  };
  failures: {
    /** Failure causes (engine/causes/causes.ts) whose delivery warnings are not shown. */
    ignoreCauses: Cause[];
  };
}

/** How one value is checked: its JSON schema type, bounds or allowed values, and default. */
export type Field<T> =
  | { type: 'boolean'; default: T }
  | { type: 'string'; enum: readonly T[]; default: T }
  | { type: 'array'; items: readonly string[]; default: T }
  | { type: 'number' | 'integer'; minimum?: number; maximum?: number; default: T };

type Schema = { [S in keyof Settings]: { [K in keyof Settings[S]]: Field<Settings[S][K]> } };

/** Every server setting: the one place its default and bounds are written (package.json must agree: test/unit/settings.test.ts). */
export const SETTINGS_SCHEMA: Schema = {
  diagnostics: {
    minimumLevel: { type: 'string', enum: ['FATAL', 'ERROR', 'WARN'], default: 'ERROR' },
    deliveryFailures: { type: 'boolean', default: true },
  },
  security: {
    burstCount: { type: 'integer', minimum: 1, default: defaultBurstSettings.burstCount },
    burstMinutes: { type: 'number', minimum: 0, default: defaultBurstSettings.burstMinutes },
  },
  accounts: {
    maxAddressesPerHour: { type: 'integer', minimum: 1, default: defaultReportThresholds.maxAddressesPerHour },
    burstRecipients: { type: 'integer', minimum: 1, default: defaultReportThresholds.burstRecipients },
    usualFactor: { type: 'number', minimum: 1, default: defaultReportThresholds.usualFactor },
    minUnusualRecipients: { type: 'integer', minimum: 1, default: defaultReportThresholds.minUnusualRecipients },
    maxBounceShare: { type: 'number', minimum: 0, maximum: 1, default: defaultReportThresholds.maxBounceShare },
    minRecipientsForShare: { type: 'integer', minimum: 1, default: defaultReportThresholds.minRecipientsForShare },
  },
  compressed: {
    maxSize: { type: 'number', minimum: 1, default: 1024 },
  },
  failures: {
    ignoreCauses: { type: 'array', items: CAUSES, default: [] },
  },
};

function defaults(): Settings {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, fields] of Object.entries(SETTINGS_SCHEMA)) {
    out[section] = {};
    for (const [key, field] of Object.entries(fields as Record<string, Field<unknown>>)) out[section][key] = field.default;
  }
  return out as unknown as Settings;
}

export const defaultSettings: Readonly<Settings> = defaults();

function valid(field: Field<unknown>, v: unknown): boolean {
  switch (field.type) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return (field.enum as readonly unknown[]).includes(v);
    case 'array':
      return Array.isArray(v) && v.every((x) => field.items.includes(x as string));
    default:
      return (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (field.type !== 'integer' || Number.isInteger(v)) &&
        (field.minimum === undefined || v >= field.minimum) &&
        (field.maximum === undefined || v <= field.maximum)
      );
  }
}

function expected(field: Field<unknown>): string {
  if (field.type === 'boolean') return 'true or false';
  if (field.type === 'string') return `one of ${field.enum.join(', ')}`;
  if (field.type === 'array') return `a list of ${field.items.join(', ')}`;
  const bounds = [field.minimum !== undefined ? `≥ ${field.minimum}` : '', field.maximum !== undefined ? `≤ ${field.maximum}` : ''].filter(Boolean).join(' and ');
  return `${field.type === 'integer' ? 'an integer' : 'a number'}${bounds ? ` ${bounds}` : ''}`;
}

/** A value as the message shows it: JSON, cut short (settings come from files anyone may write). */
function describe(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The settings in `raw`: the `zimbraLogs` object of the client's configuration, nested
 * (`{ diagnostics: { minimumLevel: 'WARN' } }`, as editors send it) or with dotted keys
 * (`{ 'diagnostics.minimumLevel': 'WARN' }`). Missing, mistyped and out-of-range values take
 * those of `fallback`, and are described in `ignored`. Never throws.
 */
export function parseSettings(raw: unknown, fallback: Readonly<Settings> = defaultSettings, ignored?: string[]): Settings {
  const given = isObject(raw) ? raw : {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, fields] of Object.entries(SETTINGS_SCHEMA)) {
    const nested = isObject(given[section]) ? (given[section] as Record<string, unknown>) : {};
    const base = (fallback as unknown as Record<string, Record<string, unknown>>)[section];
    out[section] = {};
    for (const [key, field] of Object.entries(fields as Record<string, Field<unknown>>)) {
      const v = key in nested ? nested[key] : given[`${section}.${key}`];
      const ok = valid(field, v);
      out[section][key] = ok ? v : base[key];
      if (!ok && v !== undefined && v !== null) ignored?.push(`zimbraLogs.${section}.${key}: ${describe(v)} is not ${expected(field)}; ${JSON.stringify(base[key])} is used`);
    }
  }
  return out as unknown as Settings;
}
