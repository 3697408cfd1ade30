import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// The task folder is packaged on its own (vss-extension.json `files`), so its entry is
// self-contained: core, the adapter and the task library are bundled. Core's inspecting zip
// worker is an entry too (core loads it by path, beside its own chunk), and dist/package.json
// makes Node read the ESM bundle as ESM without the app's package.json.
export default defineConfig({
  entry: { index: 'src/index.ts', 'zip-worker': '../../packages/core/src/zip/worker.ts' },
  outDir: 'XltvUpload/dist',
  format: ['esm'],
  outExtension: () => ({ js: '.js' }),
  platform: 'node',
  target: 'node20',
  splitting: false,
  clean: true,
  noExternal: [/.*/],
  removeNodeProtocol: false,
  esbuildOptions(options) {
    options.conditions = ['@xltv/source', 'node', 'import', 'default'];
  },
  // Bundled CommonJS (the task library) calls require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __xltvCreateRequire } from 'node:module';\nconst require = __xltvCreateRequire(import.meta.url);",
  },
  async onSuccess() {
    await writeFile('XltvUpload/dist/package.json', '{ "type": "module" }\n');
  },
});
