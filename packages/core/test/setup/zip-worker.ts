// vitest globalSetup: the inspecting zip worker (src/zip/worker.ts) bundled as the build
// bundles it (tsup.config.ts), since a worker thread cannot run TypeScript sources. Tests load
// it through inspect-worker-url.ts, which vitest.config.ts puts in place of the module that
// finds it beside dist's bundles.
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { zipWorkerBuild } from '../../tsup.config.js';
import { TEST_WORKER_FILE } from './inspect-worker-url.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(): Promise<void> {
  const directory = path.dirname(TEST_WORKER_FILE);
  await mkdir(directory, { recursive: true });
  // Built apart and renamed into place: runs of the tests side by side never load half a file.
  const scratch = await mkdtemp(path.join(directory, 'build-'));
  try {
    await build({
      ...zipWorkerBuild,
      config: false,
      silent: true,
      sourcemap: 'inline',
      entry: { 'zip-worker': path.join(packageRoot, 'src/zip/worker.ts') },
      outDir: scratch,
      // .mjs: under node_modules no package.json says this file is a module.
      outExtension: () => ({ js: '.mjs' }),
    });
    await rename(path.join(scratch, 'zip-worker.mjs'), TEST_WORKER_FILE);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
