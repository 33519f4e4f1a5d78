// The renderer's build config, in one place: electron.vite.config.ts uses it for the desktop app and the
// web host (main/web/renderer-build.ts) builds with it through Vite directly, so both serve the same page.
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type UserConfig } from 'vite';

const root = import.meta.dirname;

export const rendererConfig = {
  root: resolve(root, 'renderer'),
  // Relative asset URLs: the same files load from app://floorwatch/ and from http://127.0.0.1:PORT/.
  base: './',
  plugins: [vue()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    rolldownOptions: { input: resolve(root, 'renderer/index.html') },
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
