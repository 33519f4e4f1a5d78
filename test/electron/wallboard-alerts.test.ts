// The desktop shell's part of issue 17, with vi.mock('electron'): the tray counts active unacknowledged
// alerts with the unhandled abandoned calls and opens the wallboard (in a window or kiosk); the wallboard's
// window is as locked down as the console's and may only read over IPC (an action answers FORBIDDEN and
// never reaches the core); a severe alert raises one native notification when raised, none for those
// already active at start.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../common/alerts';
import * as electron from './electron-mock';
import { abandonedCall, createFakeCore } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { followCoreState } = await import('../../main/electron/core-state');
const { registerTray } = await import('../../main/electron/tray');
const { registerIpc } = await import('../../main/electron/ipc-bridge');
const { createWallboardWindow } = await import('../../main/electron/main-window');
const { registerNotifications } = await import('../../main/electron/notifications');

const NOW = 1_700_000_000_000;
const alert = (id: string, over: Partial<Alert> = {}): Alert => ({
  id, ruleId: 'wait-60', kind: 'longest-wait', severity: 'warning', subject: { type: 'queue', id: 'q1', name: 'Sales' }, queueIds: ['q1'],
  figure: 75, threshold: 60, raisedAt: NOW - 1000, clearingSince: null, clearedAt: null, ack: null, snoozedUntil: null, ...over,
});

beforeEach(() => electron.reset());

describe('tray', () => {
  it('counts active unacknowledged alerts with the unhandled abandoned calls, and opens the wallboard', async () => {
    const core = createFakeCore();
    core.floor.abandoned = [abandonedCall(1)];
    const state = followCoreState(core);
    await state.refresh();
    const did: string[] = [];
    registerTray({
      core, state, systemLocale: () => 'en-US', showWindow: () => did.push('show'), quit: () => did.push('quit'),
      openWallboard: (kiosk) => did.push(kiosk ? 'kiosk' : 'window'), insecureSecrets: null, now: () => NOW,
    });
    const tray = electron.Tray.instances.at(-1)!;
    core.emit('alerts:changed', {
      alerts: [alert('a1'), alert('a2', { ack: { by: 'maria', at: NOW } }), alert('a3', { snoozedUntil: NOW + 60_000 }), alert('a4', { severity: 'severe' })],
      forecasts: [],
    });
    expect(tray.title).toBe('3');
    expect(tray.tooltip).toContain('2 active alerts');
    expect(tray.tooltip).toContain('1 abandoned call to handle');
    const item = (id: string) => tray.menu?.template.find((i) => i.id === id) as { click: () => void } | undefined;
    item('wallboard')?.click();
    item('wallboard-kiosk')?.click();
    expect(did).toEqual(['window', 'kiosk']);
  });
});

describe('the wallboard window', () => {
  it('is sandboxed like the console, opens on #view=wallboard, kiosk and full screen when asked', () => {
    const win = createWallboardWindow('/preload.cjs', true) as unknown as electron.BrowserWindow;
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win.loadedUrl).toMatch(/^app:\/\/.*#view=wallboard$/);
    const windowed = createWallboardWindow('/preload.cjs', false) as unknown as electron.BrowserWindow;
    expect(windowed.options).toMatchObject({ kiosk: false, fullscreen: false });
  });

  it('may only read over IPC: an action answers FORBIDDEN and never reaches the core', async () => {
    const core = createFakeCore();
    const console_ = new electron.BrowserWindow({});
    const wall = new electron.BrowserWindow({});
    const off = registerIpc(core, () => console_ as never, { readOnlyWindow: () => wall as never });
    const call = (channel: string, payload: unknown, frame: unknown) => electron.ipcMain.handlers.get(channel)!({ senderFrame: frame }, payload);
    expect(await call('call:act', { callId: 'c1', action: 'barge' }, wall.webContents.mainFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('alerts:ack', { id: 'a1' }, wall.webContents.mainFrame)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(core.calls.map((c) => c.channel)).toEqual([]);
    expect(await call('floor:get', undefined, wall.webContents.mainFrame)).toMatchObject({ ok: true });
    // The console window still acts.
    expect(await call('call:act', { callId: 'c1', action: 'barge' }, console_.webContents.mainFrame)).toMatchObject({ ok: true });
    // Events reach both windows.
    core.emit('alerts:changed', { alerts: [], forecasts: [] });
    expect(wall.webContents.sent.some((s) => s.channel === 'alerts:changed')).toBe(true);
    off();
  });
});

describe('severe alert notifications', () => {
  it('one per severe alert when raised; none for warnings or for those active at start', async () => {
    const core = createFakeCore();
    const state = followCoreState(core);
    await state.refresh();
    core.emit('alerts:changed', { alerts: [alert('old', { severity: 'severe' })], forecasts: [] });
    const shown: string[] = [];
    const before = electron.Notification.instances.length;
    registerNotifications({ state, dataDir: mkdtempSync(join(tmpdir(), 'fw-notes-')), systemLocale: () => 'en-US', showWindow: () => shown.push('w'), select: () => {}, now: () => NOW });
    core.emit('alerts:changed', { alerts: [alert('new', { severity: 'severe', subject: { type: 'queue', id: 'q2', name: 'Support' } }), alert('warn'), alert('old', { severity: 'severe' })], forecasts: [] });
    core.emit('alerts:changed', { alerts: [alert('new', { severity: 'severe' })], forecasts: [] });
    const fresh = electron.Notification.instances.slice(before);
    expect(fresh.map((n) => n.options.title)).toEqual(['Severe alert: Support']);
    fresh[0]!.emit('click');
    expect(shown).toEqual(['w']);
  });
});
