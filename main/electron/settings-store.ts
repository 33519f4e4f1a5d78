// The settings file (electron-store, config.json in userData), implementing the core's SettingsStore.
// Layout (store format 2): { settings: <the core's settings document>, shell: { allowInsecureSecretStorage } },
// checked against a JSON schema generated from the same zod schema the core uses. Format 1 (the 0.0.x
// pre-releases) kept the core's document flat at the top level of the file: the migration moves it under
// `settings` (the core then migrates the document itself). A file that fails the schema is set aside
// (renamed, never deleted); its `settings` are still handed to the core once, which repairs them field by
// field and writes them back, so a hand-edit gone wrong costs only the bad field. electron-store writes
// through `atomically` (temp file, fsync, rename); the folder's fsync after it is ours (storage/atomic-file).
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import ElectronStore, { type Options } from 'electron-store';
import { z } from 'zod';
import { settingsSchema } from '../../common/settings';
import type { SettingsStore } from '../core/host';
import { syncFolder } from '../core/storage/atomic-file';

export const SETTINGS_FILE = 'config';
const STORE_FORMAT_VERSION = '2.0.0';

interface ShellOwnSettings {
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

/**
 * `default`s inside the branches of an anyOf / oneOf (a nullable group of settings, e.g. floorHub) are never
 * applied by ajv, and its strict mode refuses the schema for them: taken out there. The core fills those
 * fields itself (settingsSchema's defaults) when it reads the document.
 */
function dropBranchDefaults(node: unknown, inBranch = false): unknown {
  if (Array.isArray(node)) return node.map((n) => dropBranchDefaults(n, inBranch));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (inBranch && key === 'default') continue;
    out[key] = dropBranchDefaults(value, inBranch || key === 'anyOf' || key === 'oneOf');
  }
  return out;
}

/** The JSON schema of the store (input side: every setting may be missing and gets its default in the core). */
function storeSchema(): Record<string, object> {
  const { $schema: _ignored, ...settings } = dropBranchDefaults(z.toJSONSchema(settingsSchema, { io: 'input' })) as Record<string, object>;
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

/** Format 1 -> 2: every top-level key but our own moves under `settings`. */
function migrateFlatLayout(store: { store: Record<string, unknown>; set(key: string, value: unknown): void; delete(key: string): void }): void {
  const moved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store.store)) {
    if (key === 'settings' || key === 'shell' || key === '__internal__') continue;
    moved[key] = value;
    store.delete(key);
  }
  if (Object.keys(moved).length > 0) store.set('settings', moved);
}

interface ShellStores {
  settings: SettingsStore;
  shell(): ShellOwnSettings;
  setShell(patch: Partial<ShellOwnSettings>): void;
}

function openStore(cwd: string): ElectronStore<StoreShape> {
  // The migrations follow the store's own format version, not the app's. electron-store 11 (the last on
  // Node 20) hands `projectVersion` through to conf and defaults it to the
  // app's version only when none is given, but leaves it out of its option type: hence the wider type here.
  const options: Options<StoreShape> & { projectVersion: string } = {
    cwd,
    name: SETTINGS_FILE,
    projectVersion: STORE_FORMAT_VERSION,
    schema: storeSchema() as never,
    // Written with the migration (conf 15 fills only these defaults in then, not the schema's).
    defaults: { shell: { allowInsecureSecretStorage: false } },
    migrations: { [STORE_FORMAT_VERSION]: (s) => migrateFlatLayout(s as never) },
  };
  return new ElectronStore<StoreShape>(options);
}

/** The `settings` of a config file the schema refused, if it holds any JSON object there. */
function salvageSettings(file: string): unknown {
  try {
    const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const settings = (doc as { settings?: unknown } | null)?.settings;
    return typeof settings === 'object' && settings !== null ? settings : undefined;
  } catch {
    return undefined;
  }
}

/** Open config.json in `cwd` (userData). An unreadable or invalid file is kept aside as config.invalid-<time>.json. */
export function openShellStores(cwd: string, now: () => number = Date.now): ShellStores {
  let store: ElectronStore<StoreShape>;
  let salvaged: unknown;
  try {
    store = openStore(cwd);
  } catch (err) {
    const file = join(cwd, `${SETTINGS_FILE}.json`);
    if (!existsSync(file)) throw err;
    salvaged = salvageSettings(file);
    renameSync(file, join(cwd, `${SETTINGS_FILE}.invalid-${now()}.json`));
    store = openStore(cwd);
  }
  return {
    settings: {
      // Until the core writes its repaired document, it reads what the refused file held.
      read: () => (salvaged !== undefined ? salvaged : store.get('settings')),
      write: (value) => {
        store.set('settings', value);
        syncFolder(cwd);
        salvaged = undefined;
      },
    },
    shell: () => store.get('shell'),
    setShell: (patch) => {
      store.set('shell', { ...store.get('shell'), ...patch });
      syncFolder(cwd);
    },
  };
}
