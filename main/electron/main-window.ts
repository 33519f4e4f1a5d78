// The one console window: locked-down webPreferences, loaded from app://, hidden rather than closed when
// the supervisor wants the app to keep running in the tray.
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-protocol';

/** The window's options. Pure, so a test can assert the production configuration itself. */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Floorwatch',
    backgroundColor: '#1e1f22',
    autoHideMenuBar: true,
    webPreferences: {
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
  };
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
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
