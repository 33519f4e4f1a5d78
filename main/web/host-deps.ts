// What the web host hands createCore (main/core/host.ts CoreDeps): settings in a JSON file under its data
// folder, secrets in memory only (nothing at rest: a browser host has no OS keychain to lean on), and the
// built-in simulator as the demo PBX.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CoreDeps, FloorLinkOpener, SecretName, SecretStore, SettingsStore } from '../core/host';
import { setAside, writeFileAtomic } from '../core/storage/atomic-file';
import { startDemoPbx } from '../simulator/demo-pbx';

/** ~/.config/floorwatch-web, or $XDG_CONFIG_HOME/floorwatch-web when set. */
export function defaultDataDir(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'floorwatch-web');
}

/**
 * Settings as one JSON file, replaced atomically (core/storage/atomic-file.ts) so a crash mid-write leaves
 * the old file. A file that is not JSON is kept aside as `<file>.bad-<time>` (nothing lost) and reads as
 * absent, so the core starts from defaults.
 */
export function createJsonSettingsStore(file: string, warn: (message: string) => void = console.warn): SettingsStore {
  return {
    read() {
      if (!existsSync(file)) return undefined;
      const text = readFileSync(file, 'utf8');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        const aside = setAside(file, 'bad');
        warn(`Floorwatch: ${file} was not valid JSON; kept it as ${aside} and started from default settings.`);
        return undefined;
      }
    },
    write: (value) => writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n'),
  };
}

/** Secrets for this run only: never written anywhere, gone when the process ends. */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<SecretName, string>();
  return {
    encrypted: false,
    get: async (name) => secrets.get(name) ?? null,
    set: async (name, value) => {
      secrets.set(name, value);
    },
    clear: async () => {
      secrets.clear();
    },
  };
}

export function createWebCoreDeps(options: { dataDir: string; version: string; openFloorLink?: FloorLinkOpener }): CoreDeps {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  return {
    settings: createJsonSettingsStore(join(options.dataDir, 'settings.json')),
    secrets: createMemorySecretStore(),
    dataDir: options.dataDir,
    startDemoPbx,
    // The web host runs from source (tsx): the worker does too.
    decodeWorker: new URL('../core/decode/decode-worker.ts', import.meta.url),
    host: 'web',
    version: options.version,
    nativeNotifications: false,
    globalShortcuts: false,
    ...(options.openFloorLink ? { openFloorLink: options.openFloorLink } : {}),
  };
}
