import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';
import { PACKAGE_DEFINES } from './package-facts.ts';

/**
 * CommonJS packages that core loads with `await import(...)`. In its own chunk esbuild gives
 * such a module only a `default` export, while Node gives the named exports too (core does
 * `(await import('undici')).Agent`). This plugin puts an ESM facade in front of each one that
 * re-exports every name Node would, read from the package itself at build time.
 */
const CJS_NAMED_EXPORTS = ['undici'];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function cjsNamedExports(packages: readonly string[]): Plugin {
  const filter = new RegExp(
    `^(${packages.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`,
  );
  return {
    name: 'cjs-named-exports',
    setup(build) {
      build.onResolve({ filter }, (args) => ({
        path: args.path,
        namespace: 'cjs-facade',
        pluginData: { resolveDir: args.resolveDir },
      }));
      build.onLoad({ filter: /.*/, namespace: 'cjs-facade' }, (args) => {
        const { resolveDir } = args.pluginData as { resolveDir: string };
        const require = createRequire(join(resolveDir, 'noop.js'));
        const file = require.resolve(args.path);
        const names = Object.keys(require(file) as object).filter(
          (name) => IDENTIFIER.test(name) && name !== 'default',
        );
        const contents = [
          `import * as ns from ${JSON.stringify(file)};`,
          'const m = ns.default ?? ns;',
          'export default m;',
          ...names.map((name) => `export const ${name} = m.${name};`),
        ].join('\n');
        return { contents, resolveDir: dirname(file), loader: 'js' };
      });
    },
  };
}

/**
 * commander requires `node:child_process` at load time but uses it only for executable
 * subcommands, which xltv has none of. Loading it (and `node:net` behind it) costs ~4 ms of
 * every start-up, so commander gets a stand-in that loads the real module on first use.
 */
function lazyChildProcessForCommander(): Plugin {
  return {
    name: 'lazy-child-process-for-commander',
    setup(build) {
      build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        /[\\/]commander[\\/]/.test(args.importer)
          ? { path: 'child_process', namespace: 'lazy-child-process' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
        contents: [
          'let real;',
          "const load = () => (real ??= require('node:child_process'));",
          'module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}

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
  // Keep `node:` specifiers: tsup's rewrite would mark them external before the plugins below see them.
  removeNodeProtocol: false,
  noExternal: [/.*/],
  define: PACKAGE_DEFINES,
  esbuildPlugins: [cjsNamedExports(CJS_NAMED_EXPORTS), lazyChildProcessForCommander()],
  esbuildOptions(options) {
    options.conditions = ['@xltv/source', 'node', 'import', 'default'];
  },
  banner: {
    // Bundled CommonJS dependencies call require() for Node built-ins.
    js: "#!/usr/bin/env node\nimport { createRequire as __xltvCreateRequire } from 'node:module';\nconst require = __xltvCreateRequire(import.meta.url);",
  },
});
