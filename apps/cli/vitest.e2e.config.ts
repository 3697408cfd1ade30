import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// The end-to-end suite: the built CLI (dist/xltv.js) and the packed one (installed from
// its tarball) against a real @xltv/receiver on loopback. Needs a build first (turbo's
// test:e2e task depends on build).
export default defineConfig({
  ...sharedTestConfig,
  test: {
    ...sharedTestConfig.test,
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
