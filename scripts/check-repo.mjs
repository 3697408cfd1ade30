#!/usr/bin/env node
// Repository consistency, run by CI: every adapter package is wired everywhere a user or
// contributor would look, every published package carries the LICENSE, and changesets
// releases the published packages as one version. Fails with the list of what is missing and
// how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import {
  adapterIds,
  adaptersDir,
  readFixtures,
  readJson,
  root,
  workspacePackages,
} from './lib/workspace.mjs';

const problems = [];
const registryFile = join(root, 'apps', 'cli', 'src', 'registry.ts');
const registry = existsSync(registryFile) ? readFileSync(registryFile, 'utf8') : '';
const cliPackage = readJson(join(root, 'apps', 'cli', 'package.json'));
const cliDeps = { ...cliPackage.dependencies, ...cliPackage.devDependencies };
const ids = adapterIds();

for (const id of ids) {
  const dir = join(adaptersDir, id);
  const pkg = readJson(join(dir, 'package.json'));
  if (pkg.name !== `@xltv/${id}`)
    problems.push(`${id}: package name is ${pkg.name}, expected @xltv/${id}`);
  if (!registry.includes(`from '@xltv/${id}'`)) {
    problems.push(
      `${id}: not imported in apps/cli/src/registry.ts (add it to the ordered registry)`,
    );
  }
  if (!cliDeps[`@xltv/${id}`]) {
    problems.push(
      `${id}: missing from apps/cli/package.json devDependencies ("@xltv/${id}": "workspace:*")`,
    );
  }
  if (readFixtures(id).length === 0) problems.push(`${id}: test/fixtures.json has no fixture`);
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  if (/TODO/.test(readme)) problems.push(`${id}: README.md still has a TODO from the template`);
  if (!readme.includes('<!-- generated:env-vars:start -->')) {
    problems.push(`${id}: README.md lacks the generated variable list markers`);
  }
  const source = readFileSync(join(dir, 'src', 'index.ts'), 'utf8');
  if (source.includes('__MARKER__') || source.includes("r.set('ciBuildNumber', r.read('…'))")) {
    problems.push(`${id}: src/index.ts is still the template`);
  }
}
for (const match of registry.matchAll(/from '@xltv\/([a-z0-9-]+)'/g)) {
  const id = match[1];
  if (id !== 'core' && !ids.includes(id))
    problems.push(`registry imports @xltv/${id}, which has no package`);
}
const cliReadme = join(root, 'apps', 'cli', 'README.md');
if (existsSync(cliReadme) && !readFileSync(cliReadme, 'utf8').includes('XLTV_CI_BUILD_NUMBER')) {
  problems.push('apps/cli/README.md does not document the XLTV_CI_* variables');
}

// Every published package ships the repository's LICENSE (npm packs a LICENSE file from the
// package folder whatever `files` says); the adapter template carries one for new adapters.
const rootLicenseFile = join(root, 'LICENSE');
const rootLicense = existsSync(rootLicenseFile) ? readFileSync(rootLicenseFile, 'utf8') : null;
const published = workspacePackages().filter(({ pkg }) => pkg.private !== true);
if (rootLicense === null) {
  problems.push('LICENSE is missing at the repository root (the MIT text for "The @xltv authors")');
} else {
  for (const dir of [...published.map((entry) => entry.dir), join('templates', 'adapter')]) {
    const file = join(root, dir, 'LICENSE');
    if (!existsSync(file) || readFileSync(file, 'utf8') !== rootLicense) {
      problems.push(
        `${dir}/LICENSE ${existsSync(file) ? 'differs from' : 'is missing; it must be a copy of'} the root LICENSE (fix: cp LICENSE ${dir}/LICENSE)`,
      );
    }
  }
}

// Changesets: every published package is @xltv/* and in one fixed group, so a release bumps
// them all to the same version; private packages are neither versioned nor tagged.
const changesetConfig = readJson(join(root, '.changeset', 'config.json'));
if (!isDeepStrictEqual(changesetConfig.fixed, [['@xltv/*']])) {
  problems.push(
    `.changeset/config.json: "fixed" is ${JSON.stringify(changesetConfig.fixed)}, expected [["@xltv/*"]] (every published package released as one version)`,
  );
}
if (!isDeepStrictEqual(changesetConfig.privatePackages, { version: false, tag: false })) {
  problems.push(
    `.changeset/config.json: "privatePackages" is ${JSON.stringify(changesetConfig.privatePackages)}, expected { "version": false, "tag": false }`,
  );
}
for (const { dir, pkg } of published) {
  if (!pkg.name?.startsWith('@xltv/')) {
    problems.push(
      `${dir}/package.json: published package ${pkg.name} is outside the @xltv/* fixed group (rename it, or mark it "private": true)`,
    );
  }
}
const byVersion = new Map();
for (const entry of published) {
  byVersion.set(entry.pkg.version, [...(byVersion.get(entry.pkg.version) ?? []), entry]);
}
const versions = [...byVersion.keys()];
if (versions.length > 1) {
  const groups = [...byVersion]
    .sort(([, a], [, b]) => b.length - a.length)
    .map(([version, entries]) =>
      entries.length > 3
        ? `${version}: ${entries.length} packages`
        : `${version}: ${entries.map(({ pkg }) => pkg.name).join(', ')}`,
    );
  problems.push(
    `published packages have different versions (${groups.join('; ')}); the changesets fixed group releases them as one version: give them all the same version`,
  );
}

const docs = spawnSync(process.execPath, [join(root, 'scripts', 'docs.mjs'), '--check'], {
  encoding: 'utf8',
});
if (docs.status !== 0) problems.push((docs.stderr || docs.stdout).trim());

if (problems.length > 0) {
  console.error(
    `Repository check failed:\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `Repository check passed: ${ids.length} adapters wired into the registry, the CLI and the docs; ${published.length} published packages with the LICENSE, one version (${versions.join('')}) in the changesets fixed group.`,
);
