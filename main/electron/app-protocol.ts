// The renderer is served from the packaged out/renderer folder through a privileged custom scheme
// (app://floorwatch/...) instead of file://: one origin we can check IPC senders against, no access to
// the rest of the disk, and the Content-Security-Policy set on every response by us. Which file a path
// names and the headers every response carries are the web host's own (web/static-files.ts): one resolver
// and one header set for both hosts.
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { contentTypeOf } from '../../common/mime-types';
import { resolveStaticFile, securityHeaders } from '../web/static-files';

const APP_SCHEME = 'app';
const APP_HOST = 'floorwatch';
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
const SECURITY_HEADERS = securityHeaders(CONTENT_SECURITY_POLICY);

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

/** A recording main fetched for the page (core.readRecording), by its app:// path. */
type RecordingReader = (path: string) => { bytes: Buffer; contentType: string } | undefined;

/** Answer one app:// request: a recording, or the file with its type and the security headers, or a 404. */
async function serveAppRequest(rootDir: string, request: { url: string; method: string }, readRecording?: RecordingReader): Promise<Response> {
  if (request.method === 'GET' && readRecording && isAppUrl(request.url)) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/recordings/')) {
      const hit = readRecording(path);
      if (hit) return new Response(new Uint8Array(hit.bytes), { status: 200, headers: { 'Content-Type': hit.contentType, 'Cache-Control': 'no-store', ...SECURITY_HEADERS } });
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain', ...SECURITY_HEADERS } });
    }
  }
  // Not ours, not a GET, outside the folder (`..`, encoded separators, NUL, a symlink out), a dotfile or
  // missing: all the same 404.
  const file = request.method === 'GET' && isAppUrl(request.url) ? await resolveStaticFile(rootDir, new URL(request.url).pathname) : null;
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

/** Serve out/renderer (and the recordings main fetched) on app:// for `ses` (call after 'ready'). */
export function registerAppProtocol(ses: Session, rootDir: string, readRecording?: RecordingReader): void {
  ses.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rootDir, request, readRecording));
}
