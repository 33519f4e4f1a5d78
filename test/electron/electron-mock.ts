// A hand-written stand-in for the 'electron' module: every object the shell touches, recording what was
// configured and called, so tests can assert the production configuration without the Electron binary.
// Use: vi.mock('electron', () => import('./electron-mock')) and `electronMock.reset()` in beforeEach.
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

class Emitter extends EventEmitter {
  /** Emit like Electron does, with an event object whose preventDefault() is recorded. */
  fire(name: string, ...args: unknown[]): { defaultPrevented: boolean } {
    // Navigation events carry their target on the event too (the positional url is deprecated).
    const url = typeof args[0] === 'string' ? args[0] : undefined;
    const event = { url, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit(name, event, ...args);
    return event;
  }
}

export class MockWebFrameMain {
  constructor(public url: string) {}
}

export class MockWebContents extends Emitter {
  mainFrame = new MockWebFrameMain('app://floorwatch/index.html');
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends Emitter {
  static instances: BrowserWindow[] = [];
  webContents = new MockWebContents();
  loadedUrl: string | null = null;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(public options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  reloads = 0;
  reload(): void { this.reloads++; }
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  focus(): void { this.focused = true; }
  restore(): void { this.minimized = false; }
  isMinimized(): boolean { return this.minimized; }
  isDestroyed(): boolean { return this.destroyed; }
}

class MockSession {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  protocolHandlers = new Map<string, Handler>();
  protocol = { handle: (scheme: string, handler: Handler) => void this.protocolHandlers.set(scheme, handler) };
  setPermissionRequestHandler(h: Handler): void { this.permissionRequestHandler = h; }
  setPermissionCheckHandler(h: Handler): void { this.permissionCheckHandler = h; }
  setDevicePermissionHandler(h: Handler): void { this.devicePermissionHandler = h; }
}

class MockApp extends Emitter {
  userData = '/nonexistent-userData';
  downloads = '/nonexistent-downloads';
  locale = 'en-US';
  sandboxEnabled = false;
  quitCalls = 0;
  singleInstanceLock = true;
  getPath(name: string): string {
    if (name === 'downloads') return this.downloads;
    if (name !== 'userData') throw new Error(`mock app.getPath: ${name} not mocked`);
    return this.userData;
  }
  getLocale(): string { return this.locale; }
  getVersion(): string { return '0.1.0'; }
  enableSandbox(): void { this.sandboxEnabled = true; }
  requestSingleInstanceLock(): boolean { return this.singleInstanceLock; }
  quit(): void { this.quitCalls++; }
  whenReady(): Promise<void> { return Promise.resolve(); }
  isPackaged = false;
}

class MockIpcMain extends EventEmitter {
  handlers = new Map<string, Handler>();
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void { this.handlers.delete(channel); }
}

export class Notification extends Emitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean { return Notification.supported; }
  shown = false;
  constructor(public options: { title: string; body: string }) {
    super();
    Notification.instances.push(this);
  }
  show(): void { this.shown = true; }
}

export class Tray extends Emitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  title = '';
  menu: { template: Record<string, unknown>[] } | null = null;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  destroyed = false;
  setImage(image: unknown): void { this.image = image; }
  destroy(): void { this.destroyed = true; }
  setToolTip(text: string): void { this.tooltip = text; }
  setTitle(text: string): void { this.title = text; }
  setContextMenu(menu: { template: Record<string, unknown>[] }): void { this.menu = menu; }
}

export const Menu = {
  buildFromTemplate: (template: Record<string, unknown>[]) => ({ template }),
};

class MockNativeImage {
  representations: { scaleFactor: number; buffer: Buffer }[] = [];
  constructor(buffer: Buffer, scaleFactor: number) {
    this.representations.push({ buffer, scaleFactor });
  }
  addRepresentation(r: { scaleFactor: number; buffer: Buffer }): void { this.representations.push(r); }
}

export const nativeImage = {
  createFromBuffer: (buffer: Buffer, options?: { scaleFactor?: number }) => new MockNativeImage(buffer, options?.scaleFactor ?? 1),
};

class MockGlobalShortcut {
  registered = new Map<string, () => void>();
  /** Accelerators another app "holds": register() returns false for them. */
  taken = new Set<string>();
  register(accelerator: string, callback: () => void): boolean {
    if (!/^[A-Za-z0-9+]+$/.test(accelerator)) throw new Error(`Error processing argument: invalid accelerator "${accelerator}"`);
    if (this.taken.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string): void { this.registered.delete(accelerator); }
  unregisterAll(): void { this.registered.clear(); }
  /** Simulate the OS firing the hotkey. */
  press(accelerator: string): void {
    const cb = this.registered.get(accelerator);
    if (!cb) throw new Error(`mock globalShortcut: ${accelerator} not registered`);
    cb();
  }
}

/** A fake safeStorage: "encrypts" by XOR and a marker, so a test can tell ciphertext from the clear text. */
class MockSafeStorage {
  available = true;
  backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'unknown' = 'gnome_libsecret';
  isEncryptionAvailable(): boolean { return this.available; }
  getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'unknown' { return this.backend; }
  encryptString(text: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('v11'), Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a))]);
  }
  decryptString(data: Buffer): string {
    if (data.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  }
}

