/**
 * Before the end-to-end suite: check the CLI is built, then pack it with `pnpm pack` and
 * install the tarball alone into an empty directory with `npm i --offline` (no registry:
 * the package must need nothing else), as `npx @xltv/cli` would.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const cliDir = fileURLToPath(new URL('../../', import.meta.url));

export default function setup(project: TestProject): () => void {
  if (!existsSync(join(cliDir, 'dist', 'xltv.js'))) {
    throw new Error(
      'apps/cli/dist/xltv.js is missing: build first (pnpm turbo run build --filter @xltv/cli)',
    );
  }
  const root = mkdtempSync(join(tmpdir(), 'xltv-e2e-packed-'));
  execFileSync('pnpm', ['pack', '--pack-destination', root], { cwd: cliDir, stdio: 'pipe' });
  const tarball = readdirSync(root).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball into ${root}`);
  const installDir = join(root, 'app');
  mkdirSync(installDir);
  execFileSync(
    'npm',
    ['i', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(root, tarball)],
    {
      cwd: installDir,
      stdio: 'pipe',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    },
  );
  project.provide('packedDir', installDir);
  project.provide('packedCli', join(installDir, 'node_modules', '@xltv', 'cli', 'dist', 'xltv.js'));
  return () => rmSync(root, { recursive: true, force: true });
}
