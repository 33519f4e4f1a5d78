// The whole shell wired together around a fake core: single instance, sandbox, protocol, guards, stores in
// userData, the window, the bridge, tray, shortcuts, the demo start, and a clean quit.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invokeChannels } from '../../common/contract';
import type { CoreDeps } from '../../main/core/host';
import * as electron from './electron-mock';
import { createFakeCore } from './fake-core';

vi.mock('electron', () => import('./electron-mock'));
const { runApp } = await import('../../main/electron/app-main');

const settle = () => new Promise((r) => setTimeout(r, 0));

function boot() {
  const core = createFakeCore();
  const life = { started: 0, stopped: 0, deps: null as CoreDeps | null };
  core.start = async () => void life.started++;
  core.stop = async () => void life.stopped++;
  const shellCore = Object.assign(core, { getSelection: () => ({ panel: 'calls' as const, id: 'c-1' }), pushEvents: () => null, onRecordPass: () => () => undefined });
  electron.app.userData = mkdtempSync(join(tmpdir(), 'fw-userdata-'));
  runApp((deps) => {
    life.deps = deps;
    return shellCore;
  }, { mainDir: '/opt/floorwatch/resources/app.asar/out/main' });
  return { core, life };
}

beforeEach(() => electron.reset());

describe('runApp', () => {
  it('a second instance only hands over to the first, which comes forward', async () => {
    electron.app.singleInstanceLock = false;
    boot();
    await settle();
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('starts sandboxed with the app:// scheme, guards, stores in userData, the window, bridge and tray', async () => {
    const { core, life } = boot();
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.registeredSchemes).toHaveLength(1);
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    await settle();

    const ses = electron.session.defaultSession;
    expect(ses.permissionRequestHandler).not.toBeNull();
    expect(ses.permissionCheckHandler).not.toBeNull();
    expect(ses.protocolHandlers.has('app')).toBe(true);
    expect(life.deps).toMatchObject({
      dataDir: electron.app.userData, host: 'electron', version: '0.1.0', nativeNotifications: true, globalShortcuts: true,
      // The big PBX lists are decoded off the main thread, by the worker built beside main.
      decodeWorker: '/opt/floorwatch/resources/app.asar/out/main/decode-worker.cjs',
    });
    expect(life.deps?.secrets.encrypted).toBe(true);
    expect(life.deps?.settings.read()).toBeUndefined();

    const win = electron.BrowserWindow.instances[0];
    expect(win?.options.webPreferences).toMatchObject({ preload: '/opt/floorwatch/resources/app.asar/out/preload/index.cjs', sandbox: true });
    expect(win?.loadedUrl).toBe('app://floorwatch/index.html');
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    expect(electron.ipcMain.eventNames()).toEqual([]); // no ipcMain.on listener besides the contract's handlers
    expect(electron.Tray.instances).toHaveLength(1);
    expect(electron.globalShortcut.registered.size).toBe(4);
    expect(life.started).toBe(1);

    win?.hide();
    electron.app.fire('second-instance', [], '/');
    expect(win?.visible).toBe(true);

    electron.globalShortcut.press('CommandOrControl+Alt+W');
    expect(core.calls.at(-1)).toEqual({ channel: 'call:act', payload: { callId: 'c-1', action: 'whisper' }, origin: 'global-shortcut' });
  });

  it('app:info names the shortcuts the OS refused', async () => {
    electron.globalShortcut.taken.add('CommandOrControl+Alt+B');
    const { core } = boot();
    await settle();
    const win = electron.BrowserWindow.instances[0];
    core.invoke = async () => ({ ok: true, data: { host: 'electron', version: '0.1.0', nativeNotifications: true, globalShortcuts: true, secretsEncrypted: true } });
    const info = await electron.ipcMain.handlers.get('app:info')?.({ senderFrame: win?.webContents.mainFrame }, undefined);
    expect(info).toMatchObject({ ok: true, data: { shortcutProblems: [{ action: 'barge', accelerator: 'CommandOrControl+Alt+B' }] } });
    expect(electron.Notification.instances.map((n) => n.options.title)).toEqual(['Shortcut not available']);
  });

  it('closing hides to the tray; quitting releases shortcuts, the tray and the core', async () => {
    const { life } = boot();
    await settle();
    const win = electron.BrowserWindow.instances[0];
    win?.show();
    expect(win?.fire('close').defaultPrevented).toBe(true);
    expect(win?.visible).toBe(false);
    electron.app.fire('before-quit');
    expect(win?.fire('close').defaultPrevented).toBe(false);
    const quitsBefore = electron.app.quitCalls;
    expect(electron.app.fire('will-quit').defaultPrevented).toBe(true); // held until the core has stopped
    expect(electron.globalShortcut.registered.size).toBe(0);
    expect(electron.Tray.instances[0]?.destroyed).toBe(true);
    expect(life.stopped).toBe(1);
    await settle();
    expect(electron.app.quitCalls).toBe(quitsBefore + 1);
    expect(electron.app.fire('will-quit').defaultPrevented).toBe(false); // the second time it exits
    expect(life.stopped).toBe(1);
  });
});
