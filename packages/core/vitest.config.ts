import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

// A worker thread cannot run the inspecting zip worker from its TypeScript source: a
// globalSetup bundles it, and the module that finds it in dist finds that bundle instead.
export default defineConfig({
  ...sharedTestConfig,
  resolve: {
    ...sharedTestConfig.resolve,
    alias: [
      {
        find: /^\..*\/inspect-worker-url\.js$/,
        replacement: fileURLToPath(new URL('./test/setup/inspect-worker-url.ts', import.meta.url)),
      },
    ],
  },
  test: { ...sharedTestConfig.test, globalSetup: ['test/setup/zip-worker.ts'] },
});
