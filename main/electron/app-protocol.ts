// The renderer is served from the packaged out/renderer folder through a privileged custom scheme
// (app://floorwatch/...) instead of file://: one origin we can check IPC senders against, no access to
// the rest of the disk, and the Content-Security-Policy set on every response by us.
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { protocol, type Session } from 'electron';
import { contentTypeOf } from '../../common/mime-types';

export const APP_SCHEME = 'app';
export const APP_HOST = 'floorwatch';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Scripts and styles only from the app itself, nothing from the network (the renderer talks to main only
 * through the preload bridge), no plugins, no frames, no forms, no <base> rewriting.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every app:// response, the file's and the 404's alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** Must run before app 'ready': a standard, secure scheme gets an origin, localStorage and fetch. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** True for a URL on our own app:// origin. (WHATWG gives custom schemes an opaque origin, so compare parts.) */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The file under `rootDir` that `url` names, or null when the URL is not ours or would leave `rootDir`
 * (`..`, encoded separators, NUL). '/' serves index.html.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname}`);
  return file.startsWith(root + sep) ? file : null;
}

/** Answer one app:// request: the file with its type and the security headers, or a 404. */
export async function serveAppRequest(rootDir: string, request: { url: string; method: string }): Promise<Response> {
  const file = request.method === 'GET' ? resolveAppFile(rootDir, request.url) : null;
  if (file) {
    try {
      const body = await readFile(file);
      const type = contentTypeOf(file);
      return new Response(body, { status: 200, headers: { 'Content-Type': type, ...SECURITY_HEADERS } });
    } catch {
      // Missing or unreadable: same answer as a refused path, so probing learns nothing.
    }
  }
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain', ...SECURITY_HEADERS } });
}

/** Serve out/renderer on app:// for `ses` (call after 'ready'). */
export function registerAppProtocol(ses: Session, rootDir: string): void {
  ses.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rootDir, request));
}