export const registeredSchemes: unknown[] = [];
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => void registeredSchemes.push(...schemes),
};

/** The Save dialog: answers what `saveDialogAnswer` holds (cancelled unless a test sets a path), recording each call. */
export const saveDialogAnswer: { canceled: boolean; filePath?: string } = { canceled: true };
export const saveDialogCalls: { parent: BrowserWindow | null; options: Record<string, unknown> }[] = [];
export const dialog = {
  showSaveDialog: async (...args: unknown[]) => {
    const parent = args[0] instanceof BrowserWindow ? args[0] : null;
    saveDialogCalls.push({ parent, options: (parent ? args[1] : args[0]) as Record<string, unknown> });
    return { ...saveDialogAnswer };
  },
};

export const openedExternal: string[] = [];
export const shell = { openExternal: (url: string) => { openedExternal.push(url); return Promise.resolve(); } };

export class MockContextBridge {
  exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void { this.exposed.set(key, api); }
}

export class MockIpcRenderer extends EventEmitter {
  invoked: { channel: string; args: unknown[] }[] = [];
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve({ ok: true, data: channel });
  }
}

export const app = new MockApp();
export const ipcMain = new MockIpcMain();
export const session = { defaultSession: new MockSession() };
export const globalShortcut = new MockGlobalShortcut();
export const safeStorage = new MockSafeStorage();
export const contextBridge = new MockContextBridge();
export const ipcRenderer = new MockIpcRenderer();

/** Put `target` back to a fresh instance's state (the exports stay the same objects the shell imported). */
function renew<T extends object>(target: T, fresh: T): void {
  if (target instanceof EventEmitter) target.removeAllListeners();
  Object.assign(target, fresh);
}

/** Fresh state for every test. */
export function reset(): void {
  renew(app, new MockApp());
  renew(ipcMain, new MockIpcMain());
  renew(session.defaultSession, new MockSession());
  renew(globalShortcut, new MockGlobalShortcut());
  renew(safeStorage, new MockSafeStorage());
  renew(contextBridge, new MockContextBridge());
  renew(ipcRenderer, new MockIpcRenderer());
  BrowserWindow.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  Tray.instances = [];
  registeredSchemes.length = 0;
  openedExternal.length = 0;
  saveDialogCalls.length = 0;
  saveDialogAnswer.canceled = true;
  delete saveDialogAnswer.filePath;
}

// electron-store does `import electron from 'electron'`: the default export must be the module itself.
export default {
  get app() { return app; },
  get ipcMain() { return ipcMain; },
  get shell() { return shell; },
};
