// The console window: locked-down webPreferences, loaded from app://, hidden rather than closed when
// the supervisor wants the app to keep running in the tray. And the wallboard's own window (issue 17),
// as locked down, on the same page at #view=wallboard, optionally kiosk (full screen, nothing else).
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-protocol';

/**
 * The options are written out at the `new BrowserWindow` call on purpose: that is where reviewers and
 * Electronegativity look for them. Tests read them back from the mocked BrowserWindow.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  // electronegativity-justified AUXCLICK_JS_CHECK: a middle-click "new window" goes through
  // setWindowOpenHandler (web-security.ts), which always denies.
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Floorwatch',
    backgroundColor: '#1e1f22',
    autoHideMenuBar: true,
    webPreferences: {
      // electronegativity-justified PRELOAD_JS_CHECK: sandboxed, exposes only the contract's functions.
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  registerCrashReload(win);
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** The wallboard for a TV: read-only (ipc-bridge.ts lets it read only), black, kiosk when asked. */
export function createWallboardWindow(preloadPath: string, kiosk: boolean): BrowserWindow {
  // electronegativity-justified AUXCLICK_JS_CHECK: as the main window, new windows are always denied.
  const win = new BrowserWindow({
    width: 1920,
    height: 1080,
    show: false,
    title: 'Floorwatch wallboard',
    backgroundColor: '#000000',
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk,
    webPreferences: {
      // electronegativity-justified PRELOAD_JS_CHECK: sandboxed, exposes only the contract's functions.
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  registerCrashReload(win);
  void win.loadURL(`${APP_ENTRY_URL}#view=wallboard`);
  return win;
}

/** A renderer that crashed or was killed (out of memory) is reloaded, but not in a loop. */
const CRASH_RELOAD_MIN_INTERVAL_MS = 30_000;

function registerCrashReload(win: BrowserWindow): void {
  let lastReload = -Infinity;
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    if (Date.now() - lastReload < CRASH_RELOAD_MIN_INTERVAL_MS) return;
    lastReload = Date.now();
    win.reload();
  });
}

/** Bring the window back from the tray, minimised state or behind other windows. */
export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/**
 * Closing the window hides it to the tray while `closeToTray()` says so, unless the app is quitting
 * (tray "Quit", OS shutdown, second Cmd+Q).
 */
export function registerCloseToTray(win: BrowserWindow, closeToTray: () => boolean, isQuitting: () => boolean): void {
  win.on('close', (event) => {
    if (!isQuitting() && closeToTray()) {
      event.preventDefault();
      win.hide();
    }
  });
}
