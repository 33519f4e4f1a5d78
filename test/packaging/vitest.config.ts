// The packaging check runs on its own (`npm run test:package`): it builds out/ and packs the app, so it
// must not run beside the unit and e2e projects that read out/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/packaging/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 90_000,
  },
});
