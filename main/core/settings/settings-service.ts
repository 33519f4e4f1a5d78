// The console's settings as the core holds them: read from the host's store (unknown shape), migrated to
// the current version, validated field by field (a bad value falls back to its default and is reported
// once, as SETTINGS_INVALID, never a crash), updated by validated patches and written back.
//
// Stored document (the value behind SettingsStore.read/write), version 2:
//   { version: 2, ...ConsoleSettings, profile?: ConnectionProfile, outbound?: unknown }
// `profile` is the non-secret half of the last connection; the password / api_key go only to SecretStore.
// `outbound` is the outbound queues the console remembers (main/core/outbound validates its own shape), kept
// here so they survive a restart like the rest of the console's state.
import { z } from 'zod';
import type { BridgeResult } from '../../../common/contract';
import { SYSTEMS, type SystemId } from '../../../common/domain';
import { settingsSchema, type ConsoleSettings, type SettingsPatch } from '../../../common/settings';
import type { SettingsStore } from '../host';
import { isValidTimeZone } from '../time/parse-time';

export const SETTINGS_VERSION = 2;

interface ConnectionProfile {
  system: SystemId;
  apiHost: string;
  username: string | null;
  timezone: string;
  ownExtension: string;
  authMode: 'password' | 'apiKey';
}

const profileSchema = z
  .object({
    system: z.enum(SYSTEMS),
    apiHost: z.url({ protocol: /^https?$/ }).max(2048),
    username: z.string().min(1).max(256).nullable(),
    timezone: z.string().min(1).max(64).refine(isValidTimeZone, 'unknown time zone'),
    ownExtension: z.string().regex(/^\d{0,15}$/),
    authMode: z.enum(['password', 'apiKey']),
  })
  .strip();

type Doc = Record<string, unknown>;

/**
 * Migrations from version N to N + 1. Version 1 (0.0.x builds, no `version` field) named two settings
 * differently: `pollInterval` (seconds) and `serviceLevelThreshold`.
 */
const MIGRATIONS: Record<number, (doc: Doc) => Doc> = {
  1: ({ pollInterval, serviceLevelThreshold, ...rest }) => ({
    ...rest,
    ...(pollInterval !== undefined && rest.pollIntervalSec === undefined ? { pollIntervalSec: pollInterval } : {}),
    ...(serviceLevelThreshold !== undefined && rest.serviceLevelSec === undefined ? { serviceLevelSec: serviceLevelThreshold } : {}),
    version: 2,
  }),
};

export function migrateSettingsDoc(raw: unknown): Doc {
  let doc: Doc = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { ...(raw as Doc) } : {};
  let version = typeof doc.version === 'number' && Number.isInteger(doc.version) ? doc.version : 1;
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version];
    if (step) doc = step(doc);
    version++;
  }
  return doc;
}

/** Parse `value` with `schema`, recursing into objects so one bad field does not reset its siblings. */
function parseFieldwise(schema: z.ZodType, value: unknown, path: string, invalid: string[]): unknown {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodObject && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out: Doc = {};
    for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      out[key] = parseFieldwise(field, (value as Doc)[key], path ? `${path}.${key}` : key, invalid);
    }
    return out;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  invalid.push(path);
  return schema.safeParse(undefined).data;
}

interface LoadedSettings {
  settings: ConsoleSettings;
  profile: ConnectionProfile | null;
  outbound: unknown;
  /** Fields that held a bad value and were reset to their defaults. */
  invalid: string[];
}

export function loadSettings(raw: unknown): LoadedSettings {
  const doc = migrateSettingsDoc(raw);
  const invalid: string[] = [];
  const settings = parseFieldwise(settingsSchema, doc, '', invalid) as ConsoleSettings;
  if (!isValidTimeZone(settings.timezone)) {
    invalid.push('timezone');
    settings.timezone = settingsSchema.shape.timezone.parse(undefined);
  }
  let profile: ConnectionProfile | null = null;
  if (doc.profile !== undefined) {
    const p = profileSchema.safeParse(doc.profile);
    if (p.success) profile = p.data;
    else invalid.push('profile');
  }
  return { settings, profile, outbound: doc.outbound, invalid };
}

export interface SettingsService {
  get(): ConsoleSettings;
  profile(): ConnectionProfile | null;
  /** Apply a patch the contract validated, persist it, return the new settings (or why not). */
  update(patch: SettingsPatch): BridgeResult<ConsoleSettings>;
  setProfile(profile: ConnectionProfile): void;
  /** The outbound queues' document as stored (unknown: its owner validates it). */
  outbound(): unknown;
  setOutbound(doc: unknown): void;
  /** What was wrong with the stored settings at load (empty when nothing). */
  readonly invalid: readonly string[];
}

export function createSettingsService(store: SettingsStore, log: (message: string) => void): SettingsService {
  let raw: unknown;
  try {
    raw = store.read();
  } catch (err) {
    log(`settings: could not read the store (${(err as Error).message}); using defaults`);
    raw = undefined;
  }
  const loaded = loadSettings(raw);
  let settings = loaded.settings;
  let profile = loaded.profile;
  let outbound = loaded.outbound;

  const persist = (nextSettings: ConsoleSettings, nextProfile: ConnectionProfile | null): void => {
    store.write({ version: SETTINGS_VERSION, ...nextSettings, ...(nextProfile ? { profile: nextProfile } : {}), ...(outbound !== undefined ? { outbound } : {}) });
    settings = nextSettings;
    profile = nextProfile;
  };

  const migrated = raw !== undefined && (raw as Doc | null)?.version !== SETTINGS_VERSION;
  if (loaded.invalid.length > 0 || migrated) {
    // Write the repaired / migrated document back: the problem is reported once, not at every start.
    try {
      persist(settings, profile);
    } catch (err) {
      log(`settings: could not write the repaired settings (${(err as Error).message})`);
    }
  }
  if (loaded.invalid.length > 0) log(`settings: reset to defaults: ${loaded.invalid.join(', ')}`);

  return {
    invalid: loaded.invalid,
    get: () => settings,
    profile: () => profile,
    update(patch) {
      // The contract checks shapes; a time zone also has to be one this runtime knows.
      if (patch.timezone !== undefined && !isValidTimeZone(patch.timezone)) {
        return {
          ok: false,
          error: { code: 'INVALID_PAYLOAD', field: 'timezone', message: `Unknown time zone "${patch.timezone}" (use an IANA name such as Asia/Ho_Chi_Minh).` },
        };
      }
      const next = settingsSchema.parse({ ...settings, ...patch });
      persist(next, profile);
      return { ok: true, data: next };
    },
    setProfile(next) {
      persist(settings, next);
    },
    outbound: () => outbound,
    setOutbound(doc) {
      outbound = doc;
      persist(settings, profile);
    },
  };
}
