// Facts about the workspace shared by the repository scripts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const adaptersDir = join(root, 'packages', 'adapters');

/** Every adapter package folder id, sorted. */
export function adapterIds() {
  return readdirSync(adaptersDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(adaptersDir, entry.name, 'package.json')),
    )
    .map((entry) => entry.name)
    .sort();
}

/**
 * Every workspace package (the globs of pnpm-workspace.yaml: packages/*, packages/adapters/*,
 * apps/*) as { dir, pkg }, dir relative to the root, sorted.
 */
export function workspacePackages() {
  return ['packages', join('packages', 'adapters'), 'apps']
    .flatMap((parent) =>
      readdirSync(join(root, parent), { withFileTypes: true })
        .filter(
          (entry) =>
            entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json')),
        )
        .map((entry) => join(parent, entry.name)),
    )
    .sort()
    .map((dir) => ({ dir, pkg: readJson(join(root, dir, 'package.json')) }));
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The adapter object of a built package (dist), loaded from disk. */
export async function loadBuiltAdapter(id) {
  const entry = join(adaptersDir, id, 'dist', 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`packages/adapters/${id} is not built (run \`pnpm build\` first)`);
  }
  const module = await import(entry);
  return module.default;
}

export function readFixtures(id) {
  return readJson(join(adaptersDir, id, 'test', 'fixtures.json'));
}
