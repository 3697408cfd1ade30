import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';
import type { Plugin, PluginBuild } from 'esbuild';
import { PACKAGE_DEFINES } from './package-facts.ts';

/** Workspace packages are bundled from their TypeScript sources. */
const CONDITIONS = ['@xltv/source', 'node', 'import', 'default'];

/** Bundled CommonJS dependencies call require() for Node built-ins (ES module chunks). */
const REQUIRE_BANNER =
  "import { createRequire as __xltvCreateRequire } from 'node:module';\nconst require = __xltvCreateRequire(import.meta.url);";

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

/**
 * The virtual module `xltv:output-snapshots` (declared in src/startup/output-snapshots.d.ts):
 * what the commander program prints for `--help`, `--version` and each command's `--help`,
 * so that the bin answers them without loading commander. Rendered at every build by the
 * real program (src/startup/render-snapshots.ts, bundled and run in a child process), so the
 * snapshots cannot drift from it; test/e2e/startup.test.ts compares the built bin's output
 * with a fresh rendering.
 */
function outputSnapshots(): Plugin {
  return {
    name: 'output-snapshots',
    setup(build) {
      build.onResolve({ filter: /^xltv:output-snapshots$/ }, (args) => ({
        path: args.path,
        namespace: 'output-snapshots',
      }));
      build.onLoad({ filter: /.*/, namespace: 'output-snapshots' }, async () => ({
        contents: `export const SNAPSHOTS = ${JSON.stringify(await renderSnapshots(build.esbuild))};`,
        loader: 'js',
      }));
    },
  };
}

async function renderSnapshots(esbuild: PluginBuild['esbuild']): Promise<unknown> {
  const startupDir = fileURLToPath(new URL('./src/startup/', import.meta.url));
  const bundle = await esbuild.build({
    stdin: {
      contents: [
        "import { renderSnapshots } from './render-snapshots.ts';",
        'process.stdout.write(JSON.stringify(await renderSnapshots()));',
      ].join('\n'),
      resolveDir: startupDir,
      sourcefile: 'render-snapshots-main.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'error',
    conditions: CONDITIONS,
    define: PACKAGE_DEFINES,
    banner: { js: REQUIRE_BANNER },
  });
  const dir = mkdtempSync(join(tmpdir(), 'xltv-snapshots-'));
  try {
    const script = join(dir, 'render-snapshots.mjs');
    writeFileSync(script, bundle.outputFiles[0]?.contents ?? '');
    return JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The files the bin loads instead of bundling them: its own second file for `env` (required,
 * dist/xltv-env.js), the commander program (the ES module build's entry,
 * dist/commander-cli.mjs; `upload` runs it on a worker thread from dist/upload-worker.mjs,
 * another entry of that build, named by path) and @gitbeaker/rest (dist/vendor-gitbeaker.mjs: third-party code,
 * shared by both builds; only `xltv env` in GitLab CI with a token loads it).
 */
function binExternals(): Plugin {
  return {
    name: 'bin-externals',
    setup(build) {
      build.onResolve({ filter: /^\.\/startup\/commander-cli\.js$/ }, () => ({
        path: './commander-cli.mjs',
        external: true,
      }));
      build.onResolve({ filter: /^\.\/startup\/env-fast\.js$/ }, () => ({
        path: './xltv-env.js',
        external: true,
      }));
      build.onResolve({ filter: /^@gitbeaker\/rest$/ }, () => ({
        path: './vendor-gitbeaker.mjs',
        external: true,
      }));
    },
  };
}

const OUT_DIR = 'dist';

// One self-contained package: core, the adapters, commander, undici, archiver, tinyglobby
// and @gitbeaker/rest are all bundled (npx then fetches a single tarball with no
// dependencies). Workspace packages are bundled from their TypeScript sources.
//
// Two builds, run side by side, so the previous output is removed here rather than by either.
rmSync(OUT_DIR, { recursive: true, force: true });

const shared = {
  outDir: OUT_DIR,
  platform: 'node',
  target: 'node20',
  clean: false,
  treeshake: false,
  // Keep `node:` specifiers: tsup's rewrite would mark them external before the plugins below see them.
  removeNodeProtocol: false,
  noExternal: [/.*/],
  define: PACKAGE_DEFINES,
  esbuildOptions(options) {
    options.conditions = CONDITIONS;
  },
} satisfies Options;

export default defineConfig([
  // The ES module build (*.mjs): the commander program and every command. Code splitting
  // keeps the heavy parts in chunks that only the commands needing them load.
  {
    ...shared,
    entry: {
      'commander-cli': 'src/startup/commander-cli.ts',
      'upload-worker': 'src/startup/upload-worker.ts',
      'vendor-gitbeaker': 'src/startup/vendor-gitbeaker.ts',
    },
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    splitting: true,
    esbuildPlugins: [cjsNamedExports(CJS_NAMED_EXPORTS), lazyChildProcessForCommander()],
    banner: { js: REQUIRE_BANNER },
  },
  // The bin, dist/xltv.js, and what it loads for `env`, dist/xltv-env.js: CommonJS files
  // (dist/package.json says so; the package itself is "type": "module"). Node runs a
  // CommonJS main module without starting its ES module loader, which alone costs ~0.2x of
  // `node -e 0`: help, version and `env` then load no ES module at all. xltv-env.js bundles
  // its own copy of what `env` needs; the two copies never meet, as the bin hands a run over
  // to the ES module build whole or not at all.
  {
    ...shared,
    entry: { xltv: 'src/xltv.ts', 'xltv-env': 'src/startup/env-fast.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.js' }),
    splitting: false,
    esbuildPlugins: [outputSnapshots(), binExternals()],
    banner: { js: '#!/usr/bin/env node' },
    onSuccess: async () => {
      writeFileSync(join(OUT_DIR, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
    },
  },
]);
