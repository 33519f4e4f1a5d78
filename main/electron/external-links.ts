// The one way out of the app to the user's browser: https only, to a short list of hosts we trust
// (documentation and the PBX vendors' sites). Everything else is refused, whatever the renderer asks.
import { shell } from 'electron';

const EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'tel4vn.com',
  'www.tel4vn.com',
  'evolux.net.br',
  'www.evolux.net.br',
];

export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.port === '' && EXTERNAL_HOSTS.includes(u.hostname);
}

/** Open `url` in the default browser when allowed; returns whether it did. */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  // electronegativity-justified OPEN_EXTERNAL_JS_CHECK: the one call site, https + host allow-list above.
  await shell.openExternal(url);
  return true;
}
