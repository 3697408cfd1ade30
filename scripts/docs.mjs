#!/usr/bin/env node
// Generated documentation: the root README's "Supported CI" table (which properties each
// adapter resolves, computed by running it over its fixtures) and each adapter README's
// variable list (from its `envVars`). `node scripts/docs.mjs` rewrites them;
// `node scripts/docs.mjs --check` fails when they are stale (CI runs the check).
// Reads the built adapters (dist), so run `pnpm build` first.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { join } from 'node:path';
import {
  adapterIds,
  adaptersDir,
  loadBuiltAdapter,
  readFixtures,
  readJson,
  root,
} from './lib/workspace.mjs';

const check = process.argv.includes('--check');
const SEED = [
  'ciServerUrl',
  'ciJobName',
  'ciJobUrl',
  'ciBuildNumber',
  'ciBuildUrl',
  'ciBuildResult',
  'ciExecutedOn',
];
const EXTRAS = [
  'branch',
  'targetBranch',
  'commit',
  'tag',
  'pullRequest',
  'repository',
  'repositoryUrl',
  'pipelineId',
  'attempt',
  'stage',
  'step',
];

/** Each CI's native wrapper (apps/<dir>): a step in that CI's own idiom around the CLI. */
const WRAPPERS = {
  'github-actions': ['GitHub Action', 'github-action'],
  gitlab: ['GitLab component', 'gitlab-component'],
  circleci: ['CircleCI orb', 'circleci-orb'],
  'azure-pipelines': ['Azure DevOps task', 'azure-devops'],
  buildkite: ['Buildkite plugin', 'buildkite-plugin'],
  'bitbucket-pipelines': ['Bitbucket pipe', 'bitbucket-pipe'],
  jenkins: ['Jenkins library', 'jenkins-library'],
};
/** The other CIs run the CLI, or its image where steps run in containers. */
const NO_WRAPPER = '`npx @xltv/cli`, [image](apps/docker)';

function wrapperCell(id) {
  const wrapper = WRAPPERS[id];
  if (!wrapper) return NO_WRAPPER;
  const [name, dir] = wrapper;
  if (!existsSync(join(root, 'apps', dir, 'package.json'))) {
    throw new Error(`scripts/docs.mjs: the ${id} wrapper apps/${dir} does not exist`);
  }
  return `[${name}](apps/${dir})`;
}

/** Replace the text between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`. */
function replaceBlock(text, name, body, file) {
  const start = `<!-- generated:${name}:start -->`;
  const end = `<!-- generated:${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) {
    throw new Error(`${file}: missing the ${start} … ${end} markers`);
  }
  // Blank lines around the body keep Prettier (which formats the READMEs) and the check agreeing.
  return `${text.slice(0, from + start.length)}\n\n${body}\n\n${text.slice(to)}`;
}

const stale = [];
// The output goes through Prettier (which `pnpm lint` checks), so generating and checking agree.
async function update(file, transform) {
  const before = readFileSync(file, 'utf8');
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  const after = await prettier.format(transform(before), options);
  if (after === before) return;
  if (check) stale.push(file.slice(root.length + 1));
  else writeFileSync(file, after);
}

const rows = [];
for (const id of adapterIds()) {
  const adapter = await loadBuiltAdapter(id);
  const pkg = readJson(join(adaptersDir, id, 'package.json'));
  const resolved = new Set();
  for (const fixture of readFixtures(id)) {
    for (const key of Object.keys(adapter.resolve(fixture.env).properties)) resolved.add(key);
  }
  const mark = (key) => (resolved.has(key) ? '✓' : '');
  const extras = EXTRAS.filter((key) => resolved.has(key)).join(', ');
  rows.push(
    `| \`${adapter.id}\` | [${adapter.name}](${adapter.docsUrl}) | [\`${pkg.name}\`](packages/adapters/${id}) | ${wrapperCell(adapter.id)} | ${SEED.map(mark).join(' | ')} | ${extras} |`,
  );
  const readme = join(adaptersDir, id, 'README.md');
  await update(readme, (text) =>
    replaceBlock(
      text,
      'env-vars',
      adapter.envVars.map((name) => `- \`${name}\``).join('\n'),
      readme,
    ),
  );
}

const header = [
  `| id | CI | package | wrapper | ${SEED.map((key) => `\`${key}\``).join(' | ')} | extras |`,
  `| --- | --- | --- | --- | ${SEED.map(() => ':-:').join(' | ')} | --- |`,
];
const note =
  '\n✓ = resolved from the fixtures in `packages/adapters/<id>/test/fixtures.json` (real or reconstructed CI environments). ' +
  '`source` is always set. A value missing here may still come from `--build-result`, `--meta` or the `XLTV_CI_*` variables. ' +
  "wrapper: the upload in that CI's own idiom (each links to its README); every CI can also run `npx @xltv/cli upload`.";
const readme = join(root, 'README.md');
await update(readme, (text) =>
  replaceBlock(text, 'supported-ci', [...header, ...rows].join('\n') + '\n' + note, readme),
);

if (stale.length > 0) {
  console.error(
    `Generated docs are stale: ${stale.join(', ')}\nRun \`pnpm docs:generate\` and commit the result.`,
  );
  process.exit(1);
}
console.log(
  check ? 'Generated docs are up to date.' : `Generated docs written (${rows.length} adapters).`,
);
