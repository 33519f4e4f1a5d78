// The desktop app's life: one instance, sandbox everywhere, the app:// protocol and web guards, then the
// core with its Electron stores, the window and every feature's registration. index.ts calls runApp()
// with the real core; tests call it with a fake one.
import { join } from 'node:path';
import { app, ipcMain, safeStorage, session, type BrowserWindow, type Tray } from 'electron';
import type { EventPayloads, SelectRequest } from '../../common/contract';
import type { FloorwatchCore } from '../core/create-core';
import type { CoreDeps } from '../core/host';
// The demo PBX is the same built-in simulator the web host starts: one helper for both hosts.
import { startDemoPbx } from '../simulator/demo-pbx';
import { registerAppProtocol, registerAppScheme } from './app-protocol';
import { followCoreState } from './core-state';
import type { ShortcutProblem } from './global-shortcuts';
import { registerShortcuts } from './global-shortcuts';
import { registerIpc } from './ipc-bridge';
import { createMainWindow, createWallboardWindow, registerCloseToTray, showWindow } from './main-window';
import { registerNotifications, showNotice } from './notifications';
import { createSecretStore, HUB_SECRETS_FILE } from './secret-store';
import { floorLinkOpener } from '../hub/console-link';
import { openShellStores } from './settings-store';
import { registerTray } from './tray';
import { registerPermissionGuards, registerWebContentsGuards } from './web-security';
import { saveCsv } from './save-csv';

/** How long quitting waits for the core to stop. */
const STOP_TIMEOUT_MS = 3_000;

/** electron-builder.yml's appId. */
const APP_ID = 'vn.floorwatch.console';

interface AppLayout {
  /** Folder of the built main bundle (out/main): preload and renderer are its siblings. */
  mainDir: string;
}

export function runApp(createCore: (deps: CoreDeps) => FloorwatchCore, layout: AppLayout): void {
  registerAppScheme();
  app.enableSandbox();
  // Windows shows notifications only for an app with an identity (the installer's shortcut carries it too).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let win: BrowserWindow | null = null;
  let quitting = false;
  let core: FloorwatchCore | null = null;
  let tray: Tray | null = null; // held here: a collected Tray disappears from the system tray
  let disposeShortcuts = (): void => {};
  registerWebContentsGuards();
  app.on('second-instance', () => showWindow(win));
  app.on('activate', () => showWindow(win)); // macOS: a click on the dock icon
  app.on('before-quit', () => {
    quitting = true;
  });
  let stopping = false;
  app.on('will-quit', (event) => {
    disposeShortcuts();
    tray?.destroy(); // Windows otherwise leaves a dead icon until the mouse passes over it
    if (!core || stopping) return;
    // Hold the exit until the core has stopped its pollers and flushed the audit log (bounded wait).
    event.preventDefault();
    stopping = true;
    const stopped = core.stop().catch(() => undefined);
    const patience = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    void Promise.race([stopped, patience]).then(() => app.quit());
  });

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    registerPermissionGuards(ses);
    // Recordings are read from the core once it exists (a request before that finds none).
    registerAppProtocol(ses, join(layout.mainDir, '..', 'renderer'), (path) => core?.readRecording(path));

    const dataDir = app.getPath('userData');
    const stores = openShellStores(dataDir);
    const secrets = createSecretStore({
      cwd: dataDir,
      safeStorage,
      platform: process.platform,
      allowInsecure: () => stores.shell().allowInsecureSecretStorage,
    });
    // The floor hub's NATS password (issue 18): its own encrypted file, and this run's memory where the
    // platform has no real encryption (then it is typed again after a restart, like the PBX password).
    const hubSecrets = createSecretStore({
      cwd: dataDir, name: HUB_SECRETS_FILE, safeStorage, platform: process.platform,
      allowInsecure: () => stores.shell().allowInsecureSecretStorage,
    });
    let hubPassword: string | null = null;
    const openFloorLink = floorLinkOpener(async (hub) => {
      const pass = hubPassword ?? (await hubSecrets.get('password'));
      return pass && hub.user ? { user: hub.user, pass } : null;
    });
    const floorHubPassword = {
      async set(password: string) {
        hubPassword = password;
        await hubSecrets.set('password', password);
      },
    };
    // electron-store answers renderers' sync 'electron-store-get-data' (userData path) for its renderer mode,
    // which we never use: no IPC listener outside the contract.
    ipcMain.removeAllListeners('electron-store-get-data');
    let wallboard: BrowserWindow | null = null;
    const preload = join(layout.mainDir, '..', 'preload', 'index.cjs');
    /** The wallboard in its own window (one at a time; kiosk when asked, else beside the console). */
    const openWallboard = (kiosk = false): void => {
      if (wallboard && !wallboard.isDestroyed()) wallboard.close();
      const next = createWallboardWindow(preload, kiosk);
      next.on('closed', () => {
        if (wallboard === next) wallboard = null;
      });
      wallboard = next;
    };
    core = createCore({
      settings: stores.settings,
      secrets,
      dataDir,
      startDemoPbx,
      decodeWorker: join(layout.mainDir, 'decode-worker.cjs'),
      host: 'electron',
      version: app.getVersion(),
      nativeNotifications: true,
      globalShortcuts: true,
      openWallboard: () => openWallboard(false),
      saveCsv: (name, text) => saveCsv(win, name, text),
      openFloorLink,
      floorHubPassword,
    });
    const theCore = core;
    const state = followCoreState(theCore);
    const systemLocale = () => app.getLocale();
    const show = () => showWindow(win);
    const select = (request: SelectRequest) => {
      if (win && !win.isDestroyed()) win.webContents.send('ui:select', request);
    };
    let shortcutProblems: ShortcutProblem[] = [];

    win = createMainWindow(preload);
    registerCloseToTray(win, () => state.get().settings.closeToTray, () => quitting);
    win.on('closed', () => {
      win = null;
    });
    registerIpc(theCore, () => win, { decorateAppInfo: (info) => ({ ...info, shortcutProblems }), readOnlyWindow: () => wallboard });

    return state.refresh().then(() => {
      tray = registerTray({
        core: theCore,
        state,
        systemLocale,
        showWindow: show,
        quit: () => app.quit(),
        openWallboard,
        // Only where secrets cannot be encrypted is there a choice to offer.
        insecureSecrets: secrets.encrypted
          ? null
          : {
              allowed: () => stores.shell().allowInsecureSecretStorage,
              set: (allow) => stores.setShell({ allowInsecureSecretStorage: allow }),
            },
      });
      registerNotifications({
        state, dataDir, systemLocale, showWindow: show, select,
        onFloorEvents: (listener) => theCore.subscribe((channel, payload) => {
          if (channel === 'floor:events') listener(payload as EventPayloads['floor:events']);
        }),
      });
      disposeShortcuts = registerShortcuts({
        core: theCore,
        state,
        getSelection: () => theCore.getSelection(),
        showWindow: show,
        notify: showNotice,
        onProblems: (problems) => {
          shortcutProblems = problems;
        },
        systemLocale,
      });
      // Resume the remembered session, or the demo when nothing is configured; progress arrives as events.
      return theCore.start();
    });
  }).catch((err: unknown) => {
    console.error('Floorwatch could not start:', err);
    app.quit();
  });
}
