#!/usr/bin/env node
// Repository consistency, run by CI: every adapter package is wired everywhere a user or
// contributor would look. Fails with the list of what is missing and how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { adapterIds, adaptersDir, readFixtures, readJson, root } from './lib/workspace.mjs';

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
  `Repository check passed: ${ids.length} adapters wired into the registry, the CLI and the docs.`,
);
