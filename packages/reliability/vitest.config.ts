// The suite spawns the built CLI (apps/cli/dist) and real receivers; processes are slow to
// start on a shared 2-core machine, so timeouts are generous and files run one at a time
// (timing assertions such as Retry-After gaps must not compete with a 50-process load test).
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      globalSetup: ['test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      fileParallelism: false,
    },
  }),
);
