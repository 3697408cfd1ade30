import { defineConfig } from 'tsup';

// The action runs from the repository as committed (`uses: …/apps/github-action@v1`): no
// install step, so dist/ holds one self-contained file with core and the GitHub Actions
// adapter, built from their TypeScript sources. Core's inspecting zip worker is loaded by
// path from beside that file, so it is an entry too.
export default defineConfig({
  entry: { index: 'src/index.ts', 'zip-worker': '../../packages/core/src/zip/worker.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.js' }),
  platform: 'node',
  target: 'node24',
  splitting: false,
  clean: true,
  noExternal: [/.*/],
  removeNodeProtocol: false,
  esbuildOptions(options) {
    options.conditions = ['@xltv/source', 'node', 'import', 'default'];
  },
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __xltvCreateRequire } from 'node:module';\nconst require = __xltvCreateRequire(import.meta.url);",
  },
});
