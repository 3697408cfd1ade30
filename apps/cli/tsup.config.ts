import { defineConfig } from 'tsup';

// One self-contained package: core, the adapters, commander, undici, archiver, tinyglobby and
// @gitbeaker/rest are bundled, so `npx @xltv/cli` fetches a single tarball with no
// dependencies. Workspace packages are bundled from their TypeScript sources. Each command
// is a chunk of its own, loaded when it runs. Core's inspecting zip worker is an entry too:
// worker threads load it by path, and core looks for it beside its own chunk in dist.
export default defineConfig({
  entry: { xltv: 'src/xltv.ts', 'zip-worker': '../../packages/core/src/zip/worker.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.js' }),
  platform: 'node',
  target: 'node20',
  splitting: true,
  clean: true,
  noExternal: [/.*/],
  // Keep `node:` specifiers as written.
  removeNodeProtocol: false,
  esbuildOptions(options) {
    options.conditions = ['@xltv/source', 'node', 'import', 'default'];
  },
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __xltvCreateRequire } from 'node:module';\nconst require = __xltvCreateRequire(import.meta.url);",
  },
});
