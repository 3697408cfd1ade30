import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';
import { PACKAGE_DEFINES } from './package-facts.ts';

// Unit tests only; the end-to-end suite (the built and the packed CLI against a real
// receiver) has its own config: vitest.e2e.config.ts.
export default defineConfig({
  ...sharedTestConfig,
  define: PACKAGE_DEFINES,
  test: { ...sharedTestConfig.test, include: ['test/unit/**/*.test.ts'] },
});
