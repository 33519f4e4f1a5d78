// Builds the three Electron bundles into out/: main (CJS, dependencies bundled in so app.asar needs no
// node_modules), the decode worker beside it, the sandboxed preload (CJS, one file) and the renderer (Vue).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { build, type Plugin } from 'vite';
import { rendererConfig } from './vite.renderer.config';

const root = import.meta.dirname;

/**
 * Electron's package is not in the project's node_modules (electron-runtime/README.md), where electron-vite
 * looks for it: tell it the pinned version (its main and preload build targets follow the major) and, once
 * `npm start`'s prestart has installed it, the binary that `electron-vite preview` starts.
 */
function useElectronRuntime(): void {
  const dir = resolve(root, 'electron-runtime');
  const version = (JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { dependencies: { electron: string } }).dependencies.electron;
  process.env.ELECTRON_MAJOR_VER ??= version.split('.')[0];
  const pathFile = resolve(dir, 'node_modules', 'electron', 'path.txt');
  if (!process.env.ELECTRON_EXEC_PATH && existsSync(pathFile)) {
    process.env.ELECTRON_EXEC_PATH = resolve(dir, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'));
  }
}
useElectronRuntime();

/**
 * The decode worker (main/core/decode/decode-worker.ts) as its own self-contained CJS file beside main's:
 * a worker_threads thread starts from a file, and one built as a second entry of main shared a chunk that
 * pulled in the whole app (and `electron`, which a worker cannot load).
 */
function decodeWorker(): Plugin {
  return {
    name: 'floorwatch-decode-worker',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir: resolve(root, 'out/main'),
          emptyOutDir: false,
          minify: false,
          target: 'node20',
          lib: { entry: resolve(root, 'main/core/decode/decode-worker.ts'), formats: ['cjs'], fileName: () => 'decode-worker.cjs' },
          rollupOptions: { external: [/^node:/] },
        },
      });
    },
  };
}

export default defineConfig({
  main: {
    plugins: [decodeWorker()],
    build: {
      // Bundle everything: electron-store is ESM-only and app.asar must carry no node_modules.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/electron/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        // A sandboxed preload cannot require() local chunks: emit one CJS file.
        output: { format: 'cjs', inlineDynamicImports: true, entryFileNames: '[name].cjs' },
      },
    },
  },
  // Shared with the web host, which builds the same renderer with Vite directly.
  renderer: rendererConfig,
});
