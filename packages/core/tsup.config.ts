import { defineConfig, type Options } from 'tsup';

/**
 * The inspecting zip worker (src/zip/worker.ts) as one self-contained file, `zip-worker.js`,
 * beside index.js, where src/zip/inspect-worker-url.ts finds it: a worker thread loads it by
 * path, so it depends on no resolution of packages. Tests build it the same way
 * (test/setup/zip-worker.ts).
 */
export const zipWorkerBuild: Options = {
  entry: { 'zip-worker': 'src/zip/worker.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  noExternal: [/.*/],
  splitting: false,
  sourcemap: true,
  esbuildOptions(options) {
    options.conditions = ['@xltv/source', 'node', 'import', 'default'];
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
    format: ['esm'],
    dts: true,
    // The worker's build writes beside this one at the same time: not cleaned away.
    clean: ['!zip-worker.js', '!zip-worker.js.map'],
    sourcemap: true,
    target: 'node20',
  },
  { ...zipWorkerBuild, clean: false },
]);
