import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// Unit tests only; the end-to-end suite (the built and the packed CLI against a real
// receiver) has its own config: vitest.e2e.config.ts.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, include: ['test/unit/**/*.test.ts'] },
});
