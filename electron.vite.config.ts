// Builds the three Electron bundles into out/: main (CJS, dependencies bundled in so app.asar needs no
// node_modules), the sandboxed preload (CJS, one file) and the renderer (Vue).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // Bundle everything: electron-store is ESM-only and app.asar must carry no node_modules.
      externalizeDeps: false,
      rollupOptions: {
        // The decode worker is its own entry: a worker_threads thread starts from a file.
        input: { index: resolve(root, 'main/electron/index.ts'), 'decode-worker': resolve(root, 'main/core/decode/decode-worker.ts') },
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
