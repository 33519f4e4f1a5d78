// The shell around the real core: with nothing configured it starts the demo (the built-in simulator on
// 127.0.0.1), the tray turns live, the renderer's calls cross the bridge, settings land in config.json.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as electron from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));
const { runApp } = await import('../../main/electron/app-main');
const { createCore } = await import('../../main/core/create-core');

// Quitting stops the core, its pollers and the demo simulator.
afterEach(() => void electron.app.fire('will-quit'));

describe('shell + real core', () => {
  it('starts the demo, goes live in the tray, and answers the renderer', async () => {
    electron.reset();
    electron.app.userData = mkdtempSync(join(tmpdir(), 'fw-real-'));
    runApp(createCore, { mainDir: join(import.meta.dirname, 'out-main') });
    const tray = await vi.waitFor(() => {
      const t = electron.Tray.instances[0];
      if (!t?.tooltip.startsWith('Floorwatch: Live')) throw new Error(`tray: ${t?.tooltip}`);
      return t;
    }, { timeout: 10_000, interval: 50 });
    expect(tray.menu?.template[0]?.label).toMatch(/^Live: http:\/\/127\.0\.0\.1:\d+$/);

    const win = electron.BrowserWindow.instances[0];
    const ask = (channel: string, payload?: unknown) =>
      electron.ipcMain.handlers.get(channel)?.({ senderFrame: win?.webContents.mainFrame }, payload) as Promise<{ ok: boolean; data: unknown }>;
    await expect(ask('session:get')).resolves.toMatchObject({ ok: true, data: { state: 'connected', demo: true } });
    await expect(ask('app:info')).resolves.toMatchObject({ ok: true, data: { host: 'electron', secretsEncrypted: true, shortcutProblems: [] } });
    await expect(ask('settings:update', { theme: 'dark' })).resolves.toMatchObject({ ok: true, data: { theme: 'dark' } });
    const onDisk = JSON.parse(readFileSync(join(electron.app.userData, 'config.json'), 'utf8')) as { settings: { theme: string } };
    expect(onDisk.settings.theme).toBe('dark');
    expect(win?.webContents.sent.some((m) => m.channel === 'settings:changed')).toBe(true);
  });
});
