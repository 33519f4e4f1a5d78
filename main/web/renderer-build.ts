// Builds the renderer for the web host when out/renderer is missing or older than its sources, with the
// same Vite config the desktop build uses (vite.renderer.config.ts). Used by the CLI and the e2e tests.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_OUT_DIR = join(PROJECT_ROOT, 'out/renderer');
const CONFIG_FILE = join(PROJECT_ROOT, 'vite.renderer.config.ts');
/** What the page is built from: its own tree, the shared contract and types, the build config. */
const SOURCES = [join(PROJECT_ROOT, 'renderer'), join(PROJECT_ROOT, 'common'), CONFIG_FILE];

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when out/renderer/index.html is missing or older than any source file. */
function rendererIsStale(): boolean {
  const index = join(RENDERER_OUT_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => existsSync(source) && newestMtime(source) > built);
}

/** Build the renderer into out/renderer if it is stale; returns whether it built. */
export async function ensureRendererBuilt(): Promise<boolean> {
  if (!rendererIsStale()) return false;
  // Loaded on demand: a host started on an up-to-date build never pays for loading Vite.
  const { build } = await import('vite');
  await build({ configFile: CONFIG_FILE, logLevel: 'warn', mode: 'production' });
  return true;
}
