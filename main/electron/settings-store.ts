// The settings file (electron-store, config.json in userData), implementing the core's SettingsStore.
// Layout (store format 2): { settings: ConsoleSettings, shell: { allowInsecureSecretStorage } }, checked
// against a JSON schema generated from the same zod schema the core uses. Format 1 (the 0.0.x
// pre-releases) kept the settings flat at the top level with a boolean `muteNotifications`: the migration
// below moves them. A file that fails the schema is set aside (renamed, never deleted) and a fresh one starts.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import ElectronStore from 'electron-store';
import { z } from 'zod';
import { settingsSchema } from '../../common/settings';
import type { SettingsStore } from '../core/host';

export const SETTINGS_FILE = 'config';
export const STORE_FORMAT_VERSION = '2.0.0';

export interface ShellOwnSettings {
  /**
   * Linux without a keyring (safeStorage backend 'basic_text') cannot encrypt secrets. Only when the user
   * explicitly allows it are secrets kept there anyway (obfuscated, not encrypted); otherwise never.
   */
  allowInsecureSecretStorage: boolean;
}

interface StoreShape {
  settings?: unknown;
  shell: ShellOwnSettings;
  [legacy: string]: unknown;
}

/** The JSON schema of the store (input side: every setting may be missing and gets its default in the core). */
export function storeSchema(): Record<string, object> {
  const { $schema: _ignored, ...settings } = z.toJSONSchema(settingsSchema, { io: 'input' });
  return {
    settings,
    shell: {
      type: 'object',
      properties: { allowInsecureSecretStorage: { type: 'boolean', default: false } },
      additionalProperties: false,
      default: { allowInsecureSecretStorage: false },
    },
  };
}

/** Format 1 -> 2: settings move under `settings`; `muteNotifications: true` means notifications off. */
const LEGACY_KEYS = Object.keys(settingsSchema.shape);
export function migrateFlatLayout(store: { store: Record<string, unknown>; set(key: string, value: unknown): void; delete(key: string): void }): void {
  const old = store.store;
  const moved: Record<string, unknown> = {};
  for (const key of LEGACY_KEYS) if (key in old) moved[key] = old[key];
  if (typeof old.muteNotifications === 'boolean') {
    moved.notifications = { enabled: !old.muteNotifications, muteUntil: null };
  }
  if (Object.keys(moved).length === 0 && !('muteNotifications' in old)) return;
  const current = typeof old.settings === 'object' && old.settings !== null ? old.settings : {};
  for (const key of [...LEGACY_KEYS, 'muteNotifications']) if (key in old) store.delete(key);
  store.set('settings', { ...moved, ...current });
}

export interface ShellStores {
  settings: SettingsStore;
  shell(): ShellOwnSettings;
}

function openStore(cwd: string): ElectronStore<StoreShape> {
  return new ElectronStore<StoreShape>({
    cwd,
    name: SETTINGS_FILE,
    projectVersion: STORE_FORMAT_VERSION,
    schema: storeSchema() as never,
    migrations: { [STORE_FORMAT_VERSION]: (s) => migrateFlatLayout(s as never) },
  });
}

/** Open config.json in `cwd` (userData). An unreadable or invalid file is kept aside as config.invalid-<time>.json. */
export function openShellStores(cwd: string, now: () => number = Date.now): ShellStores {
  let store: ElectronStore<StoreShape>;
  try {
    store = openStore(cwd);
  } catch (err) {
    const file = join(cwd, `${SETTINGS_FILE}.json`);
    if (!existsSync(file)) throw err;
    renameSync(file, join(cwd, `${SETTINGS_FILE}.invalid-${now()}.json`));
    store = openStore(cwd);
  }
  return {
    settings: {
      read: () => store.get('settings'),
      write: (value) => store.set('settings', value),
    },
    shell: () => store.get('shell'),
  };
}
