// What every web contents of the app may not do: navigate away, open windows, attach <webview>s, or get
// a permission (camera, notifications, clipboard read, ...). Native notifications come from main instead.
import { app, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-protocol';
import { openExternalSafely } from './external-links';

/** Navigation inside our own origin is fine (a reload); anything else is refused. */
function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** Guard one web contents. Exported for tests; `registerWebContentsGuards` applies it to all. */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link with target=_blank to an allow-listed https page opens in the browser; no window ever opens here.
    void openExternalSafely(url);
    return { action: 'deny' };
  });
}

export function registerWebContentsGuards(): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** Deny every permission request and check (the console needs none). */
export function registerPermissionGuards(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}
