// The production window and web configuration: locked webPreferences, app:// with a strict CSP and no
// traversal, navigation / window.open / webview / permissions refused, external links only by allow-list.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './electron-mock';

vi.mock('electron', () => import('./electron-mock'));

const { createMainWindow, registerCloseToTray, showWindow } = await import('../../main/electron/main-window');
const { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, registerAppProtocol, registerAppScheme } = await import(
  '../../main/electron/app-protocol'
);
const { guardWebContents, registerPermissionGuards, registerWebContentsGuards } = await import('../../main/electron/web-security');
const { isAllowedExternalUrl, openExternalSafely } = await import('../../main/electron/external-links');

beforeEach(() => electron.reset());

describe('main window', () => {
  it('locks down webPreferences and loads the app:// entry, not file://', () => {
    const win = createMainWindow('/app/out/preload/index.cjs') as unknown as electron.BrowserWindow;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(win.loadedUrl).toBe('app://floorwatch/index.html');
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('reloads a crashed renderer, but not in a loop, and not after a clean exit', () => {
    const win = createMainWindow('/p.cjs') as unknown as electron.BrowserWindow;
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit' });
    expect(win.reloads).toBe(0);
    win.webContents.emit('render-process-gone', {}, { reason: 'oom' });
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(win.reloads).toBe(1);
  });

  it('hides to the tray on close while closeToTray is on, and closes when quitting', () => {
    const win = new electron.BrowserWindow({});
    let quitting = false;
    let closeToTray = true;
    registerCloseToTray(win as never, () => closeToTray, () => quitting);
    win.visible = true;
    expect(win.fire('close').defaultPrevented).toBe(true);
    expect(win.visible).toBe(false);
    closeToTray = false;
    expect(win.fire('close').defaultPrevented).toBe(false);
    closeToTray = true;
    quitting = true;
    expect(win.fire('close').defaultPrevented).toBe(false);
  });

  it('showWindow restores, shows and focuses', () => {
    const win = new electron.BrowserWindow({});
    win.minimized = true;
    showWindow(win as never);
    expect(win).toMatchObject({ minimized: false, visible: true, focused: true });
  });
});

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme before ready', () => {
    registerAppScheme();
    expect(electron.registeredSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('answers with the file, its type and the CSP; 404 with the CSP for anything else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'fw-renderer-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, '..', 'fw-outside.txt'), 'secret');
    registerAppProtocol(electron.session.defaultSession as never, root);
    const handle = electron.session.defaultSession.protocolHandlers.get('app') as (r: { url: string; method: string }) => Promise<Response>;

    const page = await handle({ url: APP_ENTRY_URL, method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>x</title>');
    const js = await handle({ url: 'app://floorwatch/assets/app.js', method: 'GET' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');

    // The web host's resolver (web/static-files.ts): nothing outside the folder, however the path is spelt.
    expect((await handle({ url: 'app://floorwatch/', method: 'GET' })).status).toBe(200);
    expect((await handle({ url: 'app://floorwatch/../../assets/app.js', method: 'GET' })).status).toBe(200);
    for (const url of [
      'app://floorwatch/..%2ffw-outside.txt', 'app://floorwatch/missing.js', 'app://floorwatch/..%2f..%2fetc%2fpasswd',
      'app://floorwatch/a%00.js', 'app://floorwatch/..%5c..%5cwin.ini', 'app://elsewhere/index.html', 'file:///etc/passwd',
      'app://floorwatch/%E0%A4%A', 'app://floorwatch/assets',
    ]) {
      const res = await handle({ url, method: 'GET' });
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
    expect((await handle({ url: APP_ENTRY_URL, method: 'POST' })).status).toBe(404);
  });

  it('has a CSP with no remote or inline script, no eval, no frames and no network', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
  });
});

describe('web contents guards', () => {
  it('applies to every web contents created and blocks navigation, redirects, webviews and window.open', () => {
    registerWebContentsGuards();
    const contents = new electron.MockWebContents();
    electron.app.fire('web-contents-created', contents);
    expect(contents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', 'app://floorwatch/index.html').defaultPrevented).toBe(false);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:1/').defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(electron.openedExternal).toEqual([]);
  });

  it('window.open to an allow-listed https page opens the browser, still no window', () => {
    const contents = new electron.MockWebContents();
    guardWebContents(contents as never);
    expect(contents.windowOpenHandler?.({ url: 'https://github.com/floorwatch' })).toEqual({ action: 'deny' });
    expect(electron.openedExternal).toEqual(['https://github.com/floorwatch']);
  });

  it('denies every permission request and check', () => {
    const ses = electron.session.defaultSession;
    registerPermissionGuards(ses as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      ses.permissionRequestHandler?.({}, p, (granted: boolean) => answers.push(granted));
      answers.push(ses.permissionCheckHandler?.({}, p, 'app://floorwatch') as boolean);
    }
    answers.push(ses.devicePermissionHandler?.({}) as boolean);
    expect(answers).toHaveLength(11);
    expect(answers.every((a) => a === false)).toBe(true);
  });
});

describe('external links', () => {
  it('allows only https to listed hosts', async () => {
    expect(isAllowedExternalUrl('https://github.com/x')).toBe(true);
    for (const url of ['http://github.com/', 'https://github.com.evil.io/', 'https://user@github.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://github.com:8443/', 'smb://github.com/x', 'not a url']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
    expect(await openExternalSafely('ms-msdt:/id PCWDiagnostic')).toBe(false);
    expect(await openExternalSafely('https://tel4vn.com/docs')).toBe(true);
    expect(electron.openedExternal).toEqual(['https://tel4vn.com/docs']);
  });
});
