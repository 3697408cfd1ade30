#!/usr/bin/env node
// The release's step after `changeset version` (`pnpm version-packages`): changesets versions
// the published packages only, so this sets every wrapper's version and `@xltv/cli@…` pin to
// the CLI's new version. `node scripts/sync-wrapper-pins.mjs [root]`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root as repoRoot } from './lib/workspace.mjs';
import { cliVersion, withPins, wrapperDirs, wrapperFiles } from './lib/wrapper-pins.mjs';

const root = resolve(process.argv[2] ?? repoRoot);
const version = cliVersion(root);
const changed = [];
for (const dir of wrapperDirs(root)) {
  const manifest = join(root, dir, 'package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (pkg.version !== version) {
    writeFileSync(manifest, `${JSON.stringify({ ...pkg, version }, null, 2)}\n`);
    changed.push(join(dir, 'package.json'));
  }
  for (const file of wrapperFiles(root, dir)) {
    const text = readFileSync(join(root, file), 'utf8');
    const pinned = withPins(text, version);
    if (pinned !== text) {
      writeFileSync(join(root, file), pinned);
      changed.push(file);
    }
  }
}
console.log(
  changed.length > 0
    ? `Pinned @xltv/cli@${version} in ${changed.join(', ')}.`
    : `Every wrapper already pins @xltv/cli@${version}.`,
);
