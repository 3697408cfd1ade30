/**
 * Bitrise → XL TestView metadata, per docs/ci-mapping.md §17.
 * Docs of the variables: https://devcenter.bitrise.io/en/references/available-environment-variables.html
 */
import {
  Resolution,
  anySet,
  derive,
  mapBuildResult,
  normalizeBranch,
  normalizeTag,
  parseTimestamp,
  repositoryFromUrl,
  stripCredentials,
  tagFromRef,
  urlOrigin,
  type CiAdapter,
  type Env,
} from '@xltv/core/adapter';

/** Every variable this adapter reads; the shared suite proves the list is complete. */
const ENV_VARS = [
  'BITRISE_IO',
  'BITRISE_BUILD_SLUG',
  'BITRISE_BUILD_URL',
  'BITRISE_APP_TITLE',
  'BITRISE_APP_SLUG',
  'BITRISE_APP_URL',
  'BITRISE_BUILD_NUMBER',
  'BITRISE_BUILD_STATUS',
  'BITRISE_BUILD_TRIGGER_TIMESTAMP',
  'BITRISE_GIT_BRANCH',
  'BITRISEIO_GIT_BRANCH_DEST',
  'BITRISE_GIT_COMMIT',
  'GIT_CLONE_COMMIT_HASH',
  'BITRISE_GIT_TAG',
  'BITRISE_PULL_REQUEST',
  'GIT_REPOSITORY_URL',
  'BITRISE_TRIGGERED_WORKFLOW_ID',
] as const;

/** The Bitrise adapter. */
export const bitrise = {
  id: 'bitrise',
  name: 'Bitrise',
  docsUrl: 'https://devcenter.bitrise.io/en/references/available-environment-variables.html',
  envVars: ENV_VARS,
  detect: (env: Env): boolean => anySet(env, 'BITRISE_IO', 'BITRISE_BUILD_SLUG'),
  resolve(env: Env) {
    const r = new Resolution('bitrise', env);
    const buildUrl = r.read('BITRISE_BUILD_URL');
    r.set('ciServerUrl', derive(buildUrl, urlOrigin, 'origin of BITRISE_BUILD_URL'));
    r.set('ciJobName', r.read('BITRISE_APP_TITLE', 'BITRISE_APP_SLUG'));
    r.set('ciJobUrl', r.read('BITRISE_APP_URL'));
    r.set('ciBuildNumber', r.read('BITRISE_BUILD_NUMBER'));
    r.set('ciBuildUrl', buildUrl);
    // "0" while every step so far succeeded, "1" once one failed (steps after a failure
    // only run when they are marked is_always_run).
    r.set(
      'ciBuildResult',
      derive(r.read('BITRISE_BUILD_STATUS'), (status) =>
        mapBuildResult(status, { '0': 'SUCCESS', '1': 'FAILURE' }),
      ),
    );

    // BITRISE_GIT_BRANCH is the source branch on pull requests; the target has its own variable.
    const branch = r.read('BITRISE_GIT_BRANCH');
    r.set('branch', derive(branch, normalizeBranch));
    r.set('targetBranch', derive(r.read('BITRISEIO_GIT_BRANCH_DEST'), normalizeBranch));
    r.set('tag', derive(r.read('BITRISE_GIT_TAG'), normalizeTag));
    r.fallback('tag', derive(branch, tagFromRef));
    r.set('commit', r.read('BITRISE_GIT_COMMIT', 'GIT_CLONE_COMMIT_HASH'));
    r.set('pullRequest', r.read('BITRISE_PULL_REQUEST'));
    const repositoryUrl = r.read('GIT_REPOSITORY_URL');
    r.set(
      'repository',
      derive(repositoryUrl, repositoryFromUrl, '(repository of GIT_REPOSITORY_URL)'),
    );
    r.set('repositoryUrl', derive(repositoryUrl, stripCredentials));
    r.set('pipelineId', r.read('BITRISE_BUILD_SLUG'));
    r.set('step', r.read('BITRISE_TRIGGERED_WORKFLOW_ID'));
    return r.done({ buildStartedAt: parseTimestamp(r.value('BITRISE_BUILD_TRIGGER_TIMESTAMP')) });
  },
} satisfies CiAdapter;

export default bitrise;
