// electron-store settings (real files in a temp dir): round-trip, schema, migration of the flat layout,
// an invalid file set aside; safeStorage secrets: never written in clear, basic_text handled.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../common/settings';
import * as electron from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));
const { openShellStores, SETTINGS_FILE } = await import('../../main/electron/settings-store');
const { createSecretStore, hasRealEncryption, SECRETS_FILE } = await import('../../main/electron/secret-store');

const tempDir = () => mkdtempSync(join(tmpdir(), 'fw-store-'));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

beforeEach(() => electron.reset());

describe('settings store (electron-store)', () => {
  it('round-trips the settings through config.json and a second open', () => {
    const dir = tempDir();
    const stores = openShellStores(dir);
    expect(stores.settings.read()).toBeUndefined();
    expect(stores.shell()).toEqual({ allowInsecureSecretStorage: false });
    stores.setShell({ allowInsecureSecretStorage: true });
    expect(openShellStores(dir).shell()).toEqual({ allowInsecureSecretStorage: true });
    const value = { ...defaultSettings(), locale: 'vi', shortcuts: { ...defaultSettings().shortcuts, barge: 'F9' } };
    stores.settings.write(value);
    expect(readJson(join(dir, `${SETTINGS_FILE}.json`)).settings).toEqual(value);
    expect(openShellStores(dir).settings.read()).toEqual(value);
  });

  it('refuses a value the schema rejects with a clear error, keeping the stored one', () => {
    const dir = tempDir();
    const stores = openShellStores(dir);
    stores.settings.write(defaultSettings());
    expect(() => stores.settings.write({ ...defaultSettings(), pollIntervalSec: 'fast' })).toThrow(/pollIntervalSec/);
    expect(openShellStores(dir).settings.read()).toEqual(defaultSettings());
  });

  it('migrates the flat format-1 layout (the core\'s document at the top) under `settings`', () => {
    const dir = tempDir();
    const profile = { system: 'tel4vn', apiHost: 'https://pbx.example', username: 'sup', timezone: 'Asia/Ho_Chi_Minh', ownExtension: '101', authMode: 'password' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ version: 2, locale: 'pt-BR', pollIntervalSec: 3, profile }));
    const stores = openShellStores(dir);
    // The moved values, the rest filled with the schema's defaults; the core's own keys kept.
    expect(stores.settings.read()).toEqual({ ...defaultSettings(), version: 2, locale: 'pt-BR', pollIntervalSec: 3, profile });
    const onDisk = readJson(join(dir, 'config.json'));
    expect(Object.keys(onDisk).sort()).toEqual(['__internal__', 'settings', 'shell']);
    expect(onDisk.__internal__).toEqual({ migrations: { version: '2.0.0' } });
  });

  it('sets an invalid file aside, hands its settings to the core once, and starts clean', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"settings": {"theme": 42, "locale": "vi"}, "shell": {}}');
    const stores = openShellStores(dir, () => 123);
    expect(readFileSync(join(dir, 'config.invalid-123.json'), 'utf8')).toContain('"theme": 42');
    expect(stores.settings.read()).toEqual({ theme: 42, locale: 'vi' }); // the core repairs field by field
    stores.settings.write({ ...defaultSettings(), locale: 'vi' });
    expect(openShellStores(dir).settings.read()).toEqual({ ...defaultSettings(), locale: 'vi' });

    writeFileSync(join(dir, 'config.json'), 'not json');
    expect(openShellStores(dir, () => 456).settings.read()).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['config.invalid-123.json', 'config.invalid-456.json', 'config.json']);
  });
});

describe('secret store (safeStorage)', () => {
  const SECRET = 'pa55-w0rd-that-must-not-leak';

  it('stores only base64 ciphertext, in its own file, and reads it back', async () => {
    const dir = tempDir();
    const secrets = createSecretStore({ cwd: dir, safeStorage: electron.safeStorage, platform: 'linux', allowInsecure: () => false });
    expect(secrets.encrypted).toBe(true);
    await secrets.set('password', SECRET);
    await secrets.set('apiKey', 'key-123456');
    const raw = readFileSync(join(dir, `${SECRETS_FILE}.json`), 'utf8');
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('key-123456');
    expect(raw).not.toContain(Buffer.from(SECRET).toString('base64'));
    const stored = readJson(join(dir, `${SECRETS_FILE}.json`));
    expect(electron.safeStorage.decryptString(Buffer.from(stored.password as string, 'base64'))).toBe(SECRET);
    const again = createSecretStore({ cwd: dir, safeStorage: electron.safeStorage, platform: 'linux', allowInsecure: () => false });
    expect(await again.get('password')).toBe(SECRET);
    await again.clear();
    expect(await again.get('apiKey')).toBeNull();
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
  });

  it('on Linux basic_text: not encrypted and nothing written, unless the user allowed it', async () => {
    electron.safeStorage.backend = 'basic_text';
    const dir = tempDir();
    const secrets = createSecretStore({ cwd: dir, safeStorage: electron.safeStorage, platform: 'linux', allowInsecure: () => false });
    expect(secrets.encrypted).toBe(false);
    await secrets.set('password', SECRET);
    expect(await secrets.get('password')).toBeNull();
    const file = join(dir, `${SECRETS_FILE}.json`);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').not.toContain(SECRET);

    // The choice is read at each write: ticking it in the tray takes effect without a restart.
    let allow = false;
    const store = createSecretStore({ cwd: dir, safeStorage: electron.safeStorage, platform: 'linux', allowInsecure: () => allow });
    allow = true;
    expect(store.encrypted).toBe(false);
    await store.set('password', SECRET);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(await store.get('password')).toBe(SECRET);
    allow = false;
    await store.set('password', 'newer');
    expect(await store.get('password')).toBeNull();
  });

  it('without any encryption nothing is written even when allowed; basic_text only matters on Linux', async () => {
    electron.safeStorage.available = false;
    const dir = tempDir();
    const secrets = createSecretStore({ cwd: dir, safeStorage: electron.safeStorage, platform: 'linux', allowInsecure: () => true });
    await secrets.set('apiKey', SECRET);
    expect(await secrets.get('apiKey')).toBeNull();
    electron.safeStorage.available = true;
    electron.safeStorage.backend = 'basic_text';
    expect(hasRealEncryption(electron.safeStorage, 'win32')).toBe(true);
    expect(hasRealEncryption(electron.safeStorage, 'linux')).toBe(false);
  });

  it('forgets a secret it can no longer decrypt', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, `${SECRETS_FILE}.json`), JSON.stringify({ password: Buffer.from('garbage').toString('base64') }));
    const secrets = createSecretStore({ cwd: dir, safeStorage: electron.safeStorage, platform: 'darwin', allowInsecure: () => false });
    expect(await secrets.get('password')).toBeNull();
    expect(readJson(join(dir, `${SECRETS_FILE}.json`)).password).toBeUndefined();
  });
});
