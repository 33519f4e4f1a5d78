// Settings: migration of version 1, field-by-field fallback on bad values (reported once), patches,
// the connection profile kept without any secret.
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../common/settings';
import { createSettingsService, loadSettings, migrateSettingsDoc, SETTINGS_VERSION } from '../../../main/core/settings/settings-service';

function memoryStore(initial: unknown) {
  const writes: unknown[] = [];
  let value = initial;
  return { writes, read: () => value, write: (v: unknown) => { value = v; writes.push(v); } };
}

describe('settings migration', () => {
  it('renames version 1 fields and stamps the version', () => {
    expect(migrateSettingsDoc({ pollInterval: 3, serviceLevelThreshold: 30, theme: 'dark' })).toEqual({
      pollIntervalSec: 3, serviceLevelSec: 30, theme: 'dark', version: 2,
    });
    // A current document is left alone; garbage becomes an empty current document.
    expect(migrateSettingsDoc({ version: 2, pollIntervalSec: 4 })).toEqual({ version: 2, pollIntervalSec: 4 });
    expect(migrateSettingsDoc('nonsense')).toEqual({ version: 2 });
  });

  it('loads a version 1 document into current settings', () => {
    const { settings, invalid } = loadSettings({ pollInterval: 5, serviceLevelThreshold: 45 });
    expect(invalid).toEqual([]);
    expect(settings).toEqual({ ...defaultSettings(), pollIntervalSec: 5, serviceLevelSec: 45 });
  });
});

describe('settings field by field', () => {
  it('falls back per field, inside nested objects too, and names the bad fields', () => {
    const { settings, invalid } = loadSettings({
      version: 2, pollIntervalSec: 99, theme: 'dark', timezone: 'Mars/Olympus', notifications: { enabled: 'yes', muteUntil: 5 },
      shortcuts: { barge: 'F8' }, queueFilter: 'all',
    });
    expect(invalid.sort()).toEqual(['notifications.enabled', 'pollIntervalSec', 'queueFilter', 'timezone']);
    expect(settings).toMatchObject({
      pollIntervalSec: 1, theme: 'dark', timezone: 'Asia/Ho_Chi_Minh', notifications: { enabled: true, muteUntil: 5 }, queueFilter: [],
    });
    expect(settings.shortcuts).toEqual({ ...defaultSettings().shortcuts, barge: 'F8' });
  });

  it('writes the repaired document back so the problem is reported once', () => {
    const store = memoryStore({ version: 2, serviceLevelSec: -1 });
    const logged: string[] = [];
    const first = createSettingsService(store, (m) => logged.push(m));
    expect(first.invalid).toEqual(['serviceLevelSec']);
    expect(store.writes).toHaveLength(1);
    const second = createSettingsService(store, (m) => logged.push(m));
    expect(second.invalid).toEqual([]);
    expect(logged).toHaveLength(1);
  });

  it('survives a store that throws on read', () => {
    const service = createSettingsService({ read: () => { throw new Error('disk'); }, write: () => {} }, () => {});
    expect(service.get()).toEqual(defaultSettings());
  });
});

describe('settings updates and profile', () => {
  it('applies a patch, persists it with the version and keeps the profile beside it', () => {
    const store = memoryStore(undefined);
    const service = createSettingsService(store, () => {});
    service.setProfile({ system: 'tel4vn', apiHost: 'https://pbx.example.com', username: 'sup', timezone: 'Asia/Ho_Chi_Minh', ownExtension: '105', authMode: 'password' });
    const result = service.update({ pollIntervalSec: 3 });
    expect(result).toEqual({ ok: true, data: { ...defaultSettings(), pollIntervalSec: 3 } });
    expect(store.read()).toMatchObject({ version: SETTINGS_VERSION, pollIntervalSec: 3, profile: { username: 'sup', authMode: 'password' } });
    expect(JSON.stringify(store.read())).not.toMatch(/password"\s*:/);
    expect(createSettingsService(store, () => {}).profile()?.apiHost).toBe('https://pbx.example.com');
  });

  it('refuses an unknown time zone without changing anything', () => {
    const store = memoryStore(undefined);
    const service = createSettingsService(store, () => {});
    expect(service.update({ timezone: 'Atlantis/Capital' })).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', field: 'timezone' } });
    expect(service.get().timezone).toBe('Asia/Ho_Chi_Minh');
    expect(store.writes).toHaveLength(0);
  });

  it('reports a bad stored profile and drops it', () => {
    const { profile, invalid } = loadSettings({ version: 2, profile: { system: 'tel4vn', apiHost: 'ftp://x' } });
    expect(profile).toBeNull();
    expect(invalid).toEqual(['profile']);
  });
});
