// The web host's storage for the core: settings in a real JSON file (atomic, a corrupt file kept aside),
// secrets in memory only (nothing at rest).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonSettingsStore, createMemorySecretStore, createWebCoreDeps } from '../../main/web/host-deps';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fw-web-deps-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createJsonSettingsStore', () => {
  it('reads nothing at first, then what it wrote, from a real file', () => {
    const file = join(dir, 'settings.json');
    const store = createJsonSettingsStore(file);
    expect(store.read()).toBeUndefined();
    store.write({ version: 2, locale: 'vi' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 2, locale: 'vi' });
    expect(createJsonSettingsStore(file).read()).toEqual({ version: 2, locale: 'vi' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('keeps a corrupt file aside, says so, and reads as absent', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, '{"locale": "vi",');
    const warnings: string[] = [];
    expect(createJsonSettingsStore(file, (m) => warnings.push(m)).read()).toBeUndefined();
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.bad-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside ?? ''), 'utf8')).toBe('{"locale": "vi",');
    expect(warnings[0]).toContain(aside);
  });
});

describe('createMemorySecretStore', () => {
  it('says it is not encrypted, keeps secrets for the run, and clears them', async () => {
    const secrets = createMemorySecretStore();
    expect(secrets.encrypted).toBe(false);
    await secrets.set('apiKey', 'k-123');
    expect(await secrets.get('apiKey')).toBe('k-123');
    expect(await secrets.get('password')).toBeNull();
    await secrets.clear();
    expect(await secrets.get('apiKey')).toBeNull();
  });
});

describe('createWebCoreDeps', () => {
  it('describes the web host and writes no secret to the data folder', async () => {
    const dataDir = join(dir, 'data');
    const deps = createWebCoreDeps({ dataDir, version: '1.2.3' });
    expect(existsSync(dataDir)).toBe(true);
    expect(deps).toMatchObject({ host: 'web', version: '1.2.3', nativeNotifications: false, globalShortcuts: false, dataDir });
    await deps.secrets.set('password', 'pw-secret');
    deps.settings.write({ locale: 'en' });
    for (const f of readdirSync(dataDir)) expect(readFileSync(join(dataDir, f), 'utf8')).not.toContain('pw-secret');
  });
});
