// Shared vitest settings. Workspace packages resolve to their TypeScript sources through the
// "@xltv/source" export condition, so unit tests never need a prior build.
import { defineConfig } from 'vitest/config';

export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['@xltv/source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@xltv/source', 'node', 'import', 'default'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
