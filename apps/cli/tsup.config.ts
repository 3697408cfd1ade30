import { defineConfig } from 'tsup';

// One self-contained package: core, the adapters, commander, undici, archiver, tinyglobby
// and @gitbeaker/rest are all bundled (npx then fetches a single tarball with no
// dependencies). Code splitting keeps the heavy parts in chunks that only the commands
// needing them load. Workspace packages are bundled from their TypeScript sources.
export default defineConfig({
  entry: { xltv: 'src/xltv.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  splitting: true,
  treeshake: false,
  noExternal: [/.*/],
  esbuildOptions(options) {
    options.conditions = ['@xltv/source', 'node', 'import', 'default'];
  },
  banner: {
    // Bundled CommonJS dependencies call require() for Node built-ins.
    js: "#!/usr/bin/env node\nimport { createRequire as __xltvCreateRequire } from 'node:module';\nconst require = __xltvCreateRequire(import.meta.url);",
  },
});
