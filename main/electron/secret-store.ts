// Secrets at rest (password, api key), implementing the core's SecretStore on Electron's safeStorage:
// the ciphertext is kept base64-encoded in its own file (secrets.json in userData), never the clear text.
// Linux without a keyring falls back to 'basic_text', which is not encryption: then `encrypted` is false
// and nothing is written (the supervisor types the password at each start), unless the supervisor chose
// allowInsecureSecretStorage in the shell's own settings. electron-store writes through `atomically`; the
// folder's fsync after each change is ours (storage/atomic-file).
import type { SafeStorage } from 'electron';
import ElectronStore from 'electron-store';
import type { SecretName, SecretStore } from '../core/host';
import { syncFolder } from '../core/storage/atomic-file';

export const SECRETS_FILE = 'secrets';
/** The floor hub's NATS password, apart from the PBX's secrets (a new PBX sign-in clears those). */
export const HUB_SECRETS_FILE = 'hub-secrets';

type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

/** Real encryption: available, and on Linux not the hard-coded-key 'basic_text' backend. */
export function hasRealEncryption(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

interface SecretStoreOptions {
  cwd: string;
  /** The file's name (default SECRETS_FILE); the floor hub's NATS password has its own (HUB_SECRETS_FILE). */
  name?: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** The user's explicit choice to keep secrets without real encryption (read at each write). */
  allowInsecure: () => boolean;
}

export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const { safeStorage } = options;
  const store = new ElectronStore<Partial<Record<SecretName, string>>>({
    cwd: options.cwd,
    name: options.name ?? SECRETS_FILE,
    schema: { password: { type: 'string', contentEncoding: 'base64' }, apiKey: { type: 'string', contentEncoding: 'base64' } },
  });
  const encrypted = hasRealEncryption(safeStorage, options.platform);
  return {
    encrypted,
    async get(name) {
      const stored = store.get(name);
      if (stored === undefined) return null;
      try {
        return safeStorage.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        // Keyring changed or file damaged: forget it, the supervisor signs in again.
        store.delete(name);
        return null;
      }
    },
    async set(name, value) {
      if (!encrypted && !(options.allowInsecure() && safeStorage.isEncryptionAvailable())) {
        store.delete(name); // never keep an older secret the supervisor meant to replace
        syncFolder(options.cwd);
        return;
      }
      store.set(name, safeStorage.encryptString(value).toString('base64'));
      syncFolder(options.cwd);
    },
    async clear() {
      store.clear();
      syncFolder(options.cwd);
    },
  };
}
