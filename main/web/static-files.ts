// The web host's static side: which file of the built renderer a request path names (never one outside
// it, never a directory listing) and the security headers every response carries.
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** Used only when the built page carries no CSP meta of its own: nothing but the page itself. */
const FALLBACK_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * The CSP of the renderer's `<meta http-equiv="Content-Security-Policy">`, so the header and the page
 * cannot disagree, plus `frame-ancestors 'none'`, which browsers ignore in a meta tag.
 */
export function cspFromIndexHtml(html: string): string {
  const meta = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  const quoted = meta ? /\scontent=(?:"([^"]*)"|'([^']*)')/i.exec(meta) : null;
  const content = (quoted?.[1] ?? quoted?.[2])?.trim();
  const policy = (content || FALLBACK_CSP).replace(/;\s*$/, '');
  return /(^|;)\s*frame-ancestors\s/.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

/** Headers on every HTTP response of the host: files, errors and refused upgrades alike. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/**
 * The file under `rootDir` that a request path names, or null: '/' is index.html; a directory, a path
 * leaving the root (`..`, encoded separators or backslashes, NUL, a symlink pointing out), a dotfile or
 * an undecodable path is null.
 */
export async function resolveStaticFile(rootDir: string, rawPath: string): Promise<string | null> {
  const pathOnly = rawPath.split('?')[0] ?? '';
  let pathname: string;
  try {
    pathname = decodeURIComponent(pathOnly);
  } catch {
    return null;
  }
  if (!pathname.startsWith('/') || pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname.split('/').some((part) => part === '..' || part.startsWith('.'))) return null;
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (!file.startsWith(root + sep)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}
