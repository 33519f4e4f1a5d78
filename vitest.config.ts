// Two projects: `unit` (node for main/common/preload, happy-dom for renderer components) and `e2e`
// (the web host in a real Chromium). `npm test` runs both.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // test/packaging builds and packs the app: its own run, `npm run test:package`.
          exclude: ['test/e2e/**', 'test/renderer/**', 'test/packaging/**'],
          environment: 'node',
          // electron-store is ESM-only: inline it so vi.mock('electron') reaches inside it.
          server: { deps: { inline: ['electron-store', 'conf'] } },
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser and one web host at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
